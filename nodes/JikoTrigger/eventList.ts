import type { IDataObject } from 'n8n-workflow';

import { parseTimestamp } from './delivery';

/*
 * Reading Jiko's event list (GET /api/v1/events/) as the record of what happened, with a cursor
 * that never skips an event and never yields one twice. Pure functions: the node does the
 * requests and keeps the cursor where n8n keeps a poll trigger's cursor (its node static data).
 *
 * Jiko documents the list's `after` filter (a date-time) and its items' `event.timestamp`, but
 * not whether `after` is inclusive, in which order items come, nor how soon an event is listed.
 * So the cursor is a time plus the ids at and just before it: each read starts an overlap
 * before that time (the Late Events Allowance), the ids already yielded are dropped, and the
 * items are sorted here. An event listed later than the allowance after its timestamp is the
 * one case that is never read (stated in the node's field and docs).
 *
 * The ids are kept only as far back as the allowance in force when they were kept. A read must
 * never reach further back than that (`seenFrom`): an event there may already have run and no
 * longer be among the ids. So a raised allowance widens the read-back only as the cursor moves
 * on; a lowered one takes effect at once.
 */

/** The cursor, kept in the node's static data (n8n's poll cursor). */
export interface EventCursor extends IDataObject {
	/** Cursor version. */
	v: 1;
	/** Every event whose timestamp is at or before `at - allowance` has been yielded (epoch ms). */
	at: number;
	/** Ids yielded with a timestamp at or after `seenFrom`, with their timestamps. */
	seen: IDataObject;
	/** `seen` holds every id yielded with a timestamp at or after this (epoch ms); reads never
	 * start before it. Missing in cursors saved before it existed: see `seenFromOf`. */
	seenFrom?: number;
}

/** From when the cursor's `seen` is complete. A cursor saved without `seenFrom` kept its ids from
 * `at - allowance - 1`: the allowance it was saved with is not known, so the one in force now is
 * taken (what those versions read back). */
export function seenFromOf(cursor: EventCursor, allowanceMs: number): number {
	return typeof cursor.seenFrom === 'number' && Number.isFinite(cursor.seenFrom) ? cursor.seenFrom : cursor.at - allowanceMs - 1;
}

/** The cursor at activation: at `at`, with the events already listed up to it passed (not run),
 * so activation does not replay recent history. `listed` was read from `at - allowance`. */
export function startCursor(at: number, allowanceMs: number, listed: ListedEvent[]): EventCursor {
	const seen: IDataObject = {};
	for (const event of listed) if (event.timestampMs <= at) seen[event.event_id] = event.timestampMs;
	return { v: 1, at, seen, seenFrom: at - allowanceMs - 1 };
}

export interface ListedEvent {
	event_id: string;
	event_type: string;
	timestamp: string;
	timestampMs: number;
	payload: IDataObject;
	delivery_attempts: IDataObject[];
}

/** One item of the list ({event, delivery_attempts}), or undefined when it is not an event. */
export function readListed(item: unknown): ListedEvent | undefined {
	const record = item as IDataObject | undefined;
	const event = (record?.event ?? record) as IDataObject | undefined;
	if (!event || typeof event !== 'object') return undefined;
	const id = event.event_id;
	const type = event.event_type;
	const timestamp = event.timestamp;
	if (typeof id !== 'string' || id === '' || typeof type !== 'string' || typeof timestamp !== 'string') return undefined;
	const timestampMs = parseTimestamp(timestamp);
	if (!Number.isFinite(timestampMs)) return undefined;
	const payload = event.payload && typeof event.payload === 'object' && !Array.isArray(event.payload) ? (event.payload as IDataObject) : {};
	const attempts = Array.isArray(record?.delivery_attempts) ? (record?.delivery_attempts as IDataObject[]) : [];
	return { event_id: id, event_type: type, timestamp, timestampMs, payload, delivery_attempts: attempts };
}

export function isCursor(value: unknown): value is EventCursor {
	const cursor = value as EventCursor | undefined;
	return !!cursor && cursor.v === 1 && typeof cursor.at === 'number' && Number.isFinite(cursor.at) && !!cursor.seen && typeof cursor.seen === 'object';
}

export interface ReadPlan {
	/** Send as `after`. */
	fromMs: number;
	/** Events between these two times were never read (older than the catch-up bound). */
	skipped?: { fromMs: number; toMs: number };
}

/** Where the next read starts: the allowance before the cursor, never before the cursor's ids
 * are complete (`seenFrom`), never before the bound. One millisecond more: whether or not
 * `after` includes its own instant, events at the cursor's instant that a capped read left out
 * are read again. */
