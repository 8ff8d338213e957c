import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { AchWay } from './direction';
import { achMarkersIn } from '../../money/ids';
import { Lock, type ExecutionMemory } from '../../money/memory';
import type { LookupResult } from '../../money/rail';
import type { JikoReadings } from '../../money/readings';
import { jikoApiRequest, jikoFind, nextCursor } from '../../transport';
import { paths } from '../../../../core/paths';

/*
 * Finding an ACH origination by the node's marker line (Jiko's ACH has no client id) without
 * reading a pocket's whole history for every item:
 * 1. the pocket's newest originations (one page, any status, amount and direction: a re-run of
 *    today's payment, or the same key reused with other terms, is almost always there);
 * 2. the pocket's ACH transactions of exactly this amount (v2 amount_from / amount_to), each
 *    leading by its ach_id to its origination and marker — only where this Jiko has PROVEN that
 *    reading: an origination the node already read came back from the amount filter, in cents,
 *    with its ach_id (Jiko's page names the parameters without a unit, and documents ach_id as
 *    missing for older originations). An unproven filter is never a reason to say "not there";
 * 3. otherwise one walk through the pocket's originations, newest first, shared by every item of
 *    the execution and stopped as soon as the marker is found: the path that cannot miss.
 * Everything read is kept per execution and pocket, so no origination is fetched twice. A
 * rejected (failed, cancelled) ACH has no transaction, so the amount filter never shows it: when
 * this attempt's marker is nowhere in what was read but a later attempt's is, the later one
 * answers (a run saw this one rejected and went on), never "not there". What this cannot see:
 * an earlier payment under the same key with ANOTHER amount that is older than the newest page —
 * when the walk is not needed, that conflict goes unnoticed.
 */

/** Items per pocket and execution that use the narrow look-ups before the shared walk. */
export const NARROW_LOOKUPS = 5;
const PAGE = 100;
/** Earlier ACH of the same amount worth reading one by one; with more (a payroll of equal
 * amounts), one walk through the originations, 100 at a time, is cheaper. */
const MAX_CANDIDATES = 10;
/** Proof attempts per pocket and execution (each costs one request). */
const MAX_PROBES = 2;
/** Originations that cannot have moved money (their transaction is gone or never came). */
const NO_TRANSACTION = ['FAILED', 'REJECTED', 'CANCELLED'];

export const ACH_PATHS = {
	memory: 'what this execution already read',
	newest: "the pocket's newest ACH originations",
	amount: "the pocket's ACH transactions of this amount (v2 amount filter, proven on this Jiko)",
	walk: "a walk through all the pocket's ACH originations",
} as const;

export class AchPocketIndex {
	readonly byMarker = new Map<string, IDataObject>();
	readonly byId = new Map<string, IDataObject>();
	readonly lock = new Lock();
	/** Originations in the order read (newest first), to prove the amount filter with. */
	readonly newest: IDataObject[] = [];
	readonly probed = new Set<string>();
	cursor: string | undefined;
	started = false;
	complete = false;
	narrowLookups = 0;
	paired = false;
	/** Whether any origination read showed its payment_related_information (where the marker is). */
	showsInfo = false;

	add(origination: IDataObject, readings?: JikoReadings): void {
		if (Array.isArray(origination.payment_related_information)) this.showsInfo = true;
		const id = String(origination.id ?? '');
		if (id && !this.byId.has(id)) {
			this.byId.set(id, origination);
			if (this.newest.length < PAGE) this.newest.push(origination);
		}
		const markers = achMarkersIn(origination.payment_related_information);
		// One the node created here must show its marker in Jiko's list, or no list look-up can
		// find the node's ACH: then no ACH look-up may say "not there".
		const ours = id ? readings?.markerOfCreatedAch(id) : undefined;
		if (ours !== undefined && readings) {
			if (markers.includes(ours)) readings.note('achList', 'proven', `ACH ${id}, created by the node, was listed with its marker line`);
			else readings.note('achList', 'refuted', `ACH ${id}, created by the node with the line n8n-jiko:${ours}, was listed without it`);
		}
		for (const marker of markers) {
			if (!this.byMarker.has(marker)) this.byMarker.set(marker, origination);
		}
	}
}

