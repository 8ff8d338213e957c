import axios from 'axios';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { EVENT_TYPES as NODE_EVENT_TYPES } from '../../core/eventTypes';
import { JikoRawClient } from '../support/jikoRawClient';
import { useSandbox } from '../support/sandbox';

// Jiko's documented event types as the node lists them: an independent list to check the
// sandbox's against.
const ALL_EVENT_TYPES = NODE_EVENT_TYPES;

interface Received {
	raw: Buffer;
	headers: IncomingHttpHeaders;
	path: string;
}

/** A webhook receiver: records raw bytes; answers the queued statuses, then 202. */
class Receiver {
	received: Received[] = [];
	statuses: number[] = [];
	private waiters: { n: number; resolve: () => void }[] = [];
	server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			this.received.push({ raw: Buffer.concat(chunks), headers: req.headers, path: req.url ?? '' });
			res.statusCode = this.statuses.shift() ?? 202;
			res.end();
			for (const w of this.waiters.filter((x) => this.received.length >= x.n)) w.resolve();
		});
	});
	url = '';
	async start(): Promise<void> {
		await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}
	waitFor(n: number): Promise<void> {
		if (this.received.length >= n) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push({ n, resolve }));
	}
	close(): Promise<void> {
		return new Promise((r) => this.server.close(() => r()));
	}
}

/** Independent check of Jiko's delivery signature: base64 HMAC-SHA256(secret, raw body). */
function verifyDelivery(secret: string, raw: Buffer, header: string | string[] | undefined): boolean {
	if (typeof header !== 'string') return false;
	const expected = Buffer.from(createHmac('sha256', secret).update(raw).digest('base64'));
	const got = Buffer.from(header);
	return expected.length === got.length && timingSafeEqual(expected, got);
}

let sb: RunningSandbox;
let client: JikoRawClient;
let rx: Receiver;

const sandbox = useSandbox({ assumptions: { webhookRetryDelaysMs: [20, 40] }, login: true });
beforeAll(async () => {
	sb = sandbox.get();
	client = sandbox.raw();
	rx = new Receiver();
	await rx.start();
});
afterAll(async () => {
	await rx.close();
});

test('event types: an offset list with every Partner API event type', async () => {
	const res = await client.get('/api/v1/events/types/');
	expect(res.data).toMatchObject({ offset: 0, count: ALL_EVENT_TYPES.length, object_type: 'List' });
	expect(res.data.items.map((i: { event: string }) => i.event).sort()).toEqual([...ALL_EVENT_TYPES].sort());
});

