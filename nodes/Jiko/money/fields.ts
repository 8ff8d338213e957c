import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { parseAmountParameter } from '../helpers/amountParameter';

/** Amount as people type it ("1,250.50"), converted once and exactly to integer cents. */
export const amountFields: INodeProperties[] = [
	{
		displayName: 'Amount',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1250.50',
		description:
			'How much to move, in US dollars (e.g. 1250.50 or 1,250.50; at most 2 decimals). Converted exactly to cents.',
		displayOptions: { show: { amountInCents: [false] } },
	},
	{
		displayName: 'Amount (Cents)',
		name: 'amount',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 125050',
		description: 'How much to move, as a whole number of cents (125050 = $1,250.50)',
		displayOptions: { show: { amountInCents: [true] } },
	},
	{
		displayName: 'Amount in Cents',
		name: 'amountInCents',
		type: 'boolean',
		default: false,
		description: 'Whether the amount is given as integer cents (as Jiko stores it) instead of dollars',
	},
];

export function readAmountCents(context: IExecuteFunctions, itemIndex: number): number {
	const inCents = context.getNodeParameter('amountInCents', itemIndex, false) as boolean;
	const raw = context.getNodeParameter('amount', itemIndex, '') as unknown;
	return parseAmountParameter(context.getNode(), 'Amount', raw, itemIndex, inCents);
}

export const businessKeyField: INodeProperties = {
	displayName: 'Business Key',
	name: 'businessKey',
	type: 'string',
	default: '',
	placeholder: 'e.g. {{ $json.invoiceId }}',
	description:
		'A stable key naming this one payment (an invoice number, "sweep-2026-11-25-pocket-A"). The same key always gives the same transfer ID, so running the workflow again — tomorrow, twice at once, or after an error — cannot move money twice; reused with another amount or counterparty it is refused as a conflict. Empty: the node remembers the IDs it chose for this execution, so n8n\'s Retry On Fail and retrying a failed execution stay safe, but a new run of the workflow is a new payment.',
};

export interface CreateOptions {
	dryRun?: boolean;
	waitForFinalStatus?: boolean;
	maxWaitSeconds?: number;
	pollIntervalSeconds?: number;
}

export const createOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	description: 'Dry Run, and waiting for the final status',
	default: {},
	options: [
		{
			displayName: 'Dry Run',
			name: 'dryRun',
			type: 'boolean',
			default: false,
			description:
				'Whether to only validate, convert the amount, derive the IDs, check the credential\'s money rules and output the exact request, without sending anything (no money moves)',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 3600 },
			default: 60,
			description: 'With Wait for Final Status: how long to wait before returning the latest status',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 0.2, maxValue: 300 },
			default: 2,
			description: 'With Wait for Final Status: time between two status checks',
		},
		{
			displayName: 'Wait for Final Status',
			name: 'waitForFinalStatus',
			type: 'boolean',
			default: false,
			description:
				'Whether to poll the transfer until it is final (completed, processed or settled; or rejected or failed) and output that state with its reason',
		},
	],
};

export function readCreateOptions(context: IExecuteFunctions, itemIndex: number): CreateOptions {
	return context.getNodeParameter('options', itemIndex, {}) as CreateOptions;
}

/** The Business Key as given (never trimmed or case-folded: the same input must give the same
 * id), or null when the field is empty. */
export function readBusinessKey(context: IExecuteFunctions, itemIndex: number): string | null {
	const key = String(context.getNodeParameter('businessKey', itemIndex, '') ?? '');
	return key.trim() === '' ? null : key;
}
