import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import {
	advance,
	isCursor,
	planRead,
	startCursor,
	type EventCursor,
	type ListedEvent,
} from '../../nodes/JikoTrigger/eventList';

/*
 * The Poll Trigger's cursor over Jiko's event list, poll by poll, against a modelled list: each
 * event has a timestamp and the time Jiko starts listing it; `after` includes its own instant or
 * not; the list comes in any order. The Late Events Allowance may change between polls (a user
 * edits the active workflow). What must hold: no event is run twice, whatever the allowances and
 * however late Jiko lists; an event Jiko lists within the smallest allowance used is run once.
 */
const MINUTE = 60_000;
const BOUND_MS = 720 * 3_600_000; // Catch Up At Most: never reached here
const TYPE = 'transfers.on-us.success';

interface Modelled {
	id: string;
	type: string;
	timestampMs: number;
	listedAtMs: number;
}

function listed(event: Modelled): ListedEvent {
	return {
		event_id: event.id,
		event_type: event.type,
		timestamp: new Date(event.timestampMs).toISOString(),
		timestampMs: event.timestampMs,
		payload: {},
		delivery_attempts: [],
	};
}

/** What GET /api/v1/events/?after= answers at `nowMs`, in the list order chosen. */
function readAt(events: Modelled[], nowMs: number, fromMs: number, list: { inclusive: boolean; order: 'asc' | 'desc' | 'as-emitted' }): ListedEvent[] {
	const found = events.filter((event) => event.listedAtMs <= nowMs && (list.inclusive ? event.timestampMs >= fromMs : event.timestampMs > fromMs));
	if (list.order === 'asc') found.sort((a, b) => a.timestampMs - b.timestampMs);
	if (list.order === 'desc') found.sort((a, b) => b.timestampMs - a.timestampMs);
	return found.map(listed);
}

/** Polls as the node does: plan, read, advance; the cursor saved as n8n saves static data (JSON). */
class Poller {
	cursor: EventCursor;
	readonly ran: string[] = [];

	constructor(
		private readonly events: Modelled[],
		private readonly list: { inclusive: boolean; order: 'asc' | 'desc' | 'as-emitted' },
		cursor: EventCursor,
		private readonly max = 1_000,
	) {
		this.cursor = cursor;
	}

	/** One poll at `nowMs` with the allowance in force then; the ids it ran. */
	poll(nowMs: number, allowanceMs: number): { ran: string[]; more: boolean } {
		const plan = planRead(this.cursor, nowMs, allowanceMs, BOUND_MS);
		const read = readAt(this.events, nowMs, plan.fromMs, this.list);
		const step = advance(this.cursor, read, { wanted: (event) => event.event_type === TYPE, allowanceMs, max: this.max, fromMs: plan.fromMs });
		this.cursor = JSON.parse(JSON.stringify(step.cursor)) as EventCursor;
		const ran = step.fresh.map((event) => event.event_id);
		this.ran.push(...ran);
		return { ran, more: step.more };
	}

	/** Polls at `nowMs` until one finds nothing more. */
	drain(nowMs: number, allowanceMs: number): string[] {
		const ran: string[] = [];
		for (let i = 0; i < 10_000; i++) {
			const step = this.poll(nowMs, allowanceMs);
			ran.push(...step.ran);
			if (!step.more && step.ran.length === 0) return ran;
		}
		throw new Error('the cursor does not get past the events');
	}
}

/** `count` events one minute apart, the last at `lastMs`, each listed at once. */
function minutely(count: number, lastMs: number): Modelled[] {
	return Array.from({ length: count }, (_, i) => {
		const timestampMs = lastMs - (count - 1 - i) * MINUTE;
		return { id: `event-${i + 1}`, type: TYPE, timestampMs, listedAtMs: timestampMs };
	});
}

const T0 = Date.parse('2026-11-25T00:00:00Z');
const LIST = { inclusive: false, order: 'asc' } as const;

