import { randomUUID } from 'node:crypto';

import { POLL_LIMITS } from '../../nodes/JikoPollTrigger/limits';
import { type RunningSandbox } from '../../sandbox/server';
import type { Assumptions } from '../../sandbox/assumptions';
import { jikoCredentials } from '../support/harness';
import { PollRig } from '../support/pollRig';
import { TriggerRig, WORKFLOW_ID } from '../support/triggerHarness';
import { openSandbox } from '../support/sandbox';

/*
 * The Jiko Poll Trigger through n8n-core's PollContext against the local sandbox: every event
 * Jiko lists is started once — after downtime, under a lagging list, in either list order —
 * whatever the poll that saw it, as long as n8n saves the cursor with the execution (n8n's
 * durable poll cursors; a poll whose commit is lost is simply read again).
 */
const TYPE = 'transfers.on-us.success';

function emit(sb: RunningSandbox, count: number, options: { type?: string; timestamp?: number } = {}): string[] {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const event = sb.emitEvent(options.type ?? TYPE, { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() }, { timestamp: options.timestamp });
		ids.push(event.eventId);
	}
	return ids;
}

const ids = (items: Array<Record<string, unknown>> | null) => (items ?? []).map((item) => String(item.event_id));

/** n8n was down for `ms`: the saved cursor is that old (its position and the start of its ids). */
function savedAgo(rig: PollRig, ms: number): void {
	const cursor = rig.committed.cursor as { at: number; seenFrom?: number };
	const shift = cursor.at - (Date.now() - ms);
	cursor.at -= shift;
	if (typeof cursor.seenFrom === 'number') cursor.seenFrom -= shift;
}

/** Polls until one poll finds nothing new; every event id it started. */
async function drain(rig: PollRig, polls = 10): Promise<string[]> {
	const started: string[] = [];
	for (let i = 0; i < polls; i++) {
		const items = await rig.poll();
		if (!items) break;
		started.push(...ids(items));
	}
	return started;
}