export function planRead(cursor: EventCursor, nowMs: number, allowanceMs: number, boundMs: number): ReadPlan {
	const wanted = Math.max(cursor.at - allowanceMs - 1, seenFromOf(cursor, allowanceMs));
	const oldest = nowMs - boundMs;
	if (wanted >= oldest) return { fromMs: wanted };
	return { fromMs: oldest, skipped: { fromMs: wanted, toMs: oldest } };
}

export interface Advance {
	/** To start the workflow with, oldest first. */
	fresh: ListedEvent[];
	/** The cursor after them. */
	cursor: EventCursor;
	/** More fresh events were read than one run takes: the rest come at the next poll. */
	more: boolean;
}

// Stable: events with the same timestamp keep the order Jiko listed them in.
const byTime = (a: ListedEvent, b: ListedEvent) => a.timestampMs - b.timestampMs;

/**
 * From what one read listed: the events not yielded yet (the wanted ones, at most `max`,
 * oldest first), and the cursor after them. `complete`: the read reached the end of the list;
 * when it did not, only events up to the newest one read are safe to pass (the caller checks
 * that the list is oldest first).
 */
export function advance(
	cursor: EventCursor,
	listed: ListedEvent[],
	options: { wanted: (event: ListedEvent) => boolean; allowanceMs: number; max: number; fromMs: number },
): Advance {
	const seen = cursor.seen;
	const seenFrom = seenFromOf(cursor, options.allowanceMs);
	// Before `seenFrom` an event may have run without being among the ids: never yield it.
	const fromMs = Math.max(options.fromMs, seenFrom);
	const unique = new Map<string, ListedEvent>();
	for (const event of listed) {
		// `after` may or may not include its own instant: anything at or before it was passed.
		if (event.timestampMs < fromMs) continue;
		if (seen[event.event_id] !== undefined || unique.has(event.event_id)) continue;
		unique.set(event.event_id, event);
	}
	const candidates = [...unique.values()].sort(byTime);
	const wanted = candidates.filter(options.wanted);
	const fresh = wanted.slice(0, options.max);
	const more = wanted.length > fresh.length;
	// Events not wanted (other types, taken by a webhook) are passed over (marked seen) up to
	// where this run stops.
	const stopAt = more ? fresh[fresh.length - 1].timestampMs : Number.POSITIVE_INFINITY;
	const passed = candidates.filter((event) => event.timestampMs <= stopAt && (fresh.includes(event) || !wanted.includes(event)));
	let at = cursor.at;
	for (const event of passed) at = Math.max(at, event.timestampMs);
	// Events yielded by earlier polls count too: a read that found only those still moves the
	// position to the newest of them.
	for (const event of listed) if (seen[event.event_id] !== undefined && event.timestampMs <= stopAt) at = Math.max(at, event.timestampMs);
	// Where the next read starts (see planRead): the allowance and one millisecond before the
	// position, not before `seenFrom`. The ids are complete from there, and only those are kept.
	const keepFrom = Math.max(at - options.allowanceMs - 1, seenFrom);
	const nextSeen: IDataObject = {};
	for (const [id, ts] of Object.entries(seen)) if (typeof ts === 'number' && ts >= keepFrom) nextSeen[id] = ts;
	for (const event of passed) if (event.timestampMs >= keepFrom) nextSeen[event.event_id] = event.timestampMs;
	return { fresh, cursor: { v: 1, at, seen: nextSeen, seenFrom: keepFrom }, more };
}

/** The item a run starts with for one event. */
export function eventItem(event: ListedEvent, extra: IDataObject = {}): IDataObject {
	return {
		event_id: event.event_id,
		event_type: event.event_type,
		timestamp: event.timestamp,
		payload: event.payload,
		delivery_attempts: event.delivery_attempts,
		...extra,
	};
}

/** The description the Jiko Trigger gives its subscription: the workflow's name and id. */
export function subscriptionDescription(workflowName: string, workflowId: string): string {
	return `n8n workflow "${workflowName || workflowId}" (workflow ${workflowId})`;
}

/** Whether a subscription's description says it was made by the Jiko Trigger of this workflow. */
export function isSubscriptionOf(description: unknown, workflowId: string): boolean {
	return typeof description === 'string' && workflowId !== '' && description.endsWith(`(workflow ${workflowId})`);
}

/**
 * When a delivery can no longer start the workflow: the Jiko Trigger refuses every delivery of
 * an event older than its Accept Events For (at most 55 minutes), by the timestamp Jiko signs.
 * Past this age, an event its subscription lists without a successful delivery never ran and
 * never will through the webhook: the catch-up runs it. One minute is kept as margin for the
 * delivery that was being answered when the window closed.
 */
export const MISSED_AFTER_MS = 56 * 60_000;

/** Did Jiko record a 2xx answer from this subscription's webhook (the Jiko Trigger took it)? */
export function takenBy(event: ListedEvent, subscriptionId: string): boolean {
	return event.delivery_attempts.some((attempt) => attempt.subscription_id === subscriptionId && attempt.success === true);
}
