import {
	NodeOperationError,
	type IExecuteFunctions,
	type INodeProperties,
	type INodePropertyOptions,
	type IDataObject,
} from 'n8n-workflow';

import { UUID_PATTERN, UUID_SOURCE } from '../../../core/uuid';
import { ISO_EXAMPLES, readIsoDate } from './dates';

export { UUID_PATTERN };

/** Reads a string parameter that must be a Jiko id (a UUID), or says which field to fix. */
export function uuidParameter(
	context: IExecuteFunctions,
	name: string,
	label: string,
	itemIndex: number,
	extractValue = false,
): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue }) as unknown;
	const value = String(raw ?? '').trim();
	if (!UUID_PATTERN.test(value)) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} (item ${itemIndex}): "${value}" is not a Jiko ID — Jiko IDs are UUIDs such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427`,
			{ itemIndex },
		);
	}
	return value.toLowerCase();
}

export const customerIdField: INodeProperties = idField(
	'Customer ID',
	'customerId',
	'e.g. 1b4e28ba-2fa1-41d2-883f-0016d3cca427',
	'The Jiko customer (a UUID). Pocket and counterparty lists below are filtered by it.',
);

/** For operations that take a pocket or counterparty ID: the customer only fills the list. */
export const customerForListField: INodeProperties = {
	displayName: 'Customer ID',
	name: 'customerId',
	type: 'string',
	default: '',
	placeholder: 'e.g. 1b4e28ba-2fa1-41d2-883f-0016d3cca427',
	description: 'Only used to fill the list below; an ID alone is enough',
};

function locator(
	displayName: string,
	name: string,
	searchListMethod: string,
	what: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: `The ${what}: pick one of the customer's from the list or paste its ID`,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${what}...`,
				typeOptions: { searchListMethod, searchable: true, searchFilterRequired: false },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21',
				validation: [
					{
						type: 'regex',
						properties: { regex: UUID_SOURCE, errorMessage: `Not a valid ${what} ID (a UUID)` },
					},
				],
			},
		],
	};
}

export const pocketLocator = (name = 'pocketId', displayName = 'Pocket'): INodeProperties =>
	locator(displayName, name, 'searchPockets', 'pocket');

export const counterpartyLocator = (name = 'counterpartyId'): INodeProperties =>
	locator('Counterparty', name, 'searchCounterparties', 'counterparty');

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

/** A field that takes one value from a fixed list. */
export function optionsField(
	displayName: string,
	name: string,
	defaultValue: string,
	description: string,
	options: INodePropertyOptions[],
): INodeProperties {
	return { displayName, name, type: 'options', default: defaultValue, description, options };
}

/** A required Jiko ID parameter (a UUID, read with uuidParameter). */
export function idField(displayName: string, name: string, placeholder: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', placeholder, description };
}

/** Something Jiko keeps inside a pocket (a transaction, an ACH origination, a wire, a trade):
 * the customer (it fills the pocket list), the pocket, then the thing's own ID field. */
export function inPocketFields(id: INodeProperties): INodeProperties[] {
	return [customerForListField, pocketLocator(), id];
}

/** Reads what inPocketFields() declares: the pocket and the ID, both checked as UUIDs. */
export function readInPocket(
	context: IExecuteFunctions,
	idName: string,
	idLabel: string,
	itemIndex: number,
): { pocketId: string; id: string } {
	return {
		pocketId: uuidParameter(context, 'pocketId', 'Pocket', itemIndex, true),
		id: uuidParameter(context, idName, idLabel, itemIndex),
	};
}

/** A text filter of a list (empty: not sent). */
export function textFilter(displayName: string, name: string, description: string, placeholder: string): INodeProperties {
	return { displayName, name, type: 'string', default: '', placeholder, description };
}

/** A date filter of a list (empty: not sent); isoInstant() turns it into Jiko's instant. */
export function dateFilter(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'dateTime', default: '', description };
}

/** A list's Filters collection: `description` says what they narrow. `name` and
 * `displayOptions` for lists with one collection per scope. */
export function filtersField(
	description: string,
	options: INodeProperties[],
	extra: { name?: string; displayOptions?: INodeProperties['displayOptions'] } = {},
): INodeProperties {
	return {
		displayName: 'Filters',
		name: extra.name ?? 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description,
		...(extra.displayOptions ? { displayOptions: extra.displayOptions } : {}),
		options,
	};
}

