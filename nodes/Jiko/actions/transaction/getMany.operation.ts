import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatUsd } from '../../../../core/amount';
import { parseAmountFilter } from '../../helpers/amountParameter';
import {
	compactQuery,
	isoInstant,
	limitField,
	listLimit,
	orderFilter,
	pocketIdList,
	dateFilter,
	filtersField,
	textFilter,
	returnAllField,
	scopeFields,
	TRANSACTION_TYPES,
	uuidParameter,
	optionsField,
	UUID_PATTERN,
} from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { listPocketTransactions, type CheckedFilters } from './pocketFilters';

/*
 * One pocket: Jiko's v2 "List Pocket Transactions" (current docs), with its filters; the amount
 * range, Wire ID and On-Us Transfer ID, whose meaning Jiko does not document, are checked on
 * every item and filtered by the node where Jiko has not proven them (pocketFilters.ts). A
 * customer's pockets together: the v1 customer list, because the Partner API has no v2 list
 * across a customer's pockets.
 */


const customerFilters = filtersField('Narrow the list by type, card, portal, time or pocket, and choose the order', [
		textFilter('Card ID', 'card', 'Only transactions made with this card', 'e.g. 2c9d1e4f-...'),
		dateFilter('From', 'timestampFrom', 'Only transactions at or after this time'),
		orderFilter('timestamp'),
		textFilter('Pocket IDs', 'pockets', "Comma-separated pocket IDs to restrict to (Jiko's account[] filter)", 'e.g. 5b7e8a4c-..., 7d6c5b4a-...'),
		textFilter('Portal ID', 'portal', 'Only transactions through this portal (routing/account number)', 'e.g. 8a7b6c5d-...'),
		dateFilter('To', 'timestampTo', 'Only transactions before this time'),
		{ displayName: 'Types', name: 'types', type: 'multiOptions', options: TRANSACTION_TYPES, default: [], description: 'Only these transaction types' },
], { displayOptions: { show: { scope: ['customer'] } } });

const pocketFilters = filtersField("Narrow the pocket's list with Jiko's v2 filters, and choose the order", [
		textFilter('Amount From (USD)', 'amountFrom', 'Only transactions of at least this amount, without sign (dollars, converted exactly to cents; 0 is allowed)', 'e.g. 100.00'),
		textFilter('Amount To (USD)', 'amountTo', 'Only transactions of at most this amount, without sign (dollars, converted exactly to cents)', 'e.g. 5000.00'),
		dateFilter('Booked From', 'bookedFrom', 'Only transactions booked at or after this time'),
		dateFilter('Booked To', 'bookedTo', 'Only transactions booked at or before this time'),
		textFilter('Card ID', 'card', 'Only transactions made with this card', 'e.g. 2c9d1e4f-...'),
		optionsField('Direction', 'direction', 'CREDIT', 'Money into the pocket (a credit on its statement) or out of it (a debit)', [
			{ name: 'Money In (CREDIT)', value: 'CREDIT' },
			{ name: 'Money Out (DEBIT)', value: 'DEBIT' },
		]),
		{ displayName: 'Include Sweeps', name: 'includeSweeps', type: 'boolean', default: false, description: "Whether to include Jiko's internal sweeps between the pocket's bank and brokerage sides" },
		textFilter('On-Us Transfer ID', 'onUsTransfer', 'Only the transactions of this on-us transfer (its transfer_id)', 'e.g. 2f9c7e1a-...'),
		orderFilter('booking time'),
		textFilter('Portal ID', 'portal', 'Only transactions through this portal (routing/account number)', 'e.g. 8a7b6c5d-...'),
		dateFilter('Settled From', 'settledFrom', 'Only transactions settled at or after this time'),
		dateFilter('Settled To', 'settledTo', 'Only transactions settled at or before this time'),
		{ displayName: 'Types', name: 'types', type: 'multiOptions', options: TRANSACTION_TYPES, default: [], description: 'Only these transaction types' },
		textFilter('Wire ID', 'wire', 'Only the transactions of this wire (its wire_id)', 'e.g. 0e1d2c3b-...'),
], { name: 'pocketFilters', displayOptions: { show: { scope: ['pocket'] } } });

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['getMany'] } },
	[...scopeFields('transactions'), returnAllField, limitField, customerFilters, pocketFilters],
);

