import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { achMarkersIn } from '../../money/ids';
import { Lock, type ExecutionMemory } from '../../money/memory';
import { jikoApiRequest, jikoSend, nextCursor, paths, type JikoResult } from '../../transport';

/*
 * Finding an ACH origination by the node's marker line (Jiko's ACH has no client id) without
 * reading a pocket's whole history for every item:
 * 1. the pocket's newest originations (one page, any status, amount and direction: a re-run of
 *    today's payment, or the same key reused with other terms, is almost always there);
 * 2. the pocket's ACH transactions of exactly this amount (v2 filters), each leading by its
 *    `ach_id` to its origination and marker — when only a few share the amount;
 * 3. otherwise, and after a few items in one pocket, one walk through the pocket's
 *    originations, newest first, shared by every item of the execution and stopped as soon as
 *    the marker is found.
 * Everything read is kept per execution and pocket, so no origination is fetched twice. What
 * this cannot see: an earlier payment under the same key with ANOTHER amount that is older than
 * the newest page — when the walk is not needed, that conflict goes unnoticed.
 */

/** Items per pocket and execution that use the narrow look-ups before the shared walk. */
export const NARROW_LOOKUPS = 5;
const PAGE = 100;
/** Earlier ACH of the same amount worth reading one by one; with more (a payroll of equal
 * amounts), one walk through the originations, 100 at a time, is cheaper. */
const MAX_CANDIDATES = 10;

export class AchPocketIndex {
	readonly byMarker = new Map<string, IDataObject>();
	readonly known = new Set<string>();
	readonly lock = new Lock();
	cursor: string | undefined;
	started = false;
	complete = false;
	narrowLookups = 0;

	add(origination: IDataObject): void {
		const id = String(origination.id ?? '');
		if (id) this.known.add(id);
		for (const marker of achMarkersIn(origination.payment_related_information)) {
			if (!this.byMarker.has(marker)) this.byMarker.set(marker, origination);
		}
	}
}

export function achIndex(memory: ExecutionMemory, pocketId: string): AchPocketIndex {
	return memory.get(`ach-index:${pocketId}`, () => new AchPocketIndex());
}

interface Lookup {
	context: IExecuteFunctions;
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
	return { items: page.items ?? [], next: nextCursor(page.next_page) };
}

/** The `ach_id` of a v2 (flat) or v1-shaped (`details.ach_transaction`) transaction. */
export function achIdOf(transaction: IDataObject): string | undefined {
	const nested = ((transaction.details as IDataObject | undefined)?.ach_transaction ?? transaction.ach) as IDataObject | undefined;
	const id = transaction.ach_id ?? nested?.ach_id;
	return typeof id === 'string' && id ? id : undefined;
}

/**
 * The originations behind the pocket's ACH transactions of exactly this amount. False when this
 * cannot settle the question: this Jiko has no v2 transactions, or too many earlier ACH share
 * the amount (then only the walk is cheap).
 */
async function readSameAmount(lookup: Lookup, index: AchPocketIndex): Promise<boolean> {
	const result = (await jikoSend.call(lookup.context, {
		method: 'GET',
		path: paths.pocketTransactions(lookup.pocketId),
		qs: { 'filter[type]': 'ACH', amount_from: lookup.cents, amount_to: lookup.cents, limit: MAX_CANDIDATES + 1 },
		what: `look for ACH transactions of ${lookup.cents} cents in pocket ${lookup.pocketId}`,
		itemIndex: lookup.itemIndex,
	})) as JikoResult<{ items?: IDataObject[]; next_page?: unknown }>;
	if (!result.ok) {
		if (result.failure.status === 404 || result.failure.status === 422) return false;
		throw result.error;
	}
	const unread = (result.body.items ?? []).map(achIdOf).filter((id): id is string => !!id && !index.known.has(id));
	if (unread.length > MAX_CANDIDATES || nextCursor(result.body.next_page)) return false;
	for (const achId of unread) {
		const origination = await jikoSend.call(lookup.context, {
			method: 'GET',
			path: paths.achOrigination(lookup.pocketId, achId),
			what: `read ACH transfer ${achId} of pocket ${lookup.pocketId}`,
			itemIndex: lookup.itemIndex,
		});
		if (origination.ok) index.add(origination.body as IDataObject);
		else if (origination.failure.status !== 404) throw origination.error;
		if (index.byMarker.has(lookup.markerId)) return true;
	}
	return true;
}

/**
 * The origination carrying this marker, or undefined. `fresh` (after Jiko answered "repeated"
 * or no answer came back) reads Jiko again instead of trusting what this execution read before:
 * the transfer may have appeared since.
 */
export async function findAchByMarker(
	context: IExecuteFunctions,
	memory: ExecutionMemory,
	target: { pocketId: string; markerId: string; cents: number; itemIndex: number; fresh: boolean },
): Promise<IDataObject | undefined> {
	const index = achIndex(memory, target.pocketId);
	const lookup: Lookup = { context, ...target };
	return await index.lock.run(async () => {
		const hit = () => index.byMarker.get(target.markerId);
		if (hit()) return hit();
		if (target.fresh || !index.started) {
			const first = await readPage(lookup, undefined);
			first.items.forEach((item) => index.add(item));
			if (!index.started) {
				index.started = true;
				index.cursor = first.next;
				index.complete = first.next === undefined;
			}
			if (hit() || index.complete) return hit();
		}
		if (target.fresh || index.narrowLookups < NARROW_LOOKUPS) {
			if (!target.fresh) index.narrowLookups++;
			if (await readSameAmount(lookup, index)) return hit();
		}
		if (target.fresh) return hit();
		// The narrow look-ups could not settle it (or many items share this pocket): one walk
		// through the originations, newest first, shared by the whole execution.
		while (!index.complete && !hit()) {
			const page = await readPage(lookup, index.cursor);
			page.items.forEach((item) => index.add(item));
			index.cursor = page.next;
			index.complete = page.next === undefined;
		}
		return hit();
	});
}
