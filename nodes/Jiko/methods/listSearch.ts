import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { pocketName, pocketPage, pocketTotal } from '../actions/pocket/pockets';
import { railDetails } from '../actions/counterparty/verification';
import { formatUsd } from '../../../core/amount';
import { UUID_PATTERN } from '../helpers/fields';
import { jikoApiRequest, nextCursor } from '../transport';
import { paths } from '../../../core/paths';

/*
 * The lists behind the resource locators. Each call reads ONE page of Jiko's list and hands its
 * cursor to the editor as the pagination token, so typing in the search box or scrolling costs
 * one request, never a walk through every page.
 */

function chosenCustomer(context: ILoadOptionsFunctions): string | undefined {
	const value = String(context.getCurrentNodeParameter('customerId') ?? '').trim();
	return UUID_PATTERN.test(value) ? value : undefined;
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/** The chosen customer's pockets (Jiko's v2 pocket list), with their value and status. */
export async function searchPockets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(this);
	if (!customerId) return { results: [] };
	const page = await pocketPage(this, { cursor: paginationToken, customerId });
	return {
		results: page.pockets
			.filter((pocket) => matches(filter, pocketName(pocket), pocket.id))
			.map((pocket) => {
				const total = pocketTotal(pocket)?.value;
				const value = typeof total === 'number' ? ` — ${formatUsd(total)}` : '';
				return {
					name: `${String(pocketName(pocket) ?? pocket.id)}${value} (${String(pocket.status ?? 'unknown')})`,
					value: String(pocket.id),
				};
			}),
		paginationToken: page.next,
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
	const page = (await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.customerCounterparties(customerId),
		qs: { limit: 100, ...(paginationToken ? { cursor: paginationToken } : {}) },
		what: `list the counterparties of customer ${customerId}`,
	})) as { items?: IDataObject[]; next_page?: unknown };
	return {
		results: (page.items ?? [])
			.map((counterparty) => ({ counterparty, details: railDetails(counterparty) }))
			.filter(({ counterparty, details }) => matches(filter, details.name_on_account, counterparty.id, counterparty.type))
			.map(({ counterparty, details }) => {
				const last4 = String(details.account_number ?? '').slice(-4);
				return {
					name: `${String(details.name_on_account ?? counterparty.id)} · ${String(counterparty.type)}${last4 ? ` ••${last4}` : ''} (${String(details.status ?? 'unknown')})`,
					value: String(counterparty.id),
				};
			}),
		paginationToken: nextCursor(page.next_page),
	};
}
