import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

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
	value?: unknown;
	currency?: unknown;
}

/*
 * Jiko's v2 Get Pocket types `portfolio` as an optional `any`: cash, total value or earnings may
 * be missing or null. A missing amount is unknown and comes out as null, never as 0: a workflow
 * that checks the balance before paying must not read "$0.00" (or pay against it) when Jiko did
 * not say.
 */
function money(context: IExecuteFunctions, pocketId: string, field: string, amount: Amount | null | undefined, itemIndex: number) {
	const value = amount?.value;
	if (value === undefined || value === null) return { cents: null, dollars: null };
	if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`Jiko's answer for pocket ${pocketId} has ${field}.value ${JSON.stringify(value)}, not a whole number of cents: the balance cannot be read`,
			{ itemIndex, description: 'Jiko gives money values as integer cents. Read the pocket with Pocket → Get to see what Jiko sent.' },
		);
	}
	return { cents: value, dollars: formatCents(value) };
}

/** A compact balance item: cents for arithmetic, a decimal dollar string for people and sheets;
 * both null where Jiko's answer has no such amount. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const pocket = await getPocket(this, pocketId, itemIndex, `get the balance of pocket ${pocketId}`);
	const portfolio = (pocket.portfolio ?? {}) as { cash?: Amount | null; all_time_earnings?: Amount | null };
	const totalValue = pocketTotal(pocket) as Amount | null | undefined;
	const total = money(this, pocketId, 'portfolio.total_value', totalValue, itemIndex);
	const cash = money(this, pocketId, 'portfolio.cash', portfolio.cash, itemIndex);
	const earnings = money(this, pocketId, 'portfolio.all_time_earnings', portfolio.all_time_earnings, itemIndex);
	const currency = [totalValue, portfolio.cash, portfolio.all_time_earnings].map((amount) => amount?.currency).find((c) => typeof c === 'string');
	return {
		pocket_id: pocket.id,
		name: pocketName(pocket) ?? null,
		status: pocket.status ?? null,
		customer_id: pocket.customer_id ?? null,
		currency: currency ?? 'USD',
		total_value_cents: total.cents,
		total_value: total.dollars,
		cash_cents: cash.cents,
		cash: cash.dollars,
		all_time_earnings_cents: earnings.cents,
		all_time_earnings: earnings.dollars,
	};
}

export const operation: JikoOperation = { description, execute };
