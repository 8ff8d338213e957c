import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { parseAmountParameter } from '../../helpers/amountParameter';
import { customerForListField, isoInstant, pocketLocator, uuidParameter, optionsField } from '../../helpers/fields';
import { UUID_PATTERN } from '../../../../core/uuid';
import { RAILS, type Rail } from '../../../../core/rails';
import { deriveTransferId } from '../../money/ids';
import type { JikoOperation } from '../types';
import { readPocket, readRejections, type Movement, type Origination, type Period, type PocketLedger, type RunEvents } from './ledger';

/*
 * Transaction → Reconcile. Each input item is one payment that should have gone out of a pocket
 * (rail, Business Key and/or transfer ID, amount); the node reads each pocket once per period
 * (ledger.ts) and says for each item what Jiko shows: paid, missing, amount differs, paid twice,
 * returned or rejected — matched only by exact ids, and saying by which. Optionally the
 * transactions of the period that no item expected follow the items.
 */

const show = { resource: ['transaction'], operation: ['reconcile'] };

const fields: INodeProperties[] = [
	customerForListField,
	pocketLocator('pocketId', 'Pocket'),
	optionsField('Rail', 'rail', 'on-us', 'How the payment was to be sent', [
		{ name: 'On-Us Transfer', value: 'on-us' },
		{ name: 'ACH', value: 'ach' },
		{ name: 'Wire', value: 'wire' },
	]),
	{
		displayName: 'Business Key',
		name: 'businessKey',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.invoiceId }}',
		description:
			'The Business Key the payment was created with by this package: the node derives its transfer ID (on-us transfer_id, wire_id, or the ACH marker) exactly as the create did. Give this or the Transfer ID.',
	},
	{
		displayName: 'Transfer ID',
		name: 'transferId',
		type: 'string',
		default: '',
		description:
			"For payments made without a Business Key: the on-us transfer_id, the wire_id, or for ACH the origination's ID (or the ID in its n8n-jiko marker)",
	},
	{
		displayName: 'Expected Amount',
		name: 'expectedAmount',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1250.50',
		description: 'What should have been paid, in US dollars as people type them (1,250.50); converted exactly to cents',
	},
	{
		displayName: 'Amount in Cents',
		name: 'expectedAmountInCents',
		type: 'boolean',
		default: false,
		description: 'Whether Expected Amount is given as whole cents',
	},
	{
		displayName: 'Period Start',
		name: 'periodStart',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'Start of the period whose transactions are read (the same for all items of a pocket, so the pocket is read once)',
	},
	{
		displayName: 'Period End',
		name: 'periodEnd',
		type: 'dateTime',
		default: '',
		description: 'End of the period (empty: now)',
	},
	{
		displayName: 'Options',
		name: 'reconcileOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Expected Date',
				name: 'expectedDate',
				type: 'dateTime',
				default: '',
				description: 'When the payment was due; echoed, with days_late when it was paid after it or is missing after it',
			},
			{
				displayName: 'Reference',
				name: 'reference',
				type: 'string',
				default: '',
				description: 'Your own reference (an invoice number), echoed in the output',
			},
			optionsField('Unexpected Transactions', 'unexpected', 'none', "Whether to add, after the items, one item per transaction of the period that no item expected (outgoing: money out of the pocket only). Taken from the first item's setting.", [
				{ name: 'None', value: 'none' },
				{ name: 'Outgoing Only', value: 'outgoing' },
				{ name: 'All', value: 'all' },
			]),
		],
	},
];

export const description = updateDisplayOptions({ show }, fields);

type Verdict = 'paid' | 'missing' | 'amount_differs' | 'paid_twice' | 'returned_or_rejected';

interface Run {
	pockets: Map<string, Promise<PocketLedger>>;
	events: Map<string, Promise<RunEvents>>;
	claimed: { onUs: Set<string>; wires: Set<string>; ach: Set<string> };
	/** The items of each pocket and period that got a verdict (a pocket whose read failed has none). */
	itemsOfPocket: Map<string, number[]>;
	unexpected?: 'none' | 'outgoing' | 'all';
	now: number;
}

// One reconciliation per node run: the router calls every item and finish() with one context.
const runs = new WeakMap<IExecuteFunctions, Run>();

function runOf(context: IExecuteFunctions): Run {
	let run = runs.get(context);
	if (!run) {
		run = { pockets: new Map(), events: new Map(), claimed: { onUs: new Set(), wires: new Set(), ach: new Set() }, itemsOfPocket: new Map(), now: Date.now() };
		runs.set(context, run);
	}
	return run;
}