export function achIndex(memory: ExecutionMemory, pocketId: string): AchPocketIndex {
	return memory.get(`ach-index:${pocketId}`, () => new AchPocketIndex());
}

interface Lookup {
	context: IExecuteFunctions;
	readings: JikoReadings;
	index: AchPocketIndex;
	pocketId: string;
	markerId: string;
	cents: number;
	itemIndex: number;
}

async function readPage(lookup: Lookup, cursor: string | undefined): Promise<{ items: IDataObject[]; next?: string }> {
	const page = (await jikoApiRequest.call(lookup.context, {
		method: 'GET',
		path: paths.achOriginations(lookup.pocketId),
		qs: { limit: PAGE, ...(cursor ? { cursor } : {}) },
		what: `look for the ACH transfer with marker n8n-jiko:${lookup.markerId} in pocket ${lookup.pocketId}`,
		itemIndex: lookup.itemIndex,
	})) as { items?: IDataObject[]; next_page?: unknown };
	const items = page.items ?? [];
	items.forEach((item) => lookup.index.add(item, lookup.readings));
	return { items, next: nextCursor(page.next_page) };
}

async function readNewest(lookup: Lookup): Promise<void> {
	const first = await readPage(lookup, undefined);
	if (!lookup.index.started) {
		lookup.index.started = true;
		lookup.index.cursor = first.next;
		lookup.index.complete = first.next === undefined;
	}
}

function achSide(transaction: IDataObject): IDataObject | undefined {
	return ((transaction.details as IDataObject | undefined)?.ach_transaction ?? transaction.ach) as IDataObject | undefined;
}

/** The `ach_id` of a v2 item, flat or nested (`details.ach_transaction`, `ach`). */
export function achIdOf(transaction: IDataObject): string | undefined {
	const id = transaction.ach_id ?? achSide(transaction)?.ach_id;
	return typeof id === 'string' && id ? id : undefined;
}

/** Whether a v2 item is an ACH Jiko received (not one originated from the pocket). */
export function isReceived(transaction: IDataObject): boolean {
	return String(transaction.ach_direction ?? achSide(transaction)?.ach_direction ?? '').toUpperCase() === 'RECEIVING';
}

/** Which way a v2 item moved money, from its documented `direction` (CREDIT: into the pocket). */
export function wayOfTransaction(transaction: IDataObject): AchWay | undefined {
	const direction = String(transaction.direction ?? '').toUpperCase();
	return direction === 'CREDIT' ? 'in' : direction === 'DEBIT' ? 'out' : undefined;
}

function centsOf(transaction: IDataObject): number | undefined {
	const value = (transaction.amount as IDataObject | undefined)?.value;
	return typeof value === 'number' ? Math.abs(value) : undefined;
}

export type PairCheck = (origination: IDataObject, transaction: IDataObject) => void;

export type AmountPage =
	| { usable: true; items: IDataObject[]; more: boolean }
	| { usable: false; why: string; refutes: boolean };

/** The pocket's ACH transactions of exactly `cents`, checked: every item must be an ACH of that
 * amount, or the filter is not what the node reads it as. */
export async function readAmountPage(
	context: IExecuteFunctions,
	pocketId: string,
	cents: number,
	itemIndex: number,
	limit = MAX_CANDIDATES + 1,
): Promise<AmountPage> {
	const body = await jikoFind.call(
		context,
		{
			path: paths.pocketTransactions(pocketId),
			qs: { 'filter[type]': 'ACH', amount_from: cents, amount_to: cents, limit },
			what: `look for ACH transactions of ${cents} cents in pocket ${pocketId}`,
			itemIndex,
		},
		[404, 422],
	);
	if (!body) return { usable: false, refutes: true, why: 'Jiko answered the v2 transactions amount filter with HTTP 404 or 422' };
	const items = (body.items ?? []) as IDataObject[];
	const other = items.find((item) => centsOf(item) !== cents || (item.type !== undefined && String(item.type).toUpperCase() !== 'ACH'));
	if (other) {
		return {
			usable: false,
			refutes: true,
			why: `asked for ACH transactions of exactly ${cents} cents, Jiko also returned a ${String(other.type ?? 'transaction')} of ${String(centsOf(other) ?? '?')} cents (the amount filter is not applied in cents)`,
		};
	}
	return { usable: true, items, more: nextCursor(body.next_page) !== undefined };
}