interface CustomerFilters {
	card?: string;
	timestampFrom?: string;
	timestampTo?: string;
	order?: string;
	pockets?: string;
	portal?: string;
	types?: string[];
}

interface PocketFilters {
	amountFrom?: string;
	amountTo?: string;
	bookedFrom?: string;
	bookedTo?: string;
	card?: string;
	direction?: string;
	includeSweeps?: boolean;
	onUsTransfer?: string;
	order?: string;
	portal?: string;
	settledFrom?: string;
	settledTo?: string;
	types?: string[];
	wire?: string;
}

function isEmpty(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function amountBound(context: IExecuteFunctions, label: string, value: unknown, itemIndex: number): number | undefined {
	return isEmpty(value) ? undefined : parseAmountFilter(context.getNode(), `Filters → ${label}`, value, itemIndex);
}

function idFilter(context: IExecuteFunctions, label: string, value: unknown, itemIndex: number): string | undefined {
	if (isEmpty(value)) return undefined;
	const id = String(value).trim();
	if (!UUID_PATTERN.test(id)) {
		throw new NodeOperationError(
			context.getNode(),
			`Filters → ${label} (item ${itemIndex}): "${id}" is not a Jiko ID — Jiko IDs are UUIDs such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427`,
			{ itemIndex },
		);
	}
	return id.toLowerCase();
}

/** The amount range and transfer ids of the pocket filters, read and checked. */
function checkedFilters(context: IExecuteFunctions, f: PocketFilters, itemIndex: number): CheckedFilters {
	const filters: CheckedFilters = {
		amountFrom: amountBound(context, 'Amount From', f.amountFrom, itemIndex),
		amountTo: amountBound(context, 'Amount To', f.amountTo, itemIndex),
		wire: idFilter(context, 'Wire ID', f.wire, itemIndex),
		onUs: idFilter(context, 'On-Us Transfer ID', f.onUsTransfer, itemIndex),
	};
	if (filters.amountFrom !== undefined && filters.amountTo !== undefined && filters.amountFrom > filters.amountTo) {
		throw new NodeOperationError(
			context.getNode(),
			`Filters → Amount From (item ${itemIndex}): ${formatUsd(filters.amountFrom)} is above Amount To (${formatUsd(filters.amountTo)}), so no transaction can match — swap them or clear one`,
			{ itemIndex },
		);
	}
	return filters;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const limit = listLimit(this, itemIndex);
	if (this.getNodeParameter('scope', itemIndex) === 'pocket') {
		const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
		const f = this.getNodeParameter('pocketFilters', itemIndex, {}) as PocketFilters;
		const instant = (label: string, value: string | undefined) => isoInstant(this, `Filters → ${label}`, value, itemIndex);
		const checked = checkedFilters(this, f, itemIndex);
		const query = compactQuery({
			order: f.order,
			direction: f.direction,
			'filter[type]': f.types,
			'filter[card]': f.card?.trim(),
			'filter[portal]': f.portal?.trim(),
			time_booked_from: instant('Booked From', f.bookedFrom),
			time_booked_to: instant('Booked To', f.bookedTo),
			time_settled_from: instant('Settled From', f.settledFrom),
			time_settled_to: instant('Settled To', f.settledTo),
			include_sweeps: f.includeSweeps ? true : undefined,
		});
		return await listPocketTransactions(this, pocketId, query, checked, limit, itemIndex);
	}
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const f = this.getNodeParameter('filters', itemIndex, {}) as CustomerFilters;
	const query: IDataObject = compactQuery({
		order: f.order,
		'filter[types]': f.types,
		'filter[card]': f.card?.trim(),
		'filter[portal]': f.portal?.trim(),
		timestamp_from: isoInstant(this, 'Filters → From', f.timestampFrom, itemIndex),
		timestamp_to: isoInstant(this, 'Filters → To', f.timestampTo, itemIndex),
		'account[]': pocketIdList(this, 'Filters → Pocket IDs', f.pockets, itemIndex),
	});
	return await jikoCursorList.call(this, paths.customerTransactions(customerId), query, limit, `list the transactions of customer ${customerId}`, itemIndex);
}

export const operation: JikoOperation = { description, execute };
