import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { Lock, type ExecutionMemory } from '../../money/memory';
import type { LookupResult } from '../../money/rail';
import type { JikoReadings } from '../../money/readings';
import { jikoApiRequest, jikoCursorList, jikoFind, nextCursor } from '../../transport';
import { paths } from '../../../../core/paths';

/*
 * What Jiko documents about a wire: the create answers 201 with no documented body; the wire
 * shows up as a transaction of the pocket whose wire id is the one given at create, with a
 * WIRE_FEE beside it; its outcome arrives as the events transfers.wire.out.processing / success
 * / rejected ({jiko_account_id, wire_id}). The node's wire view is built from those only.
 *
 * Finding one wire: Jiko's v2 filter[wire] is named without a meaning, so the node uses it only
 * where it has PROVEN itself on this Jiko (a wire the node knew came back from it, alone, with
 * its id). Otherwise — and at once when a filtered page shows another wire's transaction or an
 * item without a wire id — it walks the pocket's wire transactions (v2, or v1 where v2 items
 * show no wire id), reading every wire id: the path that cannot miss. Where no path shows wire
 * ids, a look-up cannot say "not there" and a keyed wire fails closed.
 */

/** How the node finds a wire, said once so the UI and the docs say the same thing. */
export const WIRE_LOOKUP_NOTE =
	"Jiko documents no Get Wire the node can rely on, so a wire is found as the pocket's transaction with its wire ID (Jiko's v2 filter[wire] where it has proven itself on this Jiko, else a walk through the pocket's wire transactions); a rejection is read from the transfers.wire.out.rejected event.";

export const WIRE_PATHS = {
	filter: "the pocket's transactions with this wire ID (v2 filter[wire], proven on this Jiko)",
	walkV2: "a walk through the pocket's wire transactions (v2)",
	walkV1: "a walk through the pocket's wire transactions (v1)",
} as const;

/** The view's status: Jiko accepted the create but shows no transaction yet; its transaction
 * is booked or settled; or Jiko sent the rejection event. */
export type WireStatus = 'ACCEPTED' | 'BOOKED' | 'SETTLED' | 'REJECTED';
export const FINAL_WIRE_STATUSES: WireStatus[] = ['SETTLED', 'REJECTED'];

const PAGE = 100;
const WIRE_TYPES = ['WIRE', 'WIRE_FEE'];

/** A wire id on a v2 item (flat, or nested like v1's details) or a v1 transaction. */
export function wireIdOf(transaction: IDataObject): string | undefined {
	const details = transaction.details as IDataObject | undefined;
	const nested = (details?.wire_transaction ?? details?.wire_fee_transaction ?? transaction.wire) as IDataObject | undefined;
	const id = transaction.wire_id ?? nested?.wire_id;
	return typeof id === 'string' && id ? id.toLowerCase() : undefined;
}

function typeOf(transaction: IDataObject): string {
	const details = transaction.details as IDataObject | undefined;
	return String(transaction.type ?? details?.transaction_type ?? '').toUpperCase();
}

const isFee = (transaction: IDataObject) => typeOf(transaction).includes('FEE');

/** A wire received into the pocket: v2 says so in `direction`; v1 only by a positive amount,
 * and only where its amounts are known to carry a sign. */
function received(transaction: IDataObject, signedAmounts: boolean): boolean {
	if (transaction.direction !== undefined) return String(transaction.direction).toUpperCase() === 'CREDIT';
	const value = (transaction.amount as IDataObject | undefined)?.value;
	return signedAmounts && typeof value === 'number' && value > 0;
}

function cents(amount: unknown): number | null {
	const value = (amount as IDataObject | undefined)?.value;
	return typeof value === 'number' ? Math.abs(value) : null;
}

/** The wire view from the transactions of one wire (v2 items or v1 transactions). */
function wireView(pocketId: string, wireId: string, transactions: IDataObject[]): IDataObject | undefined {
	const wire = transactions.find((transaction) => !isFee(transaction));
	if (!wire) return undefined;
	const fee = transactions.find(isFee);
	const side = ((wire.details as IDataObject | undefined)?.wire_transaction ?? {}) as IDataObject;
	const status = String(wire.status ?? '').toUpperCase();
	return {
		object_type: 'Wire',
		wire_id: wireId,
		pocket_id: pocketId,
		status: (status === 'SETTLED' || status === 'COMPLETED' ? 'SETTLED' : 'BOOKED') as WireStatus,
		amount_cents: cents(wire.amount),
		fee_cents: fee ? cents(fee.amount) : null,
		transaction_id: wire.transaction_id ?? wire.id ?? null,
		time_booked: wire.time_booked ?? wire.timestamp ?? null,
		time_settled: wire.time_settled ?? null,
		reference_number: wire.reference_number ?? side.reference_number ?? null,
		counterparty_name: wire.counterparty_name ?? side.counterparty_name ?? null,
		transactions,
	};
}

interface Page {
	items: IDataObject[];
	next?: string;
}