/** Proves (or refutes) the amount filter with an origination the execution already read: it
 * must come back, in cents, with its ach_id (one request). The pair it finds also shows which
 * way that ACH moved money. */
async function proveWithKnown(lookup: Lookup, onPair: PairCheck): Promise<boolean> {
	const { readings, index } = lookup;
	const known = index.newest.find(
		(origination) =>
			!NO_TRANSACTION.includes(String(origination.status)) && typeof amountOf(origination) === 'number' && !index.probed.has(String(origination.id)),
	);
	if (!known) return false;
	index.probed.add(String(known.id));
	const cents = amountOf(known) as number;
	const page = await readAmountPage(lookup.context, lookup.pocketId, cents, lookup.itemIndex, PAGE);
	if (!page.usable) {
		readings.note('amountFilter', page.refutes ? 'refuted' : 'tried', page.why);
		return false;
	}
	const match = page.items.find((item) => achIdOf(item) === String(known.id));
	if (!match) {
		readings.note('amountFilter', 'tried', `ACH ${String(known.id)} of ${cents} cents did not come back from the amount filter with its ach_id`);
		return false;
	}
	readings.note('amountFilter', 'proven', `ACH ${String(known.id)} of ${cents} cents came back from the amount filter with its ach_id`);
	onPair(known, match);
	return true;
}

/** Whether this Jiko's amount filter has proven itself, trying a proof when it may. */
async function amountFilterProven(lookup: Lookup, onPair: PairCheck): Promise<boolean> {
	const { readings, index } = lookup;
	if (readings.isProven('amountFilter')) return true;
	if (!readings.mayTry('amountFilter') || index.probed.size >= MAX_PROBES) return false;
	return await proveWithKnown(lookup, onPair);
}

/** The pocket's newest ACH transactions (v2), for pairing with originations by ach_id. */
export async function readNewestAchTransactions(
	context: IExecuteFunctions,
	pocketId: string,
	itemIndex: number,
	limit: number,
): Promise<IDataObject[]> {
	const body = await jikoFind.call(
		context,
		{ path: paths.pocketTransactions(pocketId), qs: { 'filter[type]': 'ACH', order: 'desc', limit }, what: `read the newest ACH transactions of pocket ${pocketId}`, itemIndex },
		[404, 422],
	);
	return (body?.items ?? []) as IDataObject[];
}

export function amountOf(origination: IDataObject): number | undefined {
	const amount = origination.amount_usdc ?? (origination.amount as IDataObject | undefined)?.value;
	return typeof amount === 'number' ? Math.abs(amount) : undefined;
}

/**
 * The originations behind the pocket's ACH transactions of exactly this amount. False when this
 * cannot settle the question: too many share the amount, or one that may be an origination
 * carries no ach_id (then only the walk is sure).
 */
async function readSameAmount(lookup: Lookup, onItem: PairCheck): Promise<boolean> {
	const { context, readings, index } = lookup;
	const page = await readAmountPage(context, lookup.pocketId, lookup.cents, lookup.itemIndex);
	if (!page.usable) {
		readings.note('amountFilter', page.refutes ? 'refuted' : 'tried', page.why);
		return false;
	}
	if (page.more || page.items.length > MAX_CANDIDATES) return false;
	const pending: Array<[string, IDataObject]> = [];
	for (const item of page.items) {
		const achId = achIdOf(item);
		if (!achId) {
			if (isReceived(item)) continue;
			return false;
		}
		const known = index.byId.get(achId);
		if (known) onItem(known, item);
		else pending.push([achId, item]);
	}
	for (const [achId, item] of pending) {
		const origination = await jikoFind.call(context, {
			path: paths.achOrigination(lookup.pocketId, achId),
			what: `read ACH transfer ${achId} of pocket ${lookup.pocketId}`,
			itemIndex: lookup.itemIndex,
		});
		if (origination) {
			index.add(origination, readings);
			onItem(origination, item);
		}
		if (index.byMarker.has(lookup.markerId)) return true;
	}
	return true;
}

