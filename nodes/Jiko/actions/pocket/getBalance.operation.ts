import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../../../core/amount';
import { customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import type { JikoOperation } from '../types';
import { getPocket, pocketName, pocketTotal } from './pockets';

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

function money(amount: Amount | undefined) {
	const cents = typeof amount?.value === 'number' ? amount.value : 0;
	return { cents, dollars: formatCents(cents) };
}

/** A compact balance item: cents for arithmetic, a decimal dollar string for people and sheets. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const pocket = await getPocket(this, pocketId, itemIndex, `get the balance of pocket ${pocketId}`);
	const portfolio = (pocket.portfolio ?? {}) as { cash?: Amount; all_time_earnings?: Amount };
	const totalValue = pocketTotal(pocket) as Amount | undefined;
	const total = money(totalValue);
	const cash = money(portfolio.cash);
	const earnings = money(portfolio.all_time_earnings);
	return {
		pocket_id: pocket.id,
		name: pocketName(pocket) ?? null,
		status: pocket.status ?? null,
		customer_id: pocket.customer_id ?? null,
		currency: totalValue?.currency ?? 'USD',
		total_value_cents: total.cents,
		total_value: total.dollars,
		cash_cents: cash.cents,
		cash: cash.dollars,
		all_time_earnings_cents: earnings.cents,
		all_time_earnings: earnings.dollars,
	};
}

export const operation: JikoOperation = { description, execute };