/** One page of the pocket's v2 transactions; undefined when this Jiko has no v2 transactions. */
async function v2Page(context: IExecuteFunctions, pocketId: string, qs: IDataObject, what: string, itemIndex: number): Promise<Page | undefined> {
	const body = await jikoFind.call(context, { path: paths.pocketTransactions(pocketId), qs, what, itemIndex });
	return body ? { items: (body.items ?? []) as IDataObject[], next: nextCursor(body.next_page) } : undefined;
}

/**
 * The pocket's wire transactions, walked once per execution and shared by its items. v2 first;
 * when a v2 wire item shows no wire id (or v2 is missing), the walk starts again on v1, whose
 * transactions carry `details.wire_transaction.wire_id`; when v1 shows none either, it is blind.
 */
class WireWalk {
	readonly byWire = new Map<string, IDataObject[]>();
	readonly lock = new Lock();
	source: 'v2' | 'v1' = 'v2';
	cursor: string | undefined;
	started = false;
	complete = false;
	blind: string | undefined;

	/** Whether v1 amounts carry a sign (a wire out was seen negative): then a positive one
	 * without a wire id is a wire received. */
	signed = false;

	/** Adds a page; false when an outgoing wire on it (or one that may be outgoing) shows no
	 * wire id. Wires received carry none (Jiko's wire_id is optional), fees are not needed. */
	add(items: IDataObject[]): boolean {
		for (const item of items) {
			if (!WIRE_TYPES.includes(typeOf(item))) continue;
			const value = (item.amount as IDataObject | undefined)?.value;
			if (this.source === 'v1' && typeof value === 'number' && value < 0) this.signed = true;
		}
		for (const item of items) {
			if (!WIRE_TYPES.includes(typeOf(item))) continue;
			const id = wireIdOf(item);
			if (!id) {
				if (isFee(item) || received(item, this.source === 'v1' && this.signed)) continue;
				return false;
			}
			const list = this.byWire.get(id) ?? [];
			if (!list.some((known) => known.id === item.id)) list.push(item);
			this.byWire.set(id, list);
		}
		return true;
	}

	restart(source: 'v1'): void {
		this.byWire.clear();
		this.source = source;
		this.cursor = undefined;
		this.started = false;
		this.complete = false;
		this.signed = false;
	}
}

function wireWalk(memory: ExecutionMemory, pocketId: string): WireWalk {
	return memory.get(`wire-walk:${pocketId}`, () => new WireWalk());
}

async function walkPage(context: IExecuteFunctions, walk: WireWalk, pocketId: string, cursor: string | undefined, itemIndex: number): Promise<Page | undefined> {
	const what = `walk the wire transactions of pocket ${pocketId}`;
	const qs: IDataObject = { limit: PAGE, order: 'desc', ...(cursor ? { cursor } : {}) };
	// Wires only: their fees are not needed to tell whether a wire exists (half the pages).
	if (walk.source === 'v2') return await v2Page(context, pocketId, { ...qs, 'filter[type]': 'WIRE' }, what, itemIndex);
	const body = await jikoApiRequest.call(context, { method: 'GET', path: paths.pocketTransactionsV1(pocketId), qs: { ...qs, 'filter[types]': 'WIRE' }, what, itemIndex });
	return { items: (body.items ?? []) as IDataObject[], next: nextCursor(body.next_page) };
}

/** Reads the walk's next page (or, `fresh`, its newest page again); sets `blind` when no
 * source shows wire ids. */
async function step(context: IExecuteFunctions, walk: WireWalk, readings: JikoReadings, pocketId: string, fresh: boolean, itemIndex: number): Promise<void> {
	for (;;) {
		const page = await walkPage(context, walk, pocketId, fresh ? undefined : walk.cursor, itemIndex);
		if (page && walk.add(page.items)) {
			if (!fresh || !walk.started) {
				walk.started = true;
				walk.cursor = page.next;
				walk.complete = page.next === undefined;
			}
			if (page.items.some((item) => typeOf(item) === 'WIRE' && wireIdOf(item))) {
				readings.note('wireWalk', 'proven', `the pocket's wire transactions (${walk.source}) show their wire ids`);
			}
			return;
		}
		if (walk.source === 'v2') {
			walk.restart('v1');
			continue;
		}
		walk.blind = "neither Jiko's v2 nor its v1 transactions show the wire id of a wire transaction";
		readings.note('wireWalk', 'refuted', walk.blind);
		return;
	}
}