describe('subscriptions', () => {
	const SECRET = 'a-very-secret-webhook-key-1234';

	test('create, get, list, patch, delete; the shared secret is never returned', async () => {
		const created = await client.post('/api/v1/subscriptions/', { events: ['transfers.ach.in.success'], url: 'https://example.com/hooks', shared_secret: SECRET, description: 'ACH in' });
		expect(created.status).toBe(201);
		expect(created.data).toMatchObject({ id: expect.any(String), events: ['transfers.ach.in.success'], url: 'https://example.com/hooks', description: 'ACH in', status: 'enabled', object_type: 'Subscription' });
		expect(created.data.time_created).toEqual(expect.any(String));
		expect(created.data.updated_at).toEqual(expect.any(String));
		expect(created.text).not.toContain(SECRET);
		expect(created.data).not.toHaveProperty('shared_secret');
		const id = created.data.id;

		const got = await client.get(`/api/v1/subscriptions/${id}/`);
		expect(got.data).toEqual(created.data);
		expect(got.text).not.toContain(SECRET);

		const list = await client.get('/api/v1/subscriptions/');
		expect(list.data.object_type).toBe('CursorList');
		expect(list.data.items.map((s: { id: string }) => s.id)).toContain(id);
		expect(list.text).not.toContain(SECRET);

		const NEW_SECRET = 'another-secret-that-is-long-enough';
		const patched = await client.request('PATCH', `/api/v1/subscriptions/${id}/`, { body: { events: ['transfers.ach.in.success', 'transfers.ach.in.rejected'], shared_secret: NEW_SECRET } });
		expect(patched.status).toBe(200);
		expect(patched.data.events).toEqual(['transfers.ach.in.success', 'transfers.ach.in.rejected']);
		expect(patched.data.url).toBe('https://example.com/hooks');
		expect(patched.text).not.toContain(NEW_SECRET);
		expect(sb.state.data.subscriptions[id].sharedSecret).toBe(NEW_SECRET);

		const del = await client.request('DELETE', `/api/v1/subscriptions/${id}/`);
		expect(del.status).toBe(204);
		expect(del.text).toBe('');
		expect((await client.get(`/api/v1/subscriptions/${id}/`)).status).toBe(404);
		expect((await client.request('DELETE', `/api/v1/subscriptions/${id}/`)).status).toBe(404);
	});

	test.each([
		[{ events: [], url: 'https://e.com', shared_secret: SECRET }, ['body', 'events'], 'value_error.list.min_items'],
		[{ events: ['no.such.event'], url: 'https://e.com', shared_secret: SECRET }, ['body', 'events', 0], 'type_error.enum'],
		[{ events: ['card.status.open'], url: 'not a url', shared_secret: SECRET }, ['body', 'url'], 'value_error.url.scheme'],
		[{ events: ['card.status.open'], url: `https://e.com/${'x'.repeat(2084)}`, shared_secret: SECRET }, ['body', 'url'], 'value_error.any_str.max_length'],
		[{ events: ['card.status.open'], url: 'https://e.com', shared_secret: 'short' }, ['body', 'shared_secret'], 'value_error.any_str.min_length'],
		[{ url: 'https://e.com', shared_secret: SECRET }, ['body', 'events'], 'value_error.missing'],
	])('validation %#', async (body, loc, type) => {
		const res = await client.post('/api/v1/subscriptions/', body);
		expect(res.status).toBe(422);
		expect(res.data.detail).toEqual(expect.arrayContaining([expect.objectContaining({ loc, type })]));
	});

	test('a body nested thousands of levels deep is refused with a 422 and nothing is stored: the list still answers', async () => {
		const deep = `{"events":["card.status.open"],"url":"https://example.com/deep","shared_secret":"${SECRET}","retry_policy":${'{"a":'.repeat(6_000)}1${'}'.repeat(6_000)}}`;
		const res = await client.request('POST', '/api/v1/subscriptions/', { body: deep });
		expect(res.status).toBe(422);
		expect(JSON.stringify(res.data)).toContain('nested more than 64 levels deep');
		const listed = await client.get('/api/v1/subscriptions/', { query: { limit: 100 } });
		expect(listed.status).toBe(200);
		expect(JSON.stringify(listed.data)).not.toContain('https://example.com/deep');
	});

	test('PATCH validates too, and 404s an unknown id', async () => {
		const created = await client.post('/api/v1/subscriptions/', { events: ['card.status.open'], url: 'https://example.com/a', shared_secret: SECRET });
		const bad = await client.request('PATCH', `/api/v1/subscriptions/${created.data.id}/`, { body: { events: [] } });
		expect(bad.status).toBe(422);
		const unknown = await client.request('PATCH', `/api/v1/subscriptions/${randomUUID()}/`, { body: { description: 'x' } });
		expect(unknown.status).toBe(404);
	});
});

