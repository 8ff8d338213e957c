import { randomUUID } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { formatCents } from '../../../core/amount';
import { customerForListField, pocketLocator, uuidParameter, optionsField } from '../helpers/fields';
import { amountFields, businessKeyField, createOptionsField, readAmountCents } from '../money/fields';
import { patiently } from '../money/patience';
import type { LookupResult, PaymentTerms, RailSpec } from '../money/rail';
import { readingsOf, type JikoReadings } from '../money/readings';
import { jikoSend, type JikoResult } from '../transport';
import { paths } from '../../../core/paths';

/** The four on-us transfer types and what each needs: one table drives the fields shown, the
 * checks and the body. */
type OnUsType = 'INTERNAL_REALLOCATION' | 'PARTNER_CUSTOMER_FUNDING' | 'PARTNER_CUSTOMER_DEFUNDING' | 'PEER_TO_PEER';
type End = 'pocket' | 'partner' | 'counterparty';

interface OnUsRule {
	label: string;
	from: Exclude<End, 'counterparty'>;
	to: End;
	/** The text field Jiko requires for this type. */
	needs?: 'source' | 'target';
	fullWithdrawal: boolean;
}

const RULES: Record<OnUsType, OnUsRule> = {
	INTERNAL_REALLOCATION: { label: 'Between Pockets of One Customer (INTERNAL_REALLOCATION)', from: 'pocket', to: 'pocket', fullWithdrawal: true },
	PARTNER_CUSTOMER_DEFUNDING: { label: 'Customer Pocket → Partner Pocket (PARTNER_CUSTOMER_DEFUNDING)', from: 'pocket', to: 'partner', needs: 'target', fullWithdrawal: true },
	PEER_TO_PEER: { label: "Customer Pocket → Customer's On-Us Counterparty (PEER_TO_PEER)", from: 'pocket', to: 'counterparty', fullWithdrawal: true },
	PARTNER_CUSTOMER_FUNDING: { label: 'Partner Pocket → Customer Pocket (PARTNER_CUSTOMER_FUNDING)', from: 'partner', to: 'pocket', needs: 'source', fullWithdrawal: false },
};
const TYPES = Object.keys(RULES) as OnUsType[];
const typesWhere = (test: (rule: OnUsRule) => boolean) => ({ show: { transferType: TYPES.filter((type) => test(RULES[type])) } });

/**
 * How PEER_TO_PEER names its destination. Jiko's public OpenAPI (v1.29.0) allows only
 * `JIKO_ACCOUNT` in `to_account.type` and its current docs do not show PEER_TO_PEER's shape: the
 * node sends the customer's on-us counterparty as `{id, type: "COUNTERPARTY"}`, says so on the
 * form, and `npm run conformance -- --money` tells whether a Jiko accepts it.
 */
export const PEER_TO_PEER_DESTINATION_TYPE = 'COUNTERPARTY';

const TEXT_LIMITS = { source: 200, target: 200, transferDescription: 100, endToEndIdentification: 35 } as const;

const fields: INodeProperties[] = [
	{
		displayName: 'Transfer Type',
		name: 'transferType',
		type: 'options',
		default: 'INTERNAL_REALLOCATION',
		description: 'Which on-us (book) transfer to make; money stays inside Jiko and moves at once',
		options: TYPES.map((type) => ({ name: RULES[type].label, value: type })),
	},
	{
		displayName:
			"PEER_TO_PEER is not in Jiko's public API description: the node sends the destination as the on-us counterparty's ID with type COUNTERPARTY. Check that your Jiko accepts it (npm run conformance -- --money, or one small transfer in Jiko's sandbox) before relying on it.",
		name: 'peerToPeerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { transferType: ['PEER_TO_PEER'] } },
	},
	customerForListField,
	{
		displayName: 'Partner Pocket ID',
		name: 'partnerPocketId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21',
		description: 'Your partner pocket, the one that funds customers or receives their money',
		displayOptions: typesWhere((rule) => rule.from === 'partner' || rule.to === 'partner'),
	},
	{ ...pocketLocator('fromPocketId', 'From Pocket'), displayOptions: typesWhere((rule) => rule.from === 'pocket') },
	{ ...pocketLocator('toPocketId', 'To Pocket'), displayOptions: typesWhere((rule) => rule.to === 'pocket') },
	{
		displayName: 'On-Us Counterparty ID',
		name: 'onUsCounterpartyId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
		description: "The customer's on-us counterparty: another Jiko customer they send money to",
		displayOptions: typesWhere((rule) => rule.to === 'counterparty'),
	},
	optionsField('Amount Type', 'amountType', 'REQUESTED_AMOUNT', 'Move a given amount, or everything in the source pocket (net of fees)', [
		{ name: 'Requested Amount', value: 'REQUESTED_AMOUNT', description: 'Move the amount given below' },
		{
			name: 'Full Withdrawal',
			value: 'FULL_WITHDRAWAL',
			description: 'Sell every T-bill and move the whole balance (not allowed for partner funding)',
		},
	]),
	...amountFields.map((field) => ({
		...field,
		displayOptions: { show: { ...(field.displayOptions?.show ?? {}), amountType: ['REQUESTED_AMOUNT'] } },
	})),
	businessKeyField,
	{
		displayName: 'Source',
		name: 'source',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Welcome bonus',
		description: `Where the funding comes from, as Jiko records it (required for partner funding, max ${TEXT_LIMITS.source} characters)`,
		displayOptions: typesWhere((rule) => rule.needs === 'source'),
	},
	{
		displayName: 'Target',
		name: 'target',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Subscription fee',
		description: `What the money is taken for, as Jiko records it (required for partner defunding, max ${TEXT_LIMITS.target} characters)`,
		displayOptions: typesWhere((rule) => rule.needs === 'target'),
	},
	{
		displayName: 'Description',
		name: 'transferDescription',
		type: 'string',
		default: '',
		placeholder: 'e.g. Nightly sweep',
		description: `Shown on statements (max ${TEXT_LIMITS.transferDescription} characters)`,
	},
	{
		displayName: 'End-to-End Identification',
		name: 'endToEndIdentification',
		type: 'string',
		default: '',
		placeholder: 'e.g. INV-2026-0042',
		description: `Your own reference, carried with the transfer (max ${TEXT_LIMITS.endToEndIdentification} characters)`,
	},
	{
		displayName: 'Async Mode',
		name: 'asyncMode',
		type: 'boolean',
		default: true,
		description:
			"Whether Jiko answers at once with PENDING and settles in the background (Jiko's recommendation); turn on Wait for Final Status in Options to wait for the outcome",
	},
	createOptionsField,
];