/** What every Get Many ends with: Return All, Limit and its Filters. */
export function listFields(filtersDescription: string, filters: INodeProperties[]): INodeProperties[] {
	return [returnAllField, limitField, filtersField(filtersDescription, filters)];
}

export function listLimit(context: IExecuteFunctions, itemIndex: number) {
	const returnAll = context.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (context.getNodeParameter('limit', itemIndex, 50) as number);
	return { returnAll, limit };
}

export const TRANSACTION_TYPES: INodePropertyOptions[] = [
	{ name: 'ACH', value: 'ACH' },
	{ name: 'Card', value: 'CARD' },
	{ name: 'Cash Back', value: 'CASH_BACK' },
	{ name: 'Generic', value: 'GENERIC' },
	{ name: 'On-Us', value: 'ON_US' },
	{ name: 'Wire', value: 'WIRE' },
	{ name: 'Wire Fee', value: 'WIRE_FEE' },
];

/** Drops empty strings and empty arrays so only filters the user set reach Jiko. */
export function compactQuery(query: IDataObject): IDataObject {
	const result: IDataObject = {};
	for (const [key, value] of Object.entries(query)) {
		if (value === undefined || value === null || value === '') continue;
		if (Array.isArray(value) && value.length === 0) continue;
		result[key] = value;
	}
	return result;
}

/**
 * A date parameter as the instant Jiko wants (UTC, ISO 8601). n8n's date picker stores a time
 * without a zone: it is read in the workflow's time zone (Workflow Settings → Timezone, else the
 * instance's); an explicit Z or offset is kept. Only ISO 8601 is accepted (readIsoDate); a date
 * from an expression ($now, a JavaScript Date) is its instant.
 */
export function isoInstant(
	context: IExecuteFunctions,
	label: string,
	value: unknown,
	itemIndex: number,
): string | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date && Number.isFinite(value.getTime())) return value.toISOString();
	// A Luxon DateTime ($now, $today) prints as ISO 8601 with its offset.
	const text = String(value);
	const zone = context.getTimezone();
	const reading = readIsoDate(text, zone);
	if (reading.ok) return new Date(reading.epochMs).toISOString();
	const message =
		reading.why === 'unknown-zone'
			? `${label} (item ${itemIndex}): "${text}" has no time zone and the workflow's time zone "${zone}" is not one this n8n knows — set Workflow Settings → Timezone, or add one to the date, e.g. 2026-11-24T09:30:00-05:00`
			: `${label} (item ${itemIndex}): "${text}" is not an ISO 8601 date — use e.g. ${ISO_EXAMPLES}; without Z or an offset it is read in the workflow's time zone (${zone})`;
	throw new NodeOperationError(context.getNode(), message, { itemIndex });
}

/** "All pockets of a customer" or "one pocket": the customer ID, or a pocket picked from the
 * customer's list. `what` names the listed things: "transactions", "trades". */
export function scopeFields(what: string): INodeProperties[] {
	return [
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'options',
			default: 'customer',
			description: `Whose ${what} to list`,
			options: [
				{ name: 'All Pockets of a Customer', value: 'customer' },
				{ name: 'One Pocket', value: 'pocket' },
			],
		},
		{ ...customerIdField, displayOptions: { show: { scope: ['customer'] } } },
		{ ...customerForListField, displayOptions: { show: { scope: ['pocket'] } } },
		{ ...pocketLocator(), displayOptions: { show: { scope: ['pocket'] } } },
	];
}

/** Comma-separated pocket IDs (for Jiko's `account[]` filters), each checked. */
export function pocketIdList(
	context: IExecuteFunctions,
	label: string,
	text: string | undefined,
	itemIndex: number,
): string[] {
	const ids = (text ?? '')
		.split(',')
		.map((id) => id.trim())
		.filter(Boolean);
	const notAnId = ids.find((id) => !UUID_PATTERN.test(id));
	if (notAnId !== undefined) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} (item ${itemIndex}): "${notAnId}" is not a Jiko ID — list pocket IDs (UUIDs) separated by commas`,
			{ itemIndex },
		);
	}
	return ids.map((id) => id.toLowerCase());
}

/** Jiko's `order` filter (desc by default), sorting by `sortedBy`. */
export function orderFilter(sortedBy: string): INodeProperties {
	return optionsField('Order', 'order', 'desc', `Sort order by ${sortedBy}`, [
		{ name: 'Newest First', value: 'desc' },
		{ name: 'Oldest First', value: 'asc' },
	]);
}
