import type { IDataObject } from 'n8n-workflow';

import { EVENT_TYPES as NODE_EVENT_TYPES } from '../../core/eventTypes';
import { EVENT_TYPES as SANDBOX_EVENT_TYPES } from '../../sandbox/events';
import { DEMO_IDS } from '../../sandbox/server';
import { jikoRunner } from '../support/jiko';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox();

const run = jikoRunner(() => sandbox.get().url, { resource: 'event' });

const allEvents = () => Object.values(sandbox.get().state.data.events);

describe('Event → Get Event Types', () => {
	test('one item per {event}, every type Jiko lists', async () => {
		const { items, error } = await run({ operation: 'getEventTypes' });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.event)).toEqual([...SANDBOX_EVENT_TYPES]);
		for (const i of items) expect(i.pairedItem).toEqual({ item: 0 });
	});

	test("the Webhook Subscription Events list offers exactly Jiko's event types", () => {
		expect([...NODE_EVENT_TYPES].sort()).toEqual([...SANDBOX_EVENT_TYPES].sort());
	});
});

describe('Event → Get Many', () => {
	test('Return All over several cursor pages: every past event, oldest first', async () => {
		for (let i = 0; i < 120; i++) {
			sandbox.get().emitEvent('transfers.ach.in.success', { jiko_account_id: DEMO_IDS.customers.ada.pockets.main });
		}
		const expected = allEvents();
		expect(expected.length).toBeGreaterThan(100);
		const { items, error } = await run({ operation: 'getMany', returnAll: true });
		expect(error).toBeUndefined();
		const ids = items.map((i) => (i.json.event as IDataObject).event_id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(expected.map((e) => e.eventId).sort());
		for (const i of items) {
			expect(i.json.object_type).toBe('PartnerEvent');
			expect(Array.isArray(i.json.delivery_attempts)).toBe(true);
		}
	});

	test('Limit: that many events', async () => {
		const { items, error } = await run({ operation: 'getMany', returnAll: false, limit: 5 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
	});

	test('the Subscription ID filter keeps only the events delivered to it', async () => {
		const subscriptionId = DEMO_IDS.seededSubscriptionId;
		const expected = allEvents().filter((e) => e.deliveryAttempts.some((d) => d.subscription_id === subscriptionId));
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(allEvents().length);
		const { items, error } = await run({ operation: 'getMany', returnAll: true, filters: { subscriptionId } });
		expect(error).toBeUndefined();
		expect(items.map((i) => (i.json.event as IDataObject).event_id).sort()).toEqual(expected.map((e) => e.eventId).sort());
		for (const i of items) {
			const attempts = i.json.delivery_attempts as IDataObject[];
			expect(attempts.some((a) => a.subscription_id === subscriptionId)).toBe(true);
		}
	});

	test('the After filter keeps only later events', async () => {
		const times = allEvents().map((e) => e.timestamp).sort((a, b) => a - b);
		const after = times[1];
		const expected = allEvents().filter((e) => e.timestamp > after);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(times.length);
		const { items, error } = await run({ operation: 'getMany', returnAll: true, filters: { after: new Date(after).toISOString() } });
		expect(error).toBeUndefined();
		expect(items.map((i) => (i.json.event as IDataObject).event_id).sort()).toEqual(expected.map((e) => e.eventId).sort());
		for (const i of items) expect(Date.parse(String((i.json.event as IDataObject).timestamp))).toBeGreaterThan(after);
	});

	test('Continue On Fail: a Subscription ID that is not a UUID becomes an {error} item naming the field and item', async () => {
		const { items, error } = await run(
			{ operation: 'getMany', returnAll: false, limit: 1, filters: { subscriptionId: '={{ $json.sub }}' } },
			[{ sub: DEMO_IDS.seededSubscriptionId }, { sub: 'legacy' }],
			true,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json.event).toBeDefined();
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(String(items[1].json.error)).toContain('Filters → Subscription ID (item 1)');
	});

	test('an After value that is not a date is refused, naming the field and the item', async () => {
		const { error } = await run({ operation: 'getMany', returnAll: true, filters: { after: '={{ "yesterday" }}' } });
		expect(error?.message).toContain('Filters → After (item 0)');
	});
});