export interface AchTarget {
	pocketId: string;
	markerId: string;
	cents: number;
	itemIndex: number;
	fresh: boolean;
	/** The markers of the later attempts at this payment: when this marker shows nowhere the
	 * look-up read, one of them may (the amount filter shows no ACH that Jiko rejected, so it
	 * finds attempt 1 while attempt 0 stays out of sight); that one answers. */
	laterAttempts: Array<{ attempt: number; markerId: string }>;
	/** Called for every pair of an origination and its pocket transaction the look-up sees, so
	 * the credential's ACH convention is checked against data Jiko already shows. */
	onPair: PairCheck;
}

/**
 * The origination carrying this marker, or none, with the path that said so. `fresh` (after
 * Jiko answered "repeated" or no answer came back) reads Jiko again instead of trusting what
 * this execution read before: the transfer may have appeared since.
 */
export async function findAchByMarker(
	context: IExecuteFunctions,
	memory: ExecutionMemory,
	readings: JikoReadings,
	target: AchTarget,
): Promise<LookupResult> {
	const index = achIndex(memory, target.pocketId);
	const lookup: Lookup = { context, readings, index, ...target };
	return await index.lock.run(async () => {
		const hit = () => index.byMarker.get(target.markerId);
		const answer = (path: string): LookupResult => {
			const transfer = hit();
			if (transfer) return { transfer, path };
			const later = target.laterAttempts.find(({ markerId }) => index.byMarker.has(markerId));
			if (later) return { transfer: index.byMarker.get(later.markerId), path, attempt: later.attempt };
			if (readings.isRefuted('achList')) {
				return { path, blind: `Jiko's ACH list did not show the node's marker line on an ACH the node created (${readings.proof('achList')?.why ?? ''}), so no list look-up can tell` };
			}
			if (index.byId.size > 0 && !index.showsInfo) {
				return { path, blind: "Jiko's ACH list shows no payment_related_information (where the node's marker line is), so no list look-up can tell" };
			}
			return { path };
		};
		if (hit()) return { transfer: hit(), path: ACH_PATHS.memory };
		if (target.fresh || !index.started) {
			await readNewest(lookup);
			if (hit()) return answer(ACH_PATHS.newest);
			if (index.complete) return answer(ACH_PATHS.walk);
		}
		if (target.fresh || index.narrowLookups < NARROW_LOOKUPS) {
			if (!target.fresh) index.narrowLookups++;
			if ((await amountFilterProven(lookup, target.onPair)) && (await readSameAmount(lookup, target.onPair))) {
				return answer(ACH_PATHS.amount);
			}
		}
		if (target.fresh) return answer(ACH_PATHS.newest);
		// The narrow look-ups could not settle it (or many items share this pocket): one walk
		// through the originations, newest first, shared by the whole execution.
		while (!index.complete && !hit()) {
			const page = await readPage(lookup, index.cursor);
			index.cursor = page.next;
			index.complete = page.next === undefined;
		}
		return answer(ACH_PATHS.walk);
	});
}

/**
 * Before an ACH is sent while the credential's convention is unproven: the pocket's newest
 * originations and newest ACH transactions, paired by ach_id, show which way this Jiko's codes
 * moved money (two requests, once per pocket and execution); the amount filter is proven with
 * them too when it may be.
 */
export async function pairKnownAch(
	context: IExecuteFunctions,
	memory: ExecutionMemory,
	readings: JikoReadings,
	target: Omit<AchTarget, 'fresh' | 'cents' | 'laterAttempts'>,
): Promise<void> {
	const index = achIndex(memory, target.pocketId);
	const lookup: Lookup = { context, readings, index, cents: 0, ...target };
	await index.lock.run(async () => {
		if (index.paired) return;
		index.paired = true;
		if (!index.started) await readNewest(lookup);
		if (index.byId.size === 0) return;
		for (const transaction of await readNewestAchTransactions(context, target.pocketId, target.itemIndex, PAGE)) {
			const origination = index.byId.get(achIdOf(transaction) ?? '');
			if (origination) target.onPair(origination, transaction);
		}
	});
}
