import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { achMarkersIn } from '../../money/ids';
import { CursorWalk, jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import { achIdOf, amountOf } from '../../rails/ach/lookup';
import { wireIdOf } from '../../rails/wire/lookup';

/*
 * What Reconcile reads of one pocket over one period — once, page by page, for every expected
 * payment of that pocket — kept as compact indexes by the ids this package derives:
 * - the pocket's v2 transactions booked in the period (a day's margin on each side): ON_US
 *   items by `on_us_transfer_id`, WIRE items by their wire id (flat or nested), ACH items by
 *   `ach_id`; where outgoing WIRE items show no wire id, the pocket's v1 WIRE transactions of the
 *   period instead (v1 documents `details.wire_transaction.wire_id`);
 * - the pocket's ACH originations, every page (Jiko's list has no date filter), by the marker
 *   line `n8n-jiko:<id>` in payment_related_information and by origination id;
 * and, once per period for the whole run, the events `transfers.wire.out.rejected` (wire_id)
 * and `transfers.on-us.rejected` (on_us_id). Jiko's ACH events name only the pocket, so an ACH
 * return is read from its origination's status or from a transaction with the same ach_id
 * that moved the money back.
 */

export const PAGE = 100;
const MARGIN_MS = 24 * 60 * 60 * 1_000;

/** One transaction, as much of it as Reconcile reports. */
export interface Movement {
	transaction_id: string;
	type: string;
	amount_cents: number | null;
	direction: 'CREDIT' | 'DEBIT' | null;
	status: string;
	time_booked: string | null;
	time_settled: string | null;
	title: string | null;
	/** The transfer id it carries (on-us transfer id, wire id, ach id), where shown. */
	ref?: string;
	/** Booked inside the period (not only in the margin). */
	inPeriod: boolean;
}

export interface Origination {
	id: string;
	status: string;
	amount_cents: number | null;
	direction: string;
	time_created: string | null;
	markers: string[];
}

export interface Period {
	from: number;
	to: number;
}

export class PocketLedger {
	readonly onUs = new Map<string, Movement[]>();
	readonly wires = new Map<string, Movement[]>();
	readonly wireFees = new Map<string, Movement[]>();
	readonly achTransactions = new Map<string, Movement[]>();
	readonly achByMarker = new Map<string, Origination[]>();
	readonly achById = new Map<string, Origination>();
	/** Every transaction of the period, for the ones nobody expected. */
	readonly movements: Movement[] = [];
	readonly originations: Origination[] = [];
	/** Where the wire ids came from, or why none could be read. */
	wireSource: 'v2' | 'v1' | 'none' = 'v2';
	/** Whether any ACH transaction showed its ach_id (returns that leave the status PROCESSED
	 * are visible only then). */
	achIdsShown = false;
	requests = 0;

	constructor(
		readonly pocketId: string,
		readonly period: Period,
	) {}
}

export interface RunEvents {
	rejectedWires: Map<string, string>;
	rejectedOnUs: Map<string, string>;
	requests: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const iso = (ms: number) => new Date(ms).toISOString();

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function onUsIdOf(item: IDataObject): string | undefined {
	const nested = ((item.details as IDataObject | undefined)?.on_us_transaction ?? {}) as IDataObject;
	const id = item.on_us_transfer_id ?? nested.on_us_transfer_id;
	return typeof id === 'string' && id ? id.toLowerCase() : undefined;
}

function movementOf(item: IDataObject, period: Period): Movement {
	const booked = str(item.time_booked) ?? str(item.timestamp);
	const at = booked ? Date.parse(booked) : NaN;
	const value = (item.amount as IDataObject | undefined)?.value;
	const direction = String(item.direction ?? '').toUpperCase();
	return {
		transaction_id: String(item.transaction_id ?? item.id ?? ''),
		type: String(item.type ?? (item.details as IDataObject | undefined)?.transaction_type ?? '').toUpperCase(),
		amount_cents: typeof value === 'number' ? Math.abs(value) : null,
		direction: direction === 'CREDIT' || direction === 'DEBIT' ? direction : typeof value === 'number' && value < 0 ? 'DEBIT' : null,
		status: String(item.status ?? ''),
		time_booked: booked,
		time_settled: str(item.time_settled),
		title: str(item.title) ?? str((item.details as IDataObject | undefined)?.title),
		inPeriod: Number.isFinite(at) && at >= period.from && at <= period.to,
	};
}

/**
 * Every page of one cursor list, each handed to `onPage` once. A page Jiko answers again is
 * never handed on, and a list that cannot be read to its end fails (CursorWalk): a repeated
 * page would report a payment twice, a list cut short would report the rest missing.
 */
async function walk(
	context: IExecuteFunctions,
	path: string,
	qs: IDataObject,
	what: string,
	itemIndex: number,
	onPage: (items: IDataObject[]) => void,
): Promise<number> {
	const pages = new CursorWalk(context, what, itemIndex);
	do {
		const body = await jikoApiRequest.call(context, { method: 'GET', path, qs: { ...qs, limit: PAGE, ...(pages.cursor ? { cursor: pages.cursor } : {}) }, what, itemIndex });
		onPage(pages.take(body));
	} while (pages.advance());
	return pages.pages;
}

/** Reads one pocket over one period (see the file's comment). */
export async function readPocket(context: IExecuteFunctions, pocketId: string, period: Period, wantAch: boolean, itemIndex: number): Promise<PocketLedger> {
	const ledger = new PocketLedger(pocketId, period);
	const window = { time_booked_from: iso(period.from - MARGIN_MS), time_booked_to: iso(period.to + MARGIN_MS), order: 'asc' };
	let wireWithoutId = false;
	const add = (items: IDataObject[]) => {
		for (const item of items) {
			const m = movementOf(item, period);
			if (m.type === 'ON_US') {
				const id = onUsIdOf(item);
				if (id) push(ledger.onUs, (m.ref = id), m);
			} else if (m.type === 'WIRE' || m.type === 'WIRE_FEE') {
				const id = wireIdOf(item);
				if (id) push(m.type === 'WIRE' ? ledger.wires : ledger.wireFees, (m.ref = id), m);
				else if (m.type === 'WIRE' && m.direction === 'DEBIT') wireWithoutId = true;
			} else if (m.type === 'ACH') {
				const id = achIdOf(item);
				if (id) {
					ledger.achIdsShown = true;
					push(ledger.achTransactions, (m.ref = id.toLowerCase()), m);
				}
			}
			ledger.movements.push(m);
		}
	};
	ledger.requests += await walk(context, paths.pocketTransactions(pocketId), window, `read the transactions of pocket ${pocketId} for reconciliation`, itemIndex, add);

	if (wireWithoutId) {
		// v2 items hide the wire id here: v1's details.wire_transaction.wire_id instead, for the
		// WIRE transactions of the same window. The v2 wire items are then replaced by v1's.
		ledger.wires.clear();
		ledger.wireFees.clear();
		const v1: Movement[] = [];
		let shown = false;
		ledger.requests += await walk(
			context,
			paths.pocketTransactionsV1(pocketId),
			{ 'filter[types]': ['WIRE', 'WIRE_FEE'], timestamp_from: window.time_booked_from, timestamp_to: window.time_booked_to },
			`read the wire transactions of pocket ${pocketId} (v1) for reconciliation`,
			itemIndex,
			(items) => {
				for (const item of items) {
					const m = movementOf(item, period);
					const id = wireIdOf(item);
					if (id) {
						shown ||= m.type === 'WIRE';
						push(m.type === 'WIRE' ? ledger.wires : ledger.wireFees, (m.ref = id), m);
					}
					v1.push(m);
				}
			},
		);
		ledger.wireSource = shown ? 'v1' : 'none';
		if (shown) {
			const kept = ledger.movements.filter((m) => m.type !== 'WIRE' && m.type !== 'WIRE_FEE');
			ledger.movements.length = 0;
			ledger.movements.push(...kept, ...v1);
		}
	}

	if (wantAch) {
		ledger.requests += await walk(
			context,
			paths.achOriginations(pocketId),
			{},
			`read the ACH originations of pocket ${pocketId} for reconciliation`,
			itemIndex,
			(items) => {
				for (const item of items) {
					const id = String(item.id ?? '').toLowerCase();
					if (!id) continue;
					const o: Origination = {
						id,
						status: String(item.status ?? '').toUpperCase(),
						amount_cents: amountOf(item) ?? null,
						direction: String(item.direction ?? ''),
						time_created: str(item.time_created),
						markers: achMarkersIn(item.payment_related_information),
					};
					ledger.achById.set(id, o);
					for (const marker of new Set(o.markers)) push(ledger.achByMarker, marker, o);
					ledger.originations.push(o);
				}
			},
		);
	}
	return ledger;
}

/** The rejection events of the period (once per run and period, not per pocket). */
export async function readRejections(context: IExecuteFunctions, period: Period, itemIndex: number): Promise<RunEvents> {
	const events: RunEvents = { rejectedWires: new Map(), rejectedOnUs: new Map(), requests: 0 };
	events.requests = await walk(
		context,
		paths.events,
		{ after: iso(period.from - MARGIN_MS) },
		'read the rejection events for reconciliation',
		itemIndex,
		(items) => {
			for (const item of items) {
				const event = (item.event ?? item) as IDataObject;
				const payload = (event.payload ?? {}) as IDataObject;
				const at = String(event.timestamp ?? '');
				if (event.event_type === 'transfers.wire.out.rejected' && typeof payload.wire_id === 'string') {
					events.rejectedWires.set(payload.wire_id.toLowerCase(), at);
				}
				if (event.event_type === 'transfers.on-us.rejected' && typeof payload.on_us_id === 'string') {
					events.rejectedOnUs.set(payload.on_us_id.toLowerCase(), at);
				}
			}
		},
	);
	return events;
}