async function findByWalk(
	context: IExecuteFunctions,
	memory: ExecutionMemory,
	readings: JikoReadings,
	pocketId: string,
	wireId: string,
	itemIndex: number,
	fresh: boolean,
): Promise<LookupResult> {
	const walk = wireWalk(memory, pocketId);
	return await walk.lock.run(async () => {
		const result = (): LookupResult => {
			const path = walk.source === 'v2' ? WIRE_PATHS.walkV2 : WIRE_PATHS.walkV1;
			const transactions = walk.byWire.get(wireId);
			if (transactions) return { transfer: wireView(pocketId, wireId, transactions), path };
			if (walk.blind) return { path, blind: walk.blind };
			// A wire Jiko took did not show in this walk after a create: the walk is blind here.
			if (readings.isRefuted('wireWalk')) return { path, blind: readings.proof('wireWalk')?.why ?? 'the wire walk missed a wire Jiko took' };
			return { path };
		};
		if (walk.byWire.has(wireId) || walk.blind) return result();
		// A wire made moments ago is the newest: a fresh look reads the newest page again.
		if (fresh || !walk.started) await step(context, walk, readings, pocketId, true, itemIndex);
		if (fresh) return result();
		while (!walk.complete && !walk.blind && !walk.byWire.has(wireId)) await step(context, walk, readings, pocketId, false, itemIndex);
		return result();
	});
}

/** The filtered page for one wire, checked: only that wire's transactions, each with its id. */
async function filtered(
	context: IExecuteFunctions,
	pocketId: string,
	wireId: string,
	itemIndex: number,
): Promise<{ ok: true; items: IDataObject[] } | { ok: false; why: string }> {
	const page = await v2Page(context, pocketId, { 'filter[wire]': wireId, limit: 10 }, `look for wire ${wireId} in the transactions of pocket ${pocketId}`, itemIndex);
	if (!page) return { ok: false, why: 'this Jiko has no v2 transactions' };
	for (const item of page.items) {
		const id = wireIdOf(item);
		if (id !== wireId.toLowerCase()) {
			return {
				ok: false,
				why: id
					? `asked for wire ${wireId}, filter[wire] also returned a transaction of wire ${id} (the filter is not applied)`
					: `asked for wire ${wireId}, filter[wire] returned a ${typeOf(item) || 'transaction'} that shows no wire id`,
			};
		}
	}
	return { ok: true, items: page.items };
}

/** Proves filter[wire] with a wire this process knows, or the pocket's newest wire: it must
 * come back alone, with its id. */
async function proveFilter(context: IExecuteFunctions, memory: ExecutionMemory, readings: JikoReadings, pocketId: string, itemIndex: number): Promise<void> {
	if (!readings.mayTry('wireFilter') || memory.get(`wire-filter-tried:${pocketId}`, () => ({ done: false })).done) return;
	memory.get(`wire-filter-tried:${pocketId}`, () => ({ done: false })).done = true;
	let known = readings.knownWire();
	if (!known) {
		const newest = await v2Page(context, pocketId, { 'filter[type]': 'WIRE', order: 'desc', limit: 10 }, `read the newest wires of pocket ${pocketId}`, itemIndex);
		const id = newest?.items.map(wireIdOf).find(Boolean);
		if (!id) return;
		known = { wireId: id, pocketId };
	}
	const page = await filtered(context, known.pocketId, known.wireId, itemIndex);
	if (!page.ok) readings.note('wireFilter', 'refuted', page.why);
	else if (page.items.length > 0) readings.note('wireFilter', 'proven', `wire ${known.wireId} came back alone from filter[wire] with its id`);
	else readings.note('wireFilter', 'tried', `wire ${known.wireId} did not come back from filter[wire]`);
}

/**
 * The wire with this id as the pocket's transactions show it, with the path that found or
 * cleared it; `blind` when no path this Jiko has proven can say it is not there. `fresh`: the
 * wire may have just been made (read again, newest first).
 */
export async function findWire(
	context: IExecuteFunctions,
	memory: ExecutionMemory,
	readings: JikoReadings,
	target: { pocketId: string; wireId: string; itemIndex: number; fresh: boolean },
): Promise<LookupResult> {
	const { pocketId, wireId, itemIndex, fresh } = target;
	if (!readings.isProven('wireFilter')) await proveFilter(context, memory, readings, pocketId, itemIndex);
	if (readings.isProven('wireFilter')) {
		const page = await filtered(context, pocketId, wireId, itemIndex);
		if (page.ok) {
			if (page.items.length) readings.rememberWire(wireId, pocketId);
			return { transfer: wireView(pocketId, wireId.toLowerCase(), page.items), path: WIRE_PATHS.filter };
		}
		readings.note('wireFilter', 'refuted', page.why);
	}
	const walked = await findByWalk(context, memory, readings, pocketId, wireId.toLowerCase(), itemIndex, fresh);
	if (walked.transfer) readings.rememberWire(wireId, pocketId);
	return walked;
}

/** Whether Jiko sent transfers.wire.out.rejected for this wire after `since` (ISO time). */
export async function wireRejectedSince(
	context: IExecuteFunctions,
	wireId: string,
	since: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const events = await jikoCursorList.call(
		context,
		paths.events,
		{ after: since },
		{ returnAll: true },
		`look for the rejection event of wire ${wireId}`,
		itemIndex,
	);
	return events
		.map((event) => ((event.event ?? event) as IDataObject))
		.find(
			(event) =>
				event.event_type === 'transfers.wire.out.rejected' &&
				String((event.payload as IDataObject | undefined)?.wire_id ?? '').toLowerCase() === wireId.toLowerCase(),
		);
}