describe('delivery', () => {
	const SECRET = 'receiver-shared-secret-42';
	let subId: string;

	beforeAll(async () => {
		const res = await client.post('/api/v1/subscriptions/', { events: ['transfers.on-us.success', 'transfers.ach.in.success'], url: `${rx.url}/jiko`, shared_secret: SECRET });
		subId = res.data.id;
	});

	test('POST /api/v1/sandbox/webhook/ → 202, a signed delivery the receiver verifies', async () => {
		const payload = { on_us_id: randomUUID(), origin_account_id: DEMO_IDS.partnerPocketId, destination_account_id: DEMO_IDS.customers.ada.pockets.main };
		const before = rx.received.length;
		const res = await client.post('/api/v1/sandbox/webhook/', { event_type: 'transfers.on-us.success', payload });
		expect(res.status).toBe(202);
		await rx.waitFor(before + 1);
		const got = rx.received[before];
		expect(got.path).toBe('/jiko');
		expect(got.headers['content-type']).toMatch(/^application\/json/);
		expect(verifyDelivery(SECRET, got.raw, got.headers['x-jiko-signature'])).toBe(true);
		expect(verifyDelivery('some-other-secret-xx', got.raw, got.headers['x-jiko-signature'])).toBe(false);
		const env = JSON.parse(got.raw.toString('utf8'));
		expect(env).toEqual({ event_id: expect.any(String), event_type: 'transfers.on-us.success', timestamp: expect.any(String), payload });

		await sb.webhooks.idle();
		const events = await client.get('/api/v1/events/', { query: { subscription_id: subId } });
		const item = events.data.items.find((e: { event: { event_id: string } }) => e.event.event_id === env.event_id);
		expect(item).toMatchObject({ event: env, object_type: 'PartnerEvent' });
		expect(item.delivery_attempts).toEqual([
			expect.objectContaining({ subscription_id: subId, success: true, response_code: 202, delivery_attempt_id: expect.any(String), called_at: expect.any(String) }),
		]);
	});

	test('a failed delivery is retried and each attempt recorded', async () => {
		rx.statuses.push(500, 503);
		const before = rx.received.length;
		const ev = sb.emitEvent('transfers.ach.in.success', { jiko_account_id: DEMO_IDS.customers.ada.pockets.main });
		await rx.waitFor(before + 3);
		await sb.webhooks.idle();
		const attempts = sb.state.data.events[ev.eventId].deliveryAttempts;
		expect(attempts.map((a) => a.response_code)).toEqual([500, 503, 202]);
		expect(attempts.map((a) => a.success)).toEqual([false, false, true]);
		// every attempt carries the same bytes and a valid signature
		const bodies = rx.received.slice(before).map((r) => r.raw.toString('hex'));
		expect(new Set(bodies).size).toBe(1);
		expect(rx.received.slice(before).every((r) => verifyDelivery(SECRET, r.raw, r.headers['x-jiko-signature']))).toBe(true);
	});

	test('an unreachable receiver is recorded with response_code 0 after all retries', async () => {
		const dead = await client.post('/api/v1/subscriptions/', { events: ['card.status.locked'], url: 'http://127.0.0.1:9/nothing', shared_secret: SECRET });
		const ev = sb.emitEvent('card.status.locked', { card_id: DEMO_IDS.cards.adaVirtual, status: 'LOCKED' });
		await sb.webhooks.idle();
		const attempts = sb.state.data.events[ev.eventId].deliveryAttempts;
		expect(attempts).toHaveLength(3);
		expect(attempts.every((a) => !a.success && a.response_code === 0 && a.subscription_id === dead.data.id)).toBe(true);
	});

	test('a disabled subscription receives nothing; the API answers before deliveries finish', async () => {
		const sub = await client.post('/api/v1/subscriptions/', { events: ['application.approved'], url: `${rx.url}/disabled`, shared_secret: SECRET });
		// Partner UpdateSubscriptionRequest has no status: 422 by default (subscriptionUpdateStatus)
		const refused = await client.request('PATCH', `/api/v1/subscriptions/${sub.data.id}/`, { body: { status: 'disabled' } });
		expect(refused.status).toBe(422);
		expect(refused.data.detail).toEqual([{ loc: ['body', 'status'], msg: 'extra fields not permitted', type: 'value_error.extra' }]);
		await axios.put(`${sb.url}/_sandbox/config`, { assumptions: { subscriptionUpdateStatus: 'accept' } });
		try {
			expect((await client.request('PATCH', `/api/v1/subscriptions/${sub.data.id}/`, { body: { status: 'disabled' } })).data.status).toBe('disabled');
		} finally {
			await axios.put(`${sb.url}/_sandbox/config`, { assumptions: { subscriptionUpdateStatus: 'reject' } });
		}
		const res = await client.post('/api/v1/sandbox/webhook/', { event_type: 'application.approved', payload: { application_id: randomUUID() } });
		expect(res.status).toBe(202);
		await sb.webhooks.idle();
		expect(rx.received.some((r) => r.path === '/disabled')).toBe(false);
	});

	test('the trigger validates the envelope and the payload of its event type', async () => {
		const unknown = await client.post('/api/v1/sandbox/webhook/', { event_type: 'nope', payload: {} });
		expect(unknown.status).toBe(422);
		expect(unknown.data.detail[0].loc).toEqual(['body', 'event_type']);
		const missing = await client.post('/api/v1/sandbox/webhook/', { event_type: 'transfers.on-us.success', payload: { on_us_id: randomUUID() } });
		expect(missing.status).toBe(422);
		expect(missing.data.detail.map((d: { loc: unknown[] }) => d.loc)).toEqual([
			['body', 'payload', 'origin_account_id'],
			['body', 'payload', 'destination_account_id'],
		]);
		const withId = await client.post('/api/v1/sandbox/webhook/', { event_id: randomUUID(), timestamp: '2026-11-01T10:00:00+00:00', event_type: 'transfers.ach.in.success', payload: { jiko_account_id: DEMO_IDS.customers.grace.pockets.main } });
		expect(withId.status).toBe(202);
	});

	test('GET /api/v1/events/ lists seeded past events oldest first and filters by `after`', async () => {
		const all = await client.get('/api/v1/events/', { query: { limit: 100 } });
		const times = all.data.items.map((e: { event: { timestamp: string } }) => Date.parse(e.event.timestamp));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect(all.data.items.length).toBeGreaterThanOrEqual(4);
		const seeded = all.data.items.find((e: { delivery_attempts: unknown[] }) => e.delivery_attempts.length === 2);
		expect(seeded.delivery_attempts[0]).toMatchObject({ success: false, response_code: 500 });
		const after = await client.get('/api/v1/events/', { query: { after: '2026-09-05T00:00:00Z', limit: 100 } });
		expect(after.data.items.every((e: { event: { timestamp: string } }) => Date.parse(e.event.timestamp) > Date.parse('2026-09-05T00:00:00Z'))).toBe(true);
		expect(after.data.items.length).toBeLessThan(all.data.items.length);
	});
});

