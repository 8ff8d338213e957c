import { createHmac } from 'node:crypto';

import {
	ACCEPT_MINUTES,
	CLOCK_SKEW_MS,
	RecentClaims,
	WINDOW_MARGIN_SECONDS,
	checkAge,
	claimKey,
	deriveDeliverySecret,
	parseTimestamp,
	readDelivery,
	retryHorizonSeconds,
	retryPolicyFor,
	secretFingerprint,
	verifyJikoDelivery,
} from '../../nodes/JikoTrigger/delivery';

/*
 * Webhook delivery signatures: base64(HMAC-SHA256(subscription secret, raw body)). Known answer
 * computed outside the project:
 *   printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
 */
const SECRET = 'trigger-secret-0123456789abcdef-XYZ';
const BODY =
	'{"event_id":"5f0c3a1e-8d2b-4c6f-9a7e-1b2c3d4e5f60","event_type":"transfers.on-us.success","timestamp":"2026-11-25T03:00:00Z","payload":{"on_us_id":"a1","origin_account_id":"b2","destination_account_id":"c3"}}';
const SIGNATURE = 'evq54lWvBRJOorfrjYvSHQxg3Pvl7rN0tfgAsgoUoos=';

describe('Jiko webhook delivery verification', () => {
	it('accepts the known answer over the raw bytes', () => {
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, SECRET)).toBe(true);
	});

	it('refuses a tampered body, re-serialized JSON, a wrong secret, a missing or malformed header', () => {
		expect(verifyJikoDelivery(Buffer.from(BODY.replace('a1', 'a2')), SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(JSON.stringify(JSON.parse(BODY), null, 1)), SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, `${SECRET}x`)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), undefined, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), 'not base64 at all', SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE.slice(0, 20), SECRET)).toBe(false);
	});

	it('fails closed without a raw body or a secret', () => {
		expect(verifyJikoDelivery(undefined, SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, undefined)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, '')).toBe(false);
	});
});

describe('delivery secret derived from the credential', () => {
	const args = ['credential-shared-secret-0001', 'wf-1', 'node-1', 'nonce-1'] as const;

	it('is HMAC-SHA256(credential secret, "jiko-trigger:v1:" + workflow + node + nonce), base64url', () => {
		// openssl: printf '%s' 'jiko-trigger:v1:wf-1:node-1:nonce-1' | openssl dgst -sha256 -hmac credential-shared-secret-0001 -binary | base64 | tr '+/' '-_' | tr -d =
		const expected = createHmac('sha256', args[0]).update('jiko-trigger:v1:wf-1:node-1:nonce-1').digest('base64url');
		expect(deriveDeliverySecret(...args)).toBe(expected);
		expect(deriveDeliverySecret(...args)).toHaveLength(43);
	});

	it("changes with every input, so one workflow's secret says nothing about another's", () => {
		const base = deriveDeliverySecret(...args);
		expect(deriveDeliverySecret('credential-shared-secret-0002', 'wf-1', 'node-1', 'nonce-1')).not.toBe(base);
		expect(deriveDeliverySecret(args[0], 'wf-2', 'node-1', 'nonce-1')).not.toBe(base);
		expect(deriveDeliverySecret(args[0], 'wf-1', 'node-2', 'nonce-1')).not.toBe(base);
		expect(deriveDeliverySecret(args[0], 'wf-1', 'node-1', 'nonce-2')).not.toBe(base);
	});

	it('refuses empty inputs instead of deriving a guessable secret', () => {
		expect(() => deriveDeliverySecret('', 'wf', 'node', 'nonce')).toThrow(TypeError);
		expect(() => deriveDeliverySecret('s', '', 'node', 'nonce')).toThrow(TypeError);
		expect(() => deriveDeliverySecret('s', 'wf', '', 'nonce')).toThrow(TypeError);
		expect(() => deriveDeliverySecret('s', 'wf', 'node', '')).toThrow(TypeError);
	});

	it('has a fingerprint that is not the secret', () => {
		const secret = deriveDeliverySecret(...args);
		expect(secretFingerprint(secret)).toMatch(/^[0-9a-f]{16}$/);
		expect(secret).not.toContain(secretFingerprint(secret));
	});
});

describe('reading a verified delivery', () => {
	const event = { event_id: 'e-1', event_type: 'transfers.on-us.success', timestamp: '2026-11-25T03:00:00Z', payload: { a: 1 } };
	const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

	it('accepts a Jiko envelope', () => {
		const read = readDelivery(body(event));
		expect(read).toEqual({ ok: true, event, timestampMs: Date.parse(event.timestamp) });
		expect(readDelivery(body({ ...event, payload: undefined }))).toMatchObject({ ok: true, event: { payload: {} } });
	});

	it.each([
		['an empty body', '', /empty/],
		['null', 'null', /not a JSON object/],
		['an array', '[]', /not a JSON object/],
		['a number', '42', /not a JSON object/],
		['a string', '"event"', /not a JSON object/],
		['text that is not JSON', 'event_id=1', /not JSON/],
		['a number event_id', { ...event, event_id: 7 }, /event_id/],
		['an object event_id', { ...event, event_id: { id: 'x' } }, /event_id/],
		['an empty event_id', { ...event, event_id: ' ' }, /event_id/],
		['a missing event_id', { ...event, event_id: undefined }, /event_id/],
		['a very long event_id', { ...event, event_id: 'x'.repeat(201) }, /event_id/],
		['a missing event_type', { ...event, event_type: undefined }, /event_type/],
		['a missing timestamp', { ...event, timestamp: undefined }, /timestamp/],
		['a timestamp that is no date', { ...event, timestamp: 'yesterday' }, /timestamp/],
		['a number timestamp', { ...event, timestamp: 1764039600000 }, /timestamp/],
		['a list payload', { ...event, payload: [1] }, /payload/],
		['a string payload', { ...event, payload: 'x' }, /payload/],
	])('refuses %s with 400 and a reason', (_name, value, reason) => {
		const read = readDelivery(body(value));
		expect(read.ok).toBe(false);
		if (!read.ok) {
			expect(read.status).toBe(400);
			expect(read.reason).toMatch(reason);
		}
	});
});