describe.each<[string, Partial<Assumptions>]>([
	['the list oldest first', {}],
	['the list newest first', { eventsOrder: 'desc' }],
	['the list lagging 300 ms', { eventListLagMs: 300 }],
	['after including its own instant', { eventsAfter: 'inclusive' }],
])('Jiko Poll Trigger — %s', (_name, assumptions) => {
	let sb: RunningSandbox;
	let rig: PollRig;

	beforeAll(async () => {
		sb = await openSandbox({ assumptions: { ...assumptions, webhookRetryDelaysMs: [] } });
		rig = new PollRig(jikoCredentials(sb.url));
	});
	afterAll(async () => {
		await sb.close();
	});

	const settle = () => new Promise((r) => setTimeout(r, (sb.assumptions.eventListLagMs ?? 0) + 50));

	it('starts from activation: events before it are not run; each later event is run once, oldest first, as one item', async () => {
		emit(sb, 3);
		await settle();
		expect(await rig.poll()).toBeNull();
		const fresh = emit(sb, 5);
		await settle();
		const items = await rig.poll();
		expect(new Set(ids(items))).toEqual(new Set(fresh));
		expect(items).toHaveLength(fresh.length);
		const times = (items ?? []).map((item) => Date.parse(String(item.timestamp)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(items?.[0]).toMatchObject({ event_type: TYPE, payload: expect.any(Object), timestamp: expect.any(String) });
		expect(await rig.poll()).toBeNull();
	});

	it('only the chosen event types', async () => {
		emit(sb, 3, { type: 'card.status.open' });
		const wanted = emit(sb, 2);
		await settle();
		expect(new Set(await drain(rig))).toEqual(new Set(wanted));
	});

	it('n8n down while 200 events happen (Jiko gives up delivering): all 200 run when it is back, once', async () => {
		const happened = emit(sb, 200);
		await settle();
		const started = await drain(rig);
		expect(started).toHaveLength(200);
		expect(new Set(started)).toEqual(new Set(happened));
	});

	it('a poll whose commit is lost (n8n killed mid-poll) is read again; a committed one never again', async () => {
		const happened = emit(sb, 7);
		await settle();
		const lost = await rig.poll({ commit: false });
		expect(new Set(ids(lost))).toEqual(new Set(happened));
		const again = await rig.poll();
		expect(ids(again)).toEqual(ids(lost));
		expect(await rig.poll()).toBeNull();
	});

	it(`more than ${POLL_LIMITS.eventsPerRun.toLocaleString('en-US')} new events: ${POLL_LIMITS.eventsPerRun.toLocaleString('en-US')} per execution, the rest at the next poll, none twice`, async () => {
		const happened = emit(sb, POLL_LIMITS.eventsPerRun + 250);
		await settle();
		const first = await rig.poll();
		expect(first).toHaveLength(POLL_LIMITS.eventsPerRun);
		const rest = await drain(rig);
		const all = [...ids(first), ...rest];
		expect(all).toHaveLength(happened.length);
		expect(new Set(all)).toEqual(new Set(happened));
	});

	it('the manual "Fetch Test Event" returns the newest event and leaves the cursor alone', async () => {
		const [newest] = emit(sb, 1);
		await settle();
		const before = JSON.stringify(rig.committed);
		expect(ids(await rig.poll({ mode: 'manual' }))).toEqual([newest]);
		expect(JSON.stringify(rig.committed)).toBe(before);
		expect(await drain(rig)).toEqual([newest]);
	});
});

describe.each<[string, Partial<Assumptions>]>([
	['after exclusive', {}],
	['after inclusive', { eventsAfter: 'inclusive' }],
])('Jiko Poll Trigger — more events than one poll reads (%s)', (_name, assumptions) => {
	let sb: RunningSandbox;
	const pages = POLL_LIMITS.pagesPerPoll;
	beforeAll(async () => {
		sb = await openSandbox({ assumptions: { ...assumptions, webhookRetryDelaysMs: [] } });
		POLL_LIMITS.pagesPerPoll = 2; // 200 events a poll
	});
	afterAll(async () => {
		POLL_LIMITS.pagesPerPoll = pages;
		await sb.close();
	});

	it('moves on past events already run; when more than one poll reads fit in the allowance, it says so and skips nothing', async () => {
		const rig = new PollRig(jikoCredentials(sb.url));
		expect(await rig.poll()).toBeNull();
		const first = emit(sb, 150);
		expect(new Set(await drain(rig))).toEqual(new Set(first));
		const second = emit(sb, 100);
		const started = ids(await rig.poll());
		expect(started).toHaveLength(50);
		await expect(rig.poll()).rejects.toThrow(/listed within the Late Events Allowance/);
		// A shorter allowance gets past them: the rest run, none twice.
		rig.parameters.lateMinutes = 0;
		started.push(...(await drain(rig)));
		expect(new Set(started)).toEqual(new Set(second));
		expect(started).toHaveLength(100);
	});
});

describe.each<[string, Partial<Assumptions>]>([
	['the list oldest first', {}],
	['the list newest first', { eventsOrder: 'desc' }],
	['the list lagging 300 ms', { eventListLagMs: 300 }],
	['after including its own instant', { eventsAfter: 'inclusive' }],
])('Jiko Poll Trigger — Late Events Allowance changed while active (%s)', (_name, assumptions) => {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await openSandbox({ assumptions: { ...assumptions, webhookRetryDelaysMs: [] } });
	});
	afterAll(async () => {
		await sb.close();
	});
	const settle = () => new Promise((r) => setTimeout(r, (sb.assumptions.eventListLagMs ?? 0) + 50));

	it('raised from 10 to 60 minutes, then lowered to 1: every event runs once, none again', async () => {
		const rig = new PollRig(jikoCredentials(sb.url), { lateMinutes: 10 });
		expect(await rig.poll()).toBeNull();
		// n8n was down for two hours; one event a minute happened in the last hour.
		savedAgo(rig, 2 * 3_600_000);
		const hour: string[] = [];
		for (let minutes = 60; minutes >= 1; minutes--) hour.push(...emit(sb, 1, { timestamp: Date.now() - minutes * 60_000 }));
		await settle();
		const started = await drain(rig);
		expect(new Set(started)).toEqual(new Set(hour));
		expect(started).toHaveLength(60);
		rig.parameters.lateMinutes = 60;
		expect(await drain(rig)).toEqual([]);
		const next = emit(sb, 5);
		await settle();
		expect(new Set(await drain(rig))).toEqual(new Set(next));
		rig.parameters.lateMinutes = 1;
		const last = emit(sb, 3);
		await settle();
		expect(new Set(await drain(rig))).toEqual(new Set(last));
		rig.parameters.lateMinutes = 120;
		expect(await drain(rig)).toEqual([]);
	});
});