describe('switches the Jiko Trigger reads (eventTypesOffset, eventListLagMs)', () => {
	afterEach(() => {
		Object.assign(sb.assumptions, { eventTypesOffset: 'echo', eventListLagMs: 0 });
	});

	it('eventTypesOffset: echo reads offset/limit and echoes the offset; ignore answers the whole list with offset 0', async () => {
		const echoed = await client.get('/api/v1/events/types/', { query: { offset: 3, limit: 1 } });
		expect(echoed.data).toMatchObject({ offset: 3 });
		expect(echoed.data.items).toHaveLength(1);
		sb.assumptions.eventTypesOffset = 'ignore';
		const ignored = await client.get('/api/v1/events/types/', { query: { offset: 3, limit: 1 } });
		expect(ignored.data).toMatchObject({ offset: 0 });
		expect(ignored.data.items).toHaveLength(ALL_EVENT_TYPES.length);
	});

	it('eventListLagMs: an event is listed only that long after Jiko recorded it, with its own timestamp', async () => {
		sb.assumptions.eventListLagMs = 400;
		const after = new Date(Date.now() - 1_000).toISOString();
		const event = sb.emitEvent('transfers.on-us.success', { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() });
		const ids = async () => ((await client.get('/api/v1/events/', { query: { after, limit: 100 } })).data.items as Array<{ event: { event_id: string } }>).map((i) => i.event.event_id);
		expect(await ids()).not.toContain(event.eventId);
		await new Promise((r) => setTimeout(r, 500));
		expect(await ids()).toContain(event.eventId);
	});
});