function text(
	context: IExecuteFunctions,
	name: keyof typeof TEXT_LIMITS,
	label: string,
	itemIndex: number,
	required: boolean,
): string | undefined {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (required && !value) {
		throw new NodeOperationError(context.getNode(), `${label} (item ${itemIndex}) is required for this transfer type`, { itemIndex });
	}
	if (value.length > TEXT_LIMITS[name]) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} (item ${itemIndex}) is ${value.length} characters long: Jiko allows at most ${TEXT_LIMITS[name]}`,
			{ itemIndex },
		);
	}
	return value || undefined;
}

function end(context: IExecuteFunctions, side: End, pocketParam: string, pocketLabel: string, itemIndex: number): IDataObject {
	if (side === 'partner') return { id: uuidParameter(context, 'partnerPocketId', 'Partner Pocket ID', itemIndex), type: 'JIKO_ACCOUNT' };
	if (side === 'counterparty') {
		return {
			id: uuidParameter(context, 'onUsCounterpartyId', 'On-Us Counterparty ID', itemIndex),
			type: PEER_TO_PEER_DESTINATION_TYPE,
		};
	}
	return { id: uuidParameter(context, pocketParam, pocketLabel, itemIndex, true), type: 'JIKO_ACCOUNT' };
}

export const ON_US_PATH = 'get by transfer_id (GET /api/v1/transfers/on-us/{transfer_id}/)';

/**
 * Which status this Jiko answers for an on-us transfer id nobody made: Jiko's spec lists only
 * 200 and 422 for this read (most reads list 404). Proven once per Jiko account with an id that
 * surely names no transfer (a fresh random one); only that status then means "not there".
 */
async function absentStatus(context: IExecuteFunctions, readings: JikoReadings, itemIndex: number): Promise<number | undefined> {
	if (readings.onUsAbsentStatus !== undefined) return readings.onUsAbsentStatus;
	if (!readings.mayTry('onUsGet')) return undefined;
	const unknownId = randomUUID();
	const result = await jikoSend.call(context, {
		method: 'GET',
		path: paths.onUsTransfer(unknownId),
		what: `check how Jiko answers an on-us transfer id nobody made (${unknownId})`,
		itemIndex,
	});
	if (result.ok) {
		readings.note('onUsGet', 'refuted', `Jiko answered 200 for on-us transfer ${unknownId}, which nobody made`);
		return undefined;
	}
	const status = result.failure.status;
	if (status === 404 || status === 422) {
		readings.proveOnUsAbsent(status, `an on-us transfer id nobody made is answered with HTTP ${status}`);
		return status;
	}
	throw result.error;
}

async function lookup(context: IExecuteFunctions, transferId: string, itemIndex: number): Promise<LookupResult> {
	const result = (await jikoSend.call(context, {
		method: 'GET',
		path: paths.onUsTransfer(transferId),
		what: `look up on-us transfer ${transferId}`,
		itemIndex,
	})) as JikoResult<IDataObject>;
	if (result.ok) return { transfer: result.body, path: ON_US_PATH };
	const status = result.failure.status;
	if (status !== 404 && status !== 422) throw result.error;
	const readings = await readingsOf(context);
	if ((await absentStatus(context, readings, itemIndex)) === status && !readings.isRefuted('onUsGet')) return { path: ON_US_PATH };
	const seen = readings.proof('onUsGet');
	return {
		path: ON_US_PATH,
		blind: `Jiko answered HTTP ${status} for on-us transfer ${transferId}, and this Jiko has not shown that this answer means "no such transfer"${seen ? ` (${seen.why})` : ''}`,
	};
}

export const onUsRail: RailSpec = {
	rail: 'on-us',
	noun: 'on-us transfer',
	idName: 'transfer_id',
	fields,

	async build(context, itemIndex, transferId) {
		const type = context.getNodeParameter('transferType', itemIndex) as OnUsType;
		const rule = RULES[type];
		if (!rule) {
			throw new NodeOperationError(context.getNode(), `Transfer Type (item ${itemIndex}): "${String(type)}" is not an on-us transfer type`, { itemIndex });
		}
		const fullWithdrawal = context.getNodeParameter('amountType', itemIndex, 'REQUESTED_AMOUNT') === 'FULL_WITHDRAWAL';
		if (fullWithdrawal && !rule.fullWithdrawal) {
			throw new NodeOperationError(
				context.getNode(),
				`Amount Type (item ${itemIndex}): Full Withdrawal is not allowed for partner funding — give a requested amount`,
				{ itemIndex },
			);
		}
		const from = end(context, rule.from, 'fromPocketId', 'From Pocket', itemIndex);
		const to = end(context, rule.to, 'toPocketId', 'To Pocket', itemIndex);
		if (from.id === to.id) {
			throw new NodeOperationError(context.getNode(), `To Pocket (item ${itemIndex}) must differ from From Pocket`, { itemIndex });
		}
		const cents = fullWithdrawal ? undefined : readAmountCents(context, itemIndex);
		const needed = rule.needs ? text(context, rule.needs, rule.needs === 'source' ? 'Source' : 'Target', itemIndex, true) : undefined;
		const description = text(context, 'transferDescription', 'Description', itemIndex, false);
		const endToEnd = text(context, 'endToEndIdentification', 'End-to-End Identification', itemIndex, false);
		const body: IDataObject = {
			type,
			transfer_id: transferId,
			from_account: from,
			to_account: to,
			amount: cents === undefined ? { type: 'FULL_WITHDRAWAL' } : { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
			async_mode: context.getNodeParameter('asyncMode', itemIndex, true) as boolean,
			...(description ? { description } : {}),
			...(endToEnd ? { end_to_end_identification: endToEnd } : {}),
			...(rule.needs ? { [rule.needs]: needed } : {}),
		};
		return {
			path: paths.onUsTransfers,
			body,
			what: `create an on-us transfer (${type}) of ${cents === undefined ? 'the full balance' : `${formatCents(cents)} USD`}`,
			terms: { amountCents: cents, pocketId: String(from.id), toId: String(to.id), transferType: type },
			ids: { transfer_id: transferId },
			whereToCheck: `on-us transfer ${transferId} (Jiko: GET ${paths.onUsTransfer(transferId)})`,
		};
	},

	async lookup(context, payment) {
		return await lookup(context, payment.clientId, payment.itemIndex);
	},

	async termsOf(_context, found) {
		const transfer = (found.transfer ?? {}) as IDataObject;
		const amount = (transfer.amount ?? {}) as IDataObject;
		const terms: PaymentTerms = {
			pocketId: (transfer.from_account as IDataObject | undefined)?.id as string | undefined,
			toId: (transfer.to_account as IDataObject | undefined)?.id as string | undefined,
			transferType: transfer.type as string | undefined,
		};
		// What it moved; this run's Full Withdrawal (no amount of its own) compares everything else.
		if (typeof amount.value === 'number') terms.amountCents = amount.value;
		return terms;
	},

	async selfCheck(context, payment) {
		// The look-up a later run makes must find what Jiko just took. Once it has on this Jiko,
		// the reading stands (re-proven hourly) and costs nothing more.
		const readings = await readingsOf(context);
		if (readings.isProven('onUsFound')) return { check: { result: 'not needed', path: ON_US_PATH, why: readings.proof('onUsFound')?.why } };
		try {
			const found = await patiently(async () => (await lookup(context, payment.clientId, payment.itemIndex)).transfer);
			if (found) {
				readings.note('onUsFound', 'proven', `on-us transfer ${payment.clientId}, just created, was found by its transfer_id`);
				return { check: { result: 'found', path: ON_US_PATH }, transfer: found };
			}
			readings.note('onUsGet', 'refuted', `on-us transfer ${payment.clientId}, which Jiko took, was not found by its transfer_id`);
			return { check: { result: 'not found', path: ON_US_PATH, consequence: 'later runs with a Business Key fail closed instead of trusting this look-up' } };
		} catch (error) {
			return { check: { result: 'could not read', path: ON_US_PATH, error: error instanceof Error ? error.message : String(error) } };
		}
	},

	async refresh(context, payment, current) {
		return (await lookup(context, payment.clientId, payment.itemIndex)).transfer ?? current;
	},

	isFinal: (transfer) => ['COMPLETED', 'REJECTED'].includes(String(transfer.status)),
	failedFinally: (transfer) => String(transfer.status) === 'REJECTED',
};