describe('Jiko Poll Trigger — events Jiko lists late', () => {
	let sb: RunningSandbox;
	beforeAll(async () => {
		sb = await openSandbox({ assumptions: { webhookRetryDelaysMs: [] } });
	});
	afterAll(async () => {
		await sb.close();
	});

	it('an event listed after newer ones were run is still run once, inside the Late Events Allowance', async () => {
		const rig = new PollRig(jikoCredentials(sb.url));
		expect(await rig.poll()).toBeNull();
		const now = Date.now();
		const newer = emit(sb, 2, { timestamp: now });
		expect(new Set(ids(await rig.poll()))).toEqual(new Set(newer));
		// Jiko lists, only now, an event that happened 3 minutes ago.
		const late = emit(sb, 1, { timestamp: now - 3 * 60_000 });
		expect(ids(await rig.poll())).toEqual(late);
		expect(await rig.poll()).toBeNull();
	});

	it('an event listed later than the allowance is not run (stated in the field); downtime past Catch Up At Most is logged with the range skipped', async () => {
		const rig = new PollRig(jikoCredentials(sb.url), { lateMinutes: 1, catchUpHours: 1 });
		expect(await rig.poll()).toBeNull();
		emit(sb, 1, { timestamp: Date.now() - 5 * 60_000 });
		expect(await rig.poll()).toBeNull();
		// n8n was down for 3 hours: the cursor is 3 hours old.
		savedAgo(rig, 3 * 3_600_000);
		const old = emit(sb, 1, { timestamp: Date.now() - 2 * 3_600_000 });
		const recent = emit(sb, 1, { timestamp: Date.now() - 30 * 60_000 });
		const started = await drain(rig);
		expect(started).toContain(recent[0]);
		expect(started).not.toContain(old[0]);
		expect(new Set(started).size).toBe(started.length);
		expect(rig.warnings.join('\n')).toMatch(/were not read \(older than Catch Up At Most\)/);
	});
});

describe('Jiko Poll Trigger — catch-up beside a Jiko Trigger (Read: Events the Jiko Trigger Did Not Take)', () => {
	let sb: RunningSandbox;
	let webhook: TriggerRig;
	beforeAll(async () => {
		// Jiko gives up at once: nothing listens at the rig's webhook URL.
		sb = await openSandbox({ assumptions: { webhookRetryDelaysMs: [] } });
		webhook = new TriggerRig(jikoCredentials(sb.url));
		expect(await webhook.activate()).toBe('created');
	});
	afterAll(async () => {
		await webhook.deactivate();
		await sb.close();
	});

	it('runs, once, every event of the subscription Jiko could not deliver, once no delivery can start it; never one the webhook took', async () => {
		const rig = new PollRig(jikoCredentials(sb.url), { source: 'missed' }, WORKFLOW_ID);
		expect(await rig.poll()).toBeNull();
		const subscriptionId = String(webhook.state().subscriptionId);
		// n8n was down for two hours: 30 events happened, Jiko's deliveries failed and it gave up;
		// 10 more were delivered and taken (Jiko recorded a 2xx from the webhook).
		savedAgo(rig, 2 * 3_600_000);
		const missed = emit(sb, 30, { timestamp: Date.now() - 90 * 60_000 });
		const taken = emit(sb, 10, { timestamp: Date.now() - 80 * 60_000 });
		await sb.webhooks.idle();
		for (const id of taken) {
			sb.state.data.events[id].deliveryAttempts.push({ delivery_attempt_id: randomUUID(), subscription_id: subscriptionId, success: true, response_code: 200, response_message: 'OK', called_at: Date.now() });
		}
		// Still inside the webhook's window: not the catch-up's yet.
		const recent = emit(sb, 5, { timestamp: Date.now() - 10 * 60_000 });
		await sb.webhooks.idle();
		const items = await rig.poll();
		expect(new Set(ids(items))).toEqual(new Set(missed));
		expect(items?.[0]).toMatchObject({ subscription_id: subscriptionId, event_type: TYPE });
		expect(await drain(rig)).toEqual([]);
		for (const id of [...taken, ...recent]) expect(ids(items)).not.toContain(id);
	});

	it('without a Jiko Trigger subscription in its workflow: an error that says what to do', async () => {
		const rig = new PollRig(jikoCredentials(sb.url), { source: 'missed' }, 'another-workflow');
		await expect(rig.poll()).rejects.toThrow(/No Jiko Trigger subscription of this workflow/);
	});
});