const FAILED_ACH = new Set(['REJECTED', 'FAILED', 'CANCELLED']);

const MATCHED_BY: Record<Rail, string> = {
	'on-us': "the transfer_id on the pocket's ON_US transactions (v2 on_us_transfer_id); a rejection from the transfers.on-us.rejected event (on_us_id)",
	wire: "the wire_id on the pocket's WIRE transactions; a rejection from the transfers.wire.out.rejected event (wire_id)",
	ach: "the marker line n8n-jiko:<id> in the ACH origination's payment_related_information (or the origination ID); a return from the origination's status or a transaction with its ach_id moving the money back",
};

function words(verdict: Verdict, rail: Rail, count: number, expected: number, actual: number | null, extra?: string): string {
	switch (verdict) {
		case 'paid':
			return 'Paid once, for the expected amount.';
		case 'missing':
			return `Jiko shows no ${rail} payment with this ID for this pocket${extra ? ` ${extra}` : ''}.`;
		case 'paid_twice':
			return `Jiko shows ${count} payments with this one ID: money went out more than once. A person must recover the extra payment.`;
		case 'amount_differs':
			return `Paid once, but ${actual ?? 'an unknown amount'} cents instead of ${expected}.`;
		case 'returned_or_rejected':
			return extra ?? 'The payment was returned or rejected: the money did not reach the payee.';
	}
}

function daysLate(due: string | undefined, paidAt: string | null, verdict: Verdict): number | undefined {
	if (!due) return undefined;
	const dueMs = Date.parse(due);
	const at = paidAt ? Date.parse(paidAt) : verdict === 'missing' ? Date.now() : NaN;
	if (!Number.isFinite(dueMs) || !Number.isFinite(at) || at <= dueMs) return undefined;
	return Math.floor((at - dueMs) / 86_400_000);
}