describe('Late Events Allowance changed on an active Poll Trigger', () => {
	it('raised from 10 to 60 minutes after 60 one-minute events ran: none runs again', () => {
		const events = minutely(60, T0 + 60 * MINUTE);
		const poller = new Poller(events, LIST, startCursor(T0, 10 * MINUTE, []));
		expect(poller.drain(T0 + 61 * MINUTE, 10 * MINUTE)).toHaveLength(60);
		expect(poller.drain(T0 + 62 * MINUTE, 60 * MINUTE)).toEqual([]);
		expect(poller.drain(T0 + 63 * MINUTE, 120 * MINUTE)).toEqual([]);
	});

	it('a raised allowance reaches further back only as the cursor moves on', () => {
		const events = minutely(60, T0 + 60 * MINUTE);
		const poller = new Poller(events, LIST, startCursor(T0, 10 * MINUTE, []));
		poller.drain(T0 + 61 * MINUTE, 10 * MINUTE);
		const at = poller.cursor.at;
		// At once: still the 10 minutes the ids were kept for.
		expect(planRead(poller.cursor, at + MINUTE, 60 * MINUTE, BOUND_MS).fromMs).toBe(at - 10 * MINUTE - 1);
		// 30 minutes of events later: 40 minutes back; 50 minutes later, the full hour.
		events.push(...minutely(30, at + 30 * MINUTE).map((event, i) => ({ ...event, id: `later-${i}` })));
		expect(poller.drain(at + 31 * MINUTE, 60 * MINUTE)).toHaveLength(30);
		expect(planRead(poller.cursor, at + 32 * MINUTE, 60 * MINUTE, BOUND_MS).fromMs).toBe(at - 10 * MINUTE - 1);
		expect(poller.cursor.at).toBe(at + 30 * MINUTE);
		events.push(...minutely(30, at + 60 * MINUTE).map((event, i) => ({ ...event, id: `latest-${i}` })));
		expect(poller.drain(at + 61 * MINUTE, 60 * MINUTE)).toHaveLength(30);
		expect(planRead(poller.cursor, at + 62 * MINUTE, 60 * MINUTE, BOUND_MS).fromMs).toBe(at - 1);
		expect(new Set(poller.ran).size).toBe(poller.ran.length);
	});

	it('raised while Jiko lists a late event older than the ids kept: nothing runs again (that late event is the one not run)', () => {
		const ran = minutely(20, T0 + 20 * MINUTE);
		const poller = new Poller(ran, LIST, startCursor(T0, 5 * MINUTE, []));
		expect(poller.drain(T0 + 21 * MINUTE, 5 * MINUTE)).toHaveLength(20);
		// An event of 15 minutes ago shows up only now, after the allowance went from 5 to 30:
		// it is older than the ids kept, so it cannot be told from one that already ran.
		ran.push({ id: 'late', type: TYPE, timestampMs: T0 + 5 * MINUTE, listedAtMs: T0 + 21 * MINUTE });
		expect(poller.drain(T0 + 22 * MINUTE, 30 * MINUTE)).toEqual([]);
		expect(new Set(poller.ran).size).toBe(20);
	});

	it('lowered from 60 to 1 minute: takes effect at once, nothing runs again, new events run once', () => {
		const events = minutely(60, T0 + 60 * MINUTE);
		const poller = new Poller(events, LIST, startCursor(T0, 60 * MINUTE, []));
		expect(poller.drain(T0 + 61 * MINUTE, 60 * MINUTE)).toHaveLength(60);
		const at = poller.cursor.at;
		expect(planRead(poller.cursor, at + MINUTE, MINUTE, BOUND_MS).fromMs).toBe(at - MINUTE - 1);
		events.push(...minutely(3, at + 3 * MINUTE).map((event, i) => ({ ...event, id: `new-${i}` })));
		expect(poller.drain(at + 4 * MINUTE, MINUTE)).toEqual(['new-0', 'new-1', 'new-2']);
		expect(poller.drain(at + 5 * MINUTE, 60 * MINUTE)).toEqual([]);
	});
});

