import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENVIRONMENT_LABELS, jikoEnvironment } from '../../../credentials/jikoEnvironment';
import { CREDENTIAL_NAME } from '../transport';
import { formatCents, parseAmountParameter } from './amount';
import { deriveTransferId, randomTransferId, type TransferRail } from './ids';

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
		'A stable key for this payment (an invoice number, "sweep-2026-11-25-pocket-A"). The same key always gives the same transfer ID, so re-running the workflow cannot move money twice. Empty: a new random ID per item and run.',
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
				'Whether to only validate, convert the amount, derive the IDs and output the exact request, without sending anything (no money moves)',
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
				'Whether to poll the transfer until it is final (completed/processed or rejected/failed) and output that state with its reason',
		},
	],
};

export function readCreateOptions(context: IExecuteFunctions, itemIndex: number): CreateOptions {
	return context.getNodeParameter('options', itemIndex, {}) as CreateOptions;
}

/** The client-chosen id for a write: derived from the business key, or random. */
export function clientId(
	context: IExecuteFunctions,
	rail: TransferRail,
	itemIndex: number,
): { id: string; businessKey: string | null } {
	const key = String(context.getNodeParameter('businessKey', itemIndex, '') ?? '');
	if (key.trim() === '') return { id: randomTransferId(), businessKey: null };
	return { id: deriveTransferId(rail, key), businessKey: key };
}

/** What this run asked for. Named apart from Jiko's own `amount` (an Amount object) so that
 * neither hides the other in the output. */
export function moneySummary(cents: number): { requested_amount_cents: number; requested_amount: string } {
	return { requested_amount_cents: cents, requested_amount: formatCents(cents) };
}

/** The cents a Jiko transfer object moves, wherever its shape keeps them. */
export function movedCents(object: IDataObject): number | undefined {
	const candidates = [
		object.amount_usdc,
		(object.amount as IDataObject | undefined)?.value,
		((object.transfer as IDataObject | undefined)?.amount as IDataObject | undefined)?.value,
	];
	return candidates.find((value): value is number => typeof value === 'number');
}

/**
 * For an `existing` outcome: did the earlier transfer under this Business Key move what this
 * run asked for? Never a reason to send again (one key moves money once), but worth showing.
 */
export function existingMatches(outcome: string, object: IDataObject, cents: number | undefined): IDataObject {
	if (outcome !== 'existing' || cents === undefined) return {};
	return { request_matches_existing: movedCents(object) === cents };
}

/** Which Jiko a money movement went to, on every output: production must never be a surprise. */
export async function environmentLabel(context: IExecuteFunctions): Promise<string> {
	return ENVIRONMENT_LABELS[jikoEnvironment(await context.getCredentials(CREDENTIAL_NAME))];
}