function periodOf(context: IExecuteFunctions, itemIndex: number, now: number): Period {
	const start = isoInstant(context, 'Period Start', context.getNodeParameter('periodStart', itemIndex, ''), itemIndex);
	if (!start) throw new NodeOperationError(context.getNode(), `Period Start (item ${itemIndex}): is empty — give the start of the period to reconcile`, { itemIndex });
	const end = isoInstant(context, 'Period End', context.getNodeParameter('periodEnd', itemIndex, ''), itemIndex);
	const period = { from: Date.parse(start), to: end ? Date.parse(end) : now };
	if (period.to < period.from) throw new NodeOperationError(context.getNode(), `Period End (item ${itemIndex}): is before Period Start`, { itemIndex });
	return period;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const run = runOf(this);
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const rail = this.getNodeParameter('rail', itemIndex) as Rail;
	// An expression can give any text: refuse it here, before the pocket is read.
	if (!RAILS.includes(rail)) {
		throw new NodeOperationError(this.getNode(), `Rail (item ${itemIndex}): "${String(rail)}" is not a rail — use on-us, ach or wire`, { itemIndex });
	}
	const key = String(this.getNodeParameter('businessKey', itemIndex, '') ?? '');
	const given = String(this.getNodeParameter('transferId', itemIndex, '') ?? '').trim().toLowerCase();
	if (key.trim() === '' && given === '') {
		throw new NodeOperationError(this.getNode(), `Business Key (item ${itemIndex}): give the payment's Business Key or its Transfer ID — without one of them nothing can be matched exactly`, { itemIndex });
	}
	if (given && !UUID_PATTERN.test(given)) {
		throw new NodeOperationError(this.getNode(), `Transfer ID (item ${itemIndex}): "${given}" is not a Jiko ID — Jiko IDs are UUIDs`, { itemIndex });
	}
	const inCents = this.getNodeParameter('expectedAmountInCents', itemIndex, false) as boolean;
	const expected = parseAmountParameter(this.getNode(), 'Expected Amount', this.getNodeParameter('expectedAmount', itemIndex, ''), itemIndex, inCents);
	// "Now" is one instant for the whole input, so every item of a pocket shares one read.
	const period = periodOf(this, itemIndex, run.now);
	const options = this.getNodeParameter('reconcileOptions', itemIndex, {}) as { expectedDate?: string; reference?: string; unexpected?: Run['unexpected'] };
	run.unexpected ??= options.unexpected ?? 'none';
	const due = isoInstant(this, 'Expected Date', options.expectedDate, itemIndex);

	const periodKey = `${period.from}-${period.to}`;
	const pocketKey = `${pocketId}|${periodKey}`;
	// One read per pocket and period for the whole input (ACH originations always: finish()
	// reports unexpected originations, and an item's rail must not decide what another sees).
	let ledgerPromise = run.pockets.get(pocketKey);
	if (!ledgerPromise) run.pockets.set(pocketKey, (ledgerPromise = readPocket(this, pocketId, period, true, itemIndex)));
	let eventsPromise = run.events.get(periodKey);
	if (!eventsPromise) run.events.set(periodKey, (eventsPromise = readRejections(this, period, itemIndex)));
	const [ledger, events] = await Promise.all([ledgerPromise, eventsPromise]);

	const transferId = key.trim() !== '' ? deriveTransferId(rail, key) : given;
	let verdict: Verdict;
	let matched: Movement[] = [];
	let originations: Origination[] = [];
	let reason: string | undefined;
	let caveat: string | undefined;

	if (rail === 'ach') {
		originations = ledger.achByMarker.get(transferId) ?? (ledger.achById.has(transferId) ? [ledger.achById.get(transferId) as Origination] : []);
		originations.forEach((o) => run.claimed.ach.add(o.id));
		const live = originations.filter((o) => !FAILED_ACH.has(o.status));
		// A return moves the money back: the origination's ach_id on transactions of both directions.
		const returned = live.filter((o) => new Set((ledger.achTransactions.get(o.id) ?? []).map((m) => m.direction)).size > 1);
		matched = originations.flatMap((o) => ledger.achTransactions.get(o.id) ?? []);
		if (!ledger.achIdsShown) caveat = "This Jiko's transactions show no ach_id: a return that leaves the origination PROCESSED cannot be seen here.";
		if (originations.length === 0) verdict = 'missing';
		else if (live.length > 1) verdict = 'paid_twice';
		else if (live.length === 0) {
			verdict = 'returned_or_rejected';
			reason = `The ACH origination is ${originations.map((o) => o.status).join(', ')}: the money did not reach the payee.`;
		} else if (returned.length > 0) {
			verdict = 'returned_or_rejected';
			reason = 'The ACH was returned after it was processed: a transaction with its ach_id moved the money back.';
		} else verdict = live[0].amount_cents === expected ? 'paid' : 'amount_differs';
	} else {
		const byId = rail === 'on-us' ? ledger.onUs : ledger.wires;
		const claimed = rail === 'on-us' ? run.claimed.onUs : run.claimed.wires;
		claimed.add(transferId);
		matched = byId.get(transferId) ?? [];
		const rejectedAt = (rail === 'on-us' ? events.rejectedOnUs : events.rejectedWires).get(transferId);
		if (rail === 'wire' && ledger.wireSource === 'none') caveat = "This Jiko's wire transactions show no wire id (neither v2 nor v1): a wire cannot be matched here.";
		if (matched.length > 1) verdict = 'paid_twice';
		else if (rejectedAt) {
			verdict = 'returned_or_rejected';
			reason = `Jiko rejected the ${rail === 'wire' ? 'wire' : 'on-us transfer'} (${rail === 'wire' ? 'transfers.wire.out.rejected' : 'transfers.on-us.rejected'} at ${rejectedAt}): the money did not reach the payee.`;
		} else if (matched.length === 0) verdict = 'missing';
		else verdict = matched[0].amount_cents === expected ? 'paid' : 'amount_differs';
	}

	const main = rail === 'ach' ? originations.find((o) => !FAILED_ACH.has(o.status)) ?? originations[0] : undefined;
	const first = rail === 'ach' ? (main ? (ledger.achTransactions.get(main.id) ?? [])[0] : undefined) : matched[0];
	const actual = rail === 'ach' ? (main?.amount_cents ?? null) : (first?.amount_cents ?? null);
	const paidAt = first?.time_booked ?? main?.time_created ?? null;
	const late = daysLate(due, paidAt, verdict);
	// Recorded only now that the item has its verdict: finish() reports a pocket's unexpected
	// transactions only where one of its items got here, and pairs them to such an item.
	const answered = run.itemsOfPocket.get(pocketKey) ?? [];
	answered.push(itemIndex);
	run.itemsOfPocket.set(pocketKey, answered);
	return {
		reconciliation: verdict,
		needs_attention: verdict !== 'paid',
		reason: reason ?? words(verdict, rail, rail === 'ach' ? originations.filter((o) => !FAILED_ACH.has(o.status)).length : matched.length, expected, actual, `in the period read`),
		rail,
		pocket_id: pocketId,
		business_key: key.trim() !== '' ? key : null,
		transfer_id: transferId,
		...(options.reference ? { reference: options.reference } : {}),
		expected_amount_cents: expected,
		amount_cents: actual,
		amount_difference_cents: actual === null ? null : actual - expected,
		status: rail === 'ach' ? (main?.status ?? null) : (first?.status ?? null),
		time_booked: first?.time_booked ?? null,
		time_settled: first?.time_settled ?? null,
		...(rail === 'ach' ? { ach_ids: originations.map((o) => o.id), ach_statuses: originations.map((o) => o.status) } : {}),
		transaction_ids: matched.map((m) => m.transaction_id),
		match_count: rail === 'ach' ? originations.length : matched.length,
		matched_by: key.trim() !== '' ? `Business Key → ${MATCHED_BY[rail]}` : `Transfer ID → ${MATCHED_BY[rail]}`,
		...(caveat ? { caveat } : {}),
		...(due ? { expected_date: due } : {}),
		...(late !== undefined ? { days_late: late } : {}),
		period_start: new Date(period.from).toISOString(),
		period_end: new Date(period.to).toISOString(),
	};
}