describe('a cursor saved before `seenFrom` existed (v: 1, at, seen)', () => {
	// As the previous version saved it after running event-1…event-60 (allowance 10 minutes).
	const saved = (): IDataObject => {
		const seen: IDataObject = {};
		for (let i = 50; i <= 60; i++) seen[`event-${i}`] = T0 + i * MINUTE;
		return JSON.parse(JSON.stringify({ v: 1, at: T0 + 60 * MINUTE, seen })) as IDataObject;
	};

	it('is still a cursor, and its ids count from the allowance in force (what that version read back)', () => {
		const cursor = saved();
		expect(isCursor(cursor)).toBe(true);
		expect(planRead(cursor as EventCursor, T0 + 61 * MINUTE, 10 * MINUTE, BOUND_MS)).toEqual({ fromMs: T0 + 50 * MINUTE - 1 });
		expect(planRead(cursor as EventCursor, T0 + 61 * MINUTE, 0, BOUND_MS)).toEqual({ fromMs: T0 + 60 * MINUTE - 1 });
	});

	it('keeps running each event once: the next events and one Jiko lists late (inside the allowance) run, none again, and an allowance raised afterwards runs nothing again', () => {
		const events = minutely(63, T0 + 63 * MINUTE);
		events.push({ id: 'late', type: TYPE, timestampMs: T0 + 55 * MINUTE + 500, listedAtMs: T0 + 64 * MINUTE });
		const poller = new Poller(events, LIST, saved() as EventCursor);
		expect(poller.drain(T0 + 64 * MINUTE, 10 * MINUTE)).toEqual(['late', 'event-61', 'event-62', 'event-63']);
		expect(poller.cursor.seenFrom).toBe(T0 + 53 * MINUTE - 1);
		expect(poller.drain(T0 + 65 * MINUTE, 60 * MINUTE)).toEqual([]);
	});
});

describe('property: allowance raised and lowered between polls', () => {
	const list = fc.record({
		inclusive: fc.boolean(),
		order: fc.constantFrom<'asc' | 'desc' | 'as-emitted'>('asc', 'desc', 'as-emitted'),
	});
	/** Allowances in minutes, one per poll (0 to 120, the field's bounds). */
	const allowances = fc.array(fc.constantFrom(0, 1, 2, 5, 10, 30, 60, 120), { minLength: 2, maxLength: 30 });
	/** Events: minute of their timestamp (ties on purpose), a millisecond, the type, a listing lag. */
	const emitted = (maxLagMinutes: fc.Arbitrary<number>) =>
		fc.array(
			fc.record({
				minute: fc.integer({ min: 1, max: 240 }),
				ms: fc.constantFrom(0, 0, 1, 999),
				wanted: fc.boolean(),
				lagMinutes: maxLagMinutes,
			}),
			{ maxLength: 60 },
		);

	function model(raw: Array<{ minute: number; ms: number; wanted: boolean; lagMinutes: number }>): Modelled[] {
		return raw.map((event, i) => {
			const timestampMs = T0 + event.minute * MINUTE + event.ms;
			return { id: `e${i}`, type: event.wanted ? TYPE : 'card.status.open', timestampMs, listedAtMs: timestampMs + event.lagMinutes * MINUTE };
		});
	}

	/** Polls every `everyMinutes` over the events' span, the allowance changing per poll, then drains. */
	function run(events: Modelled[], listing: { inclusive: boolean; order: 'asc' | 'desc' | 'as-emitted' }, minutes: number[], everyMinutes: number, max: number): Poller {
		const poller = new Poller(events, listing, startCursor(T0, minutes[0] * MINUTE, []), max);
		const end = Math.max(T0, ...events.map((event) => event.listedAtMs)) + MINUTE;
		let poll = 0;
		for (let now = T0 + everyMinutes * MINUTE; now <= end; now += everyMinutes * MINUTE) {
			poller.poll(now, minutes[poll++ % minutes.length] * MINUTE);
		}
		poller.drain(end + MINUTE, minutes[poll % minutes.length] * MINUTE);
		return poller;
	}

	it('no event runs twice, however late Jiko lists it and however the allowance changes', () => {
		fc.assert(
			fc.property(list, allowances, emitted(fc.integer({ min: 0, max: 180 })), fc.integer({ min: 1, max: 15 }), fc.integer({ min: 1, max: 5 }), (listing, minutes, raw, every, max) => {
				const poller = run(model(raw), listing, minutes, every, max);
				expect(new Set(poller.ran).size).toBe(poller.ran.length);
			}),
			{ numRuns: 300 },
		);
	});

	it('an event Jiko lists within the smallest allowance used is run exactly once; other types never', () => {
		fc.assert(
			fc.property(
				list,
				allowances.chain((minutes) => fc.tuple(fc.constant(minutes), emitted(fc.integer({ min: 0, max: Math.min(...minutes) })))),
				fc.integer({ min: 1, max: 15 }),
				fc.integer({ min: 1, max: 5 }),
				(listing, [minutes, raw], every, max) => {
					const events = model(raw);
					const poller = run(events, listing, minutes, every, max);
					const wanted = events.filter((event) => event.type === TYPE).map((event) => event.id);
					expect([...poller.ran].sort()).toEqual([...wanted].sort());
				},
			),
			{ numRuns: 300 },
		);
	});
});
