import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { pocketName, pocketPage, pocketTotal } from '../actions/pocket/pockets';
import { railDetails } from '../actions/counterparty/verification';
import { formatUsd } from '../../../core/amount';
import { UUID_PATTERN } from '../helpers/fields';
import { jikoApiRequest, nextCursor } from '../transport';
import { paths } from '../../../core/paths';

/*
 * The lists behind the resource locators. Jiko's pocket list is the partner's (no customer
 * filter) and the search text is matched here, so one page of Jiko's list may hold nothing to
 * show; n8n's dropdown asks for the next page only when the user scrolls a list that is not
 * empty, so an empty page would end the list. One call therefore reads pages until it has
 * enough to show, the list ends, or it has read MAX_PAGES; it hands the cursor of where it
 * stopped to the editor as the pagination token. Typing in the search box or scrolling costs
 * at most MAX_PAGES requests, never a walk through every page.
 */

/** Enough matches to fill the dropdown: a call stops at the page where it reaches this many. */
const ENOUGH_MATCHES = 20;
/** Pages one call reads at most (1,000 pockets or counterparties). */
const MAX_PAGES = 10;

function chosenCustomer(context: ILoadOptionsFunctions): string | undefined {
	const value = String(context.getCurrentNodeParameter('customerId') ?? '').trim();
	return UUID_PATTERN.test(value) ? value : undefined;
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/** Reads pages from `cursor` on, keeping what `keep` accepts, until there are enough of them,
 * the list ends or MAX_PAGES were read; `next` is where the following call starts. */
async function gather<T>(
	cursor: string | undefined,
	read: (cursor: string | undefined) => Promise<{ items: T[]; next?: string }>,
	keep: (item: T) => boolean,
): Promise<{ kept: T[]; next?: string }> {
	const kept: T[] = [];
	const seen = new Set<string>(cursor ? [cursor] : []);
	let next = cursor;
	for (let pages = 0; pages < MAX_PAGES; pages++) {
		const page = await read(next);
		kept.push(...page.items.filter(keep));
		// A cursor that comes back again would hand the editor the same page forever.
		next = page.next !== undefined && !seen.has(page.next) ? page.next : undefined;
		if (next === undefined || kept.length >= ENOUGH_MATCHES) break;
		seen.add(next);
	}
	return { kept, next };
}

/** The chosen customer's pockets (Jiko's v2 pocket list), with their value and status. */
export async function searchPockets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(this);
	if (!customerId) return { results: [] };
	const { kept, next } = await gather(
		paginationToken,
		async (cursor) => {
			const page = await pocketPage(this, { cursor, customerId });
			return { items: page.pockets, next: page.next };
		},
		(pocket) => matches(filter, pocketName(pocket), pocket.id),
	);
	return {
		results: kept.map((pocket) => {
			const total = pocketTotal(pocket)?.value;
			const value = typeof total === 'number' ? ` — ${formatUsd(total)}` : '';
			return {
				name: `${String(pocketName(pocket) ?? pocket.id)}${value} (${String(pocket.status ?? 'unknown')})`,
				value: String(pocket.id),
			};
		}),
		paginationToken: next,
	};
}

/** The chosen customer's counterparties, showing type, masked account and verification status. */
export async function searchCounterparties(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(this);
	if (!customerId) return { results: [] };
	const { kept, next } = await gather(
		paginationToken,
		async (cursor) => {
			const page = (await jikoApiRequest.call(this, {
				method: 'GET',
				path: paths.customerCounterparties(customerId),
				qs: { limit: 100, ...(cursor ? { cursor } : {}) },
				what: `list the counterparties of customer ${customerId}`,
			})) as { items?: IDataObject[]; next_page?: unknown };
			return {
				items: (page.items ?? []).map((counterparty) => ({ counterparty, details: railDetails(counterparty) })),
				next: nextCursor(page.next_page),
			};
		},
		({ counterparty, details }) => matches(filter, details.name_on_account, counterparty.id, counterparty.type),
	);
	return {
		results: kept.map(({ counterparty, details }) => {
			const last4 = String(details.account_number ?? '').slice(-4);
			return {
				name: `${String(details.name_on_account ?? counterparty.id)} · ${String(counterparty.type)}${last4 ? ` ••${last4}` : ''} (${String(details.status ?? 'unknown')})`,
				value: String(counterparty.id),
			};
		}),
		paginationToken: next,
	};
}
