import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../helpers/amount';
import { customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['pocket'], operation: ['getBalance'] } },
	[
		customerForListField,
		pocketLocator(),
	],
);

interface Amount {
	value?: number;
	currency?: string;
}

interface Pocket {
	id: string;
	name?: string;
	status?: string;
	total_value?: Amount;
	portfolio?: { cash?: Amount; all_time_earnings?: Amount };
}

function money(amount: Amount | undefined) {
	const cents = typeof amount?.value === 'number' ? amount.value : 0;
	return { cents, dollars: formatCents(cents) };
}

/** A compact balance item: cents for arithmetic, a decimal dollar string for people and sheets. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const pocket = (await jikoApiRequest.call(this, {
		method: 'GET',
		path: `/api/v1/jiko-accounts/${pocketId}/`,
		what: `get the balance of pocket ${pocketId}`,
		itemIndex,
	})) as unknown as Pocket;
	const total = money(pocket.total_value);
	const cash = money(pocket.portfolio?.cash);
	const earnings = money(pocket.portfolio?.all_time_earnings);
	return {
		pocket_id: pocket.id,
		name: pocket.name ?? null,
		status: pocket.status ?? null,
		currency: pocket.total_value?.currency ?? 'USD',
		total_value_cents: total.cents,
		total_value: total.dollars,
		cash_cents: cash.cents,
		cash: cash.dollars,
		all_time_earnings_cents: earnings.cents,
		all_time_earnings: earnings.dollars,
	};
}

export const operation: JikoOperation = { description, execute };
