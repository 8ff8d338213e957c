import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { railDetails } from '../actions/counterparty/verification';
import { formatUsd } from '../helpers/amount';
import { UUID_PATTERN } from '../helpers/fields';
import { jikoCursorList, jikoOffsetList } from '../transport';

function chosenCustomer(context: ILoadOptionsFunctions): string | undefined {
	const value = String(context.getCurrentNodeParameter('customerId') ?? '').trim();
	return UUID_PATTERN.test(value) ? value : undefined;
}

function matches(filter: string | undefined, ...texts: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return texts.some((text) => String(text ?? '').toLowerCase().includes(needle));
}

/** The chosen customer's pockets, with their value so the right one is easy to spot. */
export async function searchPockets(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(this);
	if (!customerId) return { results: [] };
	const pockets = await jikoOffsetList.call(
		this,
		`/api/v1/customers/${customerId}/jiko-accounts/`,
		{},
		{ returnAll: true },
		`list the pockets of customer ${customerId}`,
	);
	return {
		results: pockets
			.filter((pocket) => matches(filter, pocket.name, pocket.id))
			.map((pocket) => {
				const total = (pocket.total_value as IDataObject | undefined)?.value;
				const value = typeof total === 'number' ? ` — ${formatUsd(total)}` : '';
				return {
					name: `${String(pocket.name ?? pocket.id)}${value} (${String(pocket.status ?? 'unknown')})`,
					value: String(pocket.id),
				};
			}),
	};
}

/** The chosen customer's counterparties, showing type, masked account and verification status. */
export async function searchCounterparties(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const customerId = chosenCustomer(this);
	if (!customerId) return { results: [] };
	const counterparties = await jikoCursorList.call(
		this,
		`/api/v1/customers/${customerId}/counterparties/`,
		{},
		{ returnAll: true },
		`list the counterparties of customer ${customerId}`,
	);
	return {
		results: counterparties
			.map((counterparty) => ({ counterparty, details: railDetails(counterparty) }))
			.filter(({ counterparty, details }) =>
				matches(filter, details.name_on_account, counterparty.id, counterparty.type),
			)
			.map(({ counterparty, details }) => {
				const last4 = String(details.account_number ?? '').slice(-4);
				return {
					name: `${String(details.name_on_account ?? counterparty.id)} · ${String(counterparty.type)}${last4 ? ` ••${last4}` : ''} (${String(details.status ?? 'unknown')})`,
					value: String(counterparty.id),
				};
			}),
	};
}