/** The transactions (and ACH originations) of each pocket's period that no item claimed, each
 * paired to the first input item of its pocket and period that got a verdict. */
export async function finish(this: IExecuteFunctions): Promise<Array<{ json: IDataObject; pairedItems: number[] }>> {
	const run = runs.get(this);
	runs.delete(this);
	if (!run || !run.unexpected || run.unexpected === 'none') return [];
	const out: Array<{ json: IDataObject; pairedItems: number[] }> = [];
	for (const [pocketKey, promise] of run.pockets) {
		// A pocket none of whose items got a verdict is skipped: its read failed (a 404 for an
		// unknown pocket, a 5xx after the retries), and with Continue On Fail each of its items is
		// already an error item. Awaiting that read again would throw here, outside any item, and
		// fail the node with every other pocket's verdicts. (Without Continue On Fail the node has
		// failed before finish() runs.)
		const answered = run.itemsOfPocket.get(pocketKey);
		if (!answered) continue;
		const ledger = await promise;
		// Paired to the first input item of the pocket and period that got a verdict: pairing each
		// one to every item of a 10,000-item input would cost more than the output.
		const items = [answered.reduce((a, b) => Math.min(a, b))];
		const claimedWires = run.claimed.wires;
		const base = { reconciliation: 'unexpected', needs_attention: true, pocket_id: ledger.pocketId };
		for (const m of ledger.movements) {
			if (!m.inPeriod) continue;
			if (run.unexpected === 'outgoing' && m.direction !== 'DEBIT') continue;
			if (m.type === 'ON_US' && m.ref && run.claimed.onUs.has(m.ref)) continue;
			if ((m.type === 'WIRE' || m.type === 'WIRE_FEE') && m.ref && claimedWires.has(m.ref)) continue;
			// ACH originations are reported from Jiko's origination list below; their transactions
			// are not counted twice.
			if (m.type === 'ACH' && m.ref && ledger.achById.has(m.ref)) continue;
			out.push({
				json: {
					...base,
					reason: `A ${m.type || 'transaction'} of ${m.amount_cents ?? '?'} cents (${m.direction ?? 'direction unknown'}) that no input item expected.`,
					rail: m.type === 'ON_US' ? 'on-us' : m.type === 'WIRE' ? 'wire' : m.type === 'ACH' ? 'ach' : null,
					transfer_id: m.ref ?? null,
					transaction_id: m.transaction_id,
					type: m.type,
					direction: m.direction,
					amount_cents: m.amount_cents,
					status: m.status,
					time_booked: m.time_booked,
					time_settled: m.time_settled,
					title: m.title,
				},
				pairedItems: items,
			});
		}
		for (const o of ledger.originations) {
			if (run.claimed.ach.has(o.id) || FAILED_ACH.has(o.status)) continue;
			const at = o.time_created ? Date.parse(o.time_created) : NaN;
			if (!Number.isFinite(at) || at < ledger.period.from || at > ledger.period.to) continue;
			const own = (ledger.achTransactions.get(o.id) ?? [])[0];
			if (run.unexpected === 'outgoing' && own && own.direction !== 'DEBIT') continue;
			out.push({
				json: {
					...base,
					reason: `An ACH origination of ${o.amount_cents ?? '?'} cents that no input item expected.`,
					rail: 'ach',
					ach_id: o.id,
					transfer_id: o.markers[0] ?? null,
					type: 'ACH_ORIGINATION',
					direction: own?.direction ?? null,
					ach_direction_code: o.direction,
					amount_cents: o.amount_cents,
					status: o.status,
					time_booked: o.time_created,
				},
				pairedItems: items,
			});
		}
	}
	return out;
}

export const operation: JikoOperation = { description, execute, finish };