describe('event timestamps', () => {
	it("reads ISO-8601 with Z or an offset, and one without a zone as UTC (not the server's local time)", () => {
		const utc = Date.UTC(2026, 10, 25, 3, 0, 0);
		expect(parseTimestamp('2026-11-25T03:00:00Z')).toBe(utc);
		expect(parseTimestamp('2026-11-25T03:00:00.000000+00:00')).toBe(utc);
		expect(parseTimestamp('2026-11-25T05:00:00+02:00')).toBe(utc);
		expect(parseTimestamp('2026-11-25T03:00:00')).toBe(utc);
		expect(parseTimestamp('2026-11-25 03:00:00')).toBe(utc);
		for (const bad of ['', 'yesterday', '1764039600000', '2026-11-25', 'T03:00:00Z']) expect(parseTimestamp(bad)).toBeNaN();
	});
});

describe('event age', () => {
	const t = Date.parse('2026-11-25T03:00:00Z');

	it('accepts an event inside the window and refuses it after, with the window in the reason', () => {
		expect(checkAge(t, t, 50)).toBeUndefined();
		expect(checkAge(t, t + 50 * 60_000, 50)).toBeUndefined();
		const refused = checkAge(t, t + 50 * 60_000 + 1, 50);
		expect(refused?.status).toBe(422);
		expect(refused?.reason).toMatch(/accepts events for 50 minutes/);
	});

	it('refuses a timestamp further in the future than the clock allowance', () => {
		expect(checkAge(t + CLOCK_SKEW_MS, t, 50)).toBeUndefined();
		expect(checkAge(t + CLOCK_SKEW_MS + 1, t, 50)?.reason).toMatch(/future/);
	});

	it("keeps window + clock allowance inside Jiko's one-hour repeated-request memory", () => {
		expect(ACCEPT_MINUTES.max * 60_000 + CLOCK_SKEW_MS).toBeLessThanOrEqual(60 * 60_000);
		expect(ACCEPT_MINUTES.default).toBeLessThanOrEqual(ACCEPT_MINUTES.max);
	});
});

describe('subscription retry policy', () => {
	it.each([ACCEPT_MINUTES.min, 10, 30, ACCEPT_MINUTES.default, ACCEPT_MINUTES.max])(
		'for %i minutes: Jiko\'s last retry (even one more than maximum_attempts) ends inside the window',
		(minutes) => {
			const policy = retryPolicyFor(minutes);
			expect(policy.maximum_attempts).toBeGreaterThanOrEqual(1);
			expect(retryHorizonSeconds(policy, 1)).toBeLessThanOrEqual(minutes * 60 - WINDOW_MARGIN_SECONDS);
			// and it uses the window: one more attempt would not fit
			const more = { ...policy, maximum_attempts: policy.maximum_attempts + 1 };
			if (policy.maximum_attempts < 20) expect(retryHorizonSeconds(more, 1)).toBeGreaterThan(minutes * 60 - WINDOW_MARGIN_SECONDS);
		},
	);

	it('retries what means "not taken yet" and never a refusal', () => {
		const policy = retryPolicyFor(50);
		expect(policy).toMatchObject({ backoff_coefficient: 2, initial_interval_seconds: 30, maximum_interval_seconds: 600, maximum_attempts: 7 });
		expect(policy.retry_on_status_codes).toEqual(expect.arrayContaining([0, 429, 500, 502, 503, 504]));
		for (const final of [200, 400, 401, 422]) expect(policy.retry_on_status_codes).not.toContain(final);
	});
});

describe('claim key', () => {
	it('is one UUID per (workflow, node, event), the same in every process', () => {
		const key = claimKey('wf-1', 'node-1', 'e-1');
		expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		expect(claimKey('wf-1', 'node-1', 'e-1')).toBe(key);
		expect(claimKey('wf-2', 'node-1', 'e-1')).not.toBe(key);
		expect(claimKey('wf-1', 'node-2', 'e-1')).not.toBe(key);
		expect(claimKey('wf-1', 'node-1', 'e-2')).not.toBe(key);
	});
});

describe("this process's recent claims (fast path only)", () => {
	it('remembers within its age, forgets after, and stays bounded', () => {
		const recent = new RecentClaims(3);
		recent.add('a', 0);
		expect(recent.has('a', 10, 100)).toBe(true);
		expect(recent.has('a', 101, 100)).toBe(false);
		for (const key of ['b', 'c', 'd', 'e']) recent.add(key, 200);
		expect(recent.size).toBe(3);
		expect(recent.has('b', 200, 100)).toBe(false);
		expect(recent.has('e', 200, 100)).toBe(true);
		recent.delete('e');
		expect(recent.has('e', 200, 100)).toBe(false);
	});
});
