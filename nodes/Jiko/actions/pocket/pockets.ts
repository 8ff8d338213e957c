import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';

import { jikoApiRequest, nextCursor } from '../../transport';
import { paths } from '../../../../core/paths';

/*
 * Pockets through Jiko's v2 endpoints (v1 "List Customer Accounts" and "Get Account" are
 * deprecated). v2 lists every pocket of the partner with its `customer_id` and documents no
 * customer filter, so a customer's pockets are picked from those pages.
 */

export const POCKET_STATUSES = ['PENDING', 'OPEN', 'FROZEN', 'CLOSED'] as const;

export async function getPocket(
	context: IExecuteFunctions,
	pocketId: string,
	itemIndex: number,
	what = `get pocket ${pocketId}`,
): Promise<IDataObject> {
	return await jikoApiRequest.call(context, { method: 'GET', path: paths.pocket(pocketId), what, itemIndex });
}

/** One page of the v2 pocket list, narrowed to a customer when one is given. */
export async function pocketPage(
	context: IExecuteFunctions | ILoadOptionsFunctions,
	options: { cursor?: string; customerId?: string; statuses?: string[]; limit?: number; itemIndex?: number },
): Promise<{ pockets: IDataObject[]; next?: string }> {
	const page = (await jikoApiRequest.call(context, {
		method: 'GET',
		path: paths.pockets,
		qs: {
			limit: options.limit ?? 100,
			...(options.cursor ? { cursor: options.cursor } : {}),
			...(options.statuses?.length ? { 'filter[status]': options.statuses } : {}),
		},
		what: options.customerId ? `list the pockets of customer ${options.customerId}` : 'list pockets',
		itemIndex: options.itemIndex,
	})) as { items?: IDataObject[]; next_page?: unknown };
	const items = page.items ?? [];
	const customerId = options.customerId?.toLowerCase();
	return {
		pockets: customerId ? items.filter((pocket) => String(pocket.customer_id ?? '').toLowerCase() === customerId) : items,
		next: nextCursor(page.next_page),
	};
}

/** A pocket's name under v2 (`pocket_name`) or v1 (`name`). */
export function pocketName(pocket: IDataObject): string | undefined {
	const name = pocket.pocket_name ?? pocket.name;
	return typeof name === 'string' ? name : undefined;
}

/** A pocket's total value, in `portfolio` (v2) or at the top (v1). */
export function pocketTotal(pocket: IDataObject): IDataObject | undefined {
	const portfolio = pocket.portfolio as IDataObject | undefined;
	return (portfolio?.total_value ?? pocket.total_value) as IDataObject | undefined;
}
