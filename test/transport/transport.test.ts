import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { resetRateGates, retryPolicy } from '../../nodes/Jiko/transport';
import { jikoCredentials, runNode } from '../support/harness';
import { TransportProbe } from '../support/probeNode';

/*
 * The transport against a scripted fake Jiko (not the sandbox): each test queues the answers
 * the server gives, so retries, classification and messages are pinned exactly. The fake
 * verifies every signature with its own code, over the raw bytes it received.
 */
type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'reset' | 'hang';

interface Received {
	method: string;
	path: string;
	key: string;
	body: string;
}

const SECRET = 'sandbox-shared-secret-0001';
let server: Server;
let baseUrl: string;
let script: Reply[] = [];
let received: Received[] = [];
let logins = 0;

function answer(res: ServerResponse, reply: Reply) {
	if (reply === 'reset') {
		res.socket?.destroy();
		return;
	}
	if (reply === 'hang') return; // never answers: the client times out
	res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
	res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
}

beforeAll(async () => {
	server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const raw = Buffer.concat(chunks);
			const path = new URL(req.url ?? '/', 'http://x').pathname;
			if (path === '/api/v1/login/') {
				logins++;
				answer(res, { status: 200, body: { token: `token-${logins}`, expires: new Date(Date.now() + 3600e3).toISOString() } });
				return;
			}
			const key = String(req.headers['x-jiko-idempotency'] ?? '');
			const expected = createHmac('sha256', SECRET)
				.update(Buffer.concat([Buffer.from(key + path), raw]))
				.digest('base64');
			if (req.headers['x-jiko-signature'] !== expected) {
				answer(res, { status: 403, body: { detail: 'Invalid signature' } });
				return;
			}
			received.push({ method: req.method ?? '', path, key, body: raw.toString('utf8') });
			answer(res, script.shift() ?? { status: 200, body: { ok: true } });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const originalPolicy = { ...retryPolicy };
beforeEach(() => {
	script = [];
	received = [];
	logins = 0;
	// Keep waits short; the policy's shape (which failures retry) is what is under test.
	retryPolicy.backoffMs = () => 10;
	retryPolicy.timeoutMs = 1_000;
	resetRateGates();
});
afterEach(() => Object.assign(retryPolicy, originalPolicy));

async function probe(parameters: Record<string, string | number>) {
	const run = await runNode({
		nodeType: new TransportProbe(),
		typeName: 'test.transportProbe',
		parameters,
		credentials: jikoCredentials(baseUrl),
	});
	expect(run.error).toBeUndefined();
	return run.items[0].json as Record<string, unknown>;
}

describe('transport: reads', () => {
	it('retries 5xx and network resets on GET, each attempt with a fresh idempotency key', async () => {
		script = [{ status: 503, body: { detail: 'busy' } }, 'reset', { status: 200, body: { id: 'p1' } }];
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: true, attempts: 3, body: { id: 'p1' } });
		expect(new Set(received.map((r) => r.key)).size).toBe(received.length);
	});

	it('gives up after the read attempts with a plain-language 5xx message', async () => {
		script = Array(retryPolicy.readAttempts).fill({ status: 500, body: { detail: 'boom' } });
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: false, kind: 'unknown', status: 500, attempts: 4 });
		expect(out.message).toContain('Jiko had a server error (500)');
	});

	it('waits for Retry-After on 429, then succeeds', async () => {
		script = [{ status: 429, body: { detail: 'slow down' }, headers: { 'retry-after': '1' } }, { status: 200, body: { id: 'p1' } }];
		const started = Date.now();
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: true, attempts: 2 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});
});

describe('transport: a write is resent only with its own key and the same bytes', () => {
	const body = JSON.stringify({ type: 'INTERNAL_REALLOCATION', description: 'Café ✓', amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 100 } });

	const KEY = '6f1c2d3e-4b5a-4978-8a1b-2c3d4e5f6a7b';

	it('a keyed POST is resent after a 5xx, a reset and a timeout with the same key, bytes and signature', async () => {
		retryPolicy.writeAttempts = 4;
		script = [{ status: 502, body: { detail: 'bad gateway' } }, 'reset', 'hang', { status: 201, body: { id: 't1' } }];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body, idempotencyKey: KEY });
		expect(out).toMatchObject({ ok: true, attempts: 4, ambiguousAttempts: 3, body: { id: 't1' } });
		expect(received).toHaveLength(4);
		// the fake verified each signature: same key + same path + same bytes = the same request
		expect(received.map((r) => r.key)).toEqual([KEY, KEY, KEY, KEY]);
		expect(new Set(received.map((r) => r.body))).toEqual(new Set([body]));
	});

	it('a keyed POST stops after its write attempts and says the outcome is unknown', async () => {
		script = Array(retryPolicy.writeAttempts).fill({ status: 503, body: { detail: 'busy' } });
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body, idempotencyKey: KEY });
		expect(out).toMatchObject({ ok: false, kind: 'unknown', status: 503, attempts: retryPolicy.writeAttempts, ambiguousAttempts: retryPolicy.writeAttempts });
		expect(received.map((r) => r.key)).toEqual(Array(retryPolicy.writeAttempts).fill(KEY));
	});

	it('a 5xx after a POST without a key is "unknown" (may have reached Jiko) and is sent once', async () => {
		script = [{ status: 502, body: { detail: 'bad gateway' } }];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body });
		expect(out).toMatchObject({ ok: false, kind: 'unknown', status: 502, attempts: 1 });
		expect(received).toHaveLength(1);
		// the exact bytes the node serialized were what the server verified and received
		expect(received[0].body).toBe(body);
	});

	it('a connection reset after a POST is "unknown" and is sent once', async () => {
		script = ['reset'];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body });
		expect(out).toMatchObject({ ok: false, kind: 'unknown', status: null, attempts: 1 });
		expect(received).toHaveLength(1);
	});

	it('a timeout after a POST is "unknown" and is sent once', async () => {
		script = ['hang'];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body });
		expect(out).toMatchObject({ ok: false, kind: 'unknown', attempts: 1 });
		expect(received).toHaveLength(1);
	});

	it('a 4xx is "rejected" (certainly not done) and a 422 names the field', async () => {
		script = [
			{
				status: 422,
				body: { detail: [{ loc: ['body', 'amount', 'amount_usdc'], msg: 'ensure this value is greater than 0', type: 'value_error' }] },
			},
		];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body });
		expect(out).toMatchObject({ ok: false, kind: 'rejected', status: 422 });
		expect(out.message).toContain('field amount.amount_usdc: ensure this value is greater than 0');
	});

	it('a 429 on a POST waits and asks again with the same key: Jiko refused it before acting', async () => {
		script = [{ status: 429, headers: { 'retry-after': '0' } }, { status: 201, body: { id: 't1' } }];
		const out = await probe({ method: 'POST', path: '/api/v1/transfers/on-us/', body, idempotencyKey: KEY });
		expect(out).toMatchObject({ ok: true, attempts: 2, ambiguousAttempts: 0 });
		expect(received.map((r) => r.key)).toEqual([KEY, KEY]);
	});

	it('a refused connection is "rejected": nothing was sent', async () => {
		const run = await runNode({
			nodeType: new TransportProbe(),
			typeName: 'test.transportProbe',
			parameters: { method: 'POST', path: '/api/v1/transfers/on-us/', body },
			credentials: jikoCredentials(baseUrl, {}),
		});
		expect(run.error).toBeUndefined();
		// now point at a closed port
		const closed = await runNode({
			nodeType: new TransportProbe(),
			typeName: 'test.transportProbe',
			parameters: { method: 'GET', path: '/api/v1/events/types/' },
			credentials: jikoCredentials('http://127.0.0.1:9', { sessionToken: 'already-logged-in' }),
		});
		expect(closed.items[0].json).toMatchObject({ ok: false, kind: 'rejected', status: null });
		expect(String(closed.items[0].json.message)).toContain('Could not reach Jiko');
	});
});

describe('transport: errors a user sees', () => {
	it.each([
		[401, 'Jiko refused the session token'],
		[403, 'Jiko refused the request signature'],
		[404, 'Not found'],
		[409, 'Conflict'],
		[412, 'Precondition failed'],
	])('HTTP %i → "%s", with no secret in the error', async (status, text) => {
		script = [{ status, body: { detail: 'something' } }, { status, body: { detail: 'something' } }];
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: false, status });
		expect(out.message).toContain(text);
		expect(String(out.description).length).toBeGreaterThan(20);
		for (const secret of [SECRET, 'sandbox-password', 'token-1', 'token-2']) {
			expect(String(out.errorJson)).not.toContain(secret);
			expect(String(out.message)).not.toContain(secret);
		}
	});

	it('a 401 makes n8n log in again once and resend the same action (a 401 means Jiko did nothing)', async () => {
		script = [{ status: 401, body: { detail: 'expired' } }, { status: 200, body: { id: 'p1' } }];
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: true });
		expect(logins).toBe(2);
		expect(received).toHaveLength(2);
		expect(received[0].key).toBe(received[1].key);
	});
});

/** The probe with its own credential overrides (e.g. Max Wait for Rate Limits) and items. */
async function probeWith(
	parameters: Record<string, string | number>,
	overrides: Record<string, unknown> = {},
	items: Array<Record<string, never>> = [{}],
) {
	const run = await runNode({
		nodeType: new TransportProbe(),
		typeName: 'test.transportProbe',
		parameters,
		items,
		credentials: jikoCredentials(baseUrl, overrides as Record<string, string | number>),
	});
	expect(run.error).toBeUndefined();
	return run.items.map((item) => item.json as Record<string, unknown>);
}

/** An error message's "opens again at <time> (in N s)", read back as epoch ms. */
function opensAtIn(message: unknown): number {
	const match = /opens again at (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) \(in \d+ s\)/.exec(String(message));
	expect(match).not.toBeNull();
	return Date.parse((match as RegExpExecArray)[1]);
}

const FIELD = 'Max Wait for Rate Limits (Seconds)';

describe('transport: rate limits', () => {
	it('consecutive 429s with Retry-After never fail the request; Retry-After 0 still waits 1 s each', async () => {
		script = [...Array(3).fill({ status: 429, headers: { 'retry-after': '0' } }), { status: 200, body: { id: 'p1' } }];
		const started = Date.now();
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: true, attempts: 4 });
		expect(Date.now() - started).toBeGreaterThanOrEqual(2_950);
	});

	const past = new Date(Date.now() - 3_600_000).toUTCString();
	it.each([
		['0', '0'],
		['an HTTP date in the past', past],
		['a tiny fraction', '0.001'],
	])(
		'Retry-After %s cannot make a request ask again without pause: 1 s per refusal, within the credential total',
		async (_name, retryAfter) => {
			// Before the floor, these 429s were asked again at once: all 50 went by in milliseconds.
			script = Array(50).fill({ status: 429, headers: { 'retry-after': retryAfter } });
			const started = Date.now();
			const [out] = await probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' }, { rateLimitMaxWaitSeconds: 1 });
			const elapsed = Date.now() - started;
			// 1 s total: the first refusal is waited out (1 s), the second would need a second more.
			expect(out).toMatchObject({ ok: false, kind: 'rejected', status: 429, attempts: 2 });
			expect(received).toHaveLength(2);
			// At least the floor (a loaded machine may take longer: no upper bound here).
			expect(elapsed).toBeGreaterThanOrEqual(950);
			expect(out.message).toMatch(
				new RegExp(
					`^Jiko rate limit reached while trying to probe \\(after 2 attempts\\): Jiko's rate limit opens again at \\S+ \\(in \\d+ s\\), later than the 1 s the credential's ${FIELD.replace(/[()]/g, '\\$&')} allows in total \\(\\d+ s waited already\\)$`,
				),
			);
		},
		10_000,
	);

	it('Max Wait for Rate Limits 0: a 429 with Retry-After 0 fails at once, sent once', async () => {
		script = Array(50).fill({ status: 429, headers: { 'retry-after': '0' } });
		const started = Date.now();
		const [out] = await probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' }, { rateLimitMaxWaitSeconds: 0 });
		// Not even the 1 s floor was waited (a loaded machine may be slow, never that slow).
		expect(Date.now() - started).toBeLessThan(1_000);
		expect(out).toMatchObject({ ok: false, status: 429, attempts: 1 });
		expect(received).toHaveLength(1);
		expect(out.message).toContain(`later than the 0 s the credential's ${FIELD} allows in total`);
	}, 10_000);

	it('429s without Retry-After fail after a bounded number of attempts, with a message that says so', async () => {
		script = Array(retryPolicy.rateLimitAttemptsWithoutRetryAfter).fill({ status: 429 });
		const out = await probe({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		expect(out).toMatchObject({ ok: false, status: 429, attempts: retryPolicy.rateLimitAttemptsWithoutRetryAfter });
		expect(out.message).toContain('rate limit');
	});

	it('stops waiting when Retry-After asks for more than the credential allows in total', async () => {
		script = [{ status: 429, headers: { 'retry-after': '2' } }, { status: 200, body: { id: 'p1' } }];
		const run = await runNode({
			nodeType: new TransportProbe(),
			typeName: 'test.transportProbe',
			parameters: { method: 'GET', path: '/api/v1/jiko-accounts/p1/' },
			credentials: jikoCredentials(baseUrl, { rateLimitMaxWaitSeconds: 1 }),
		});
		expect(run.items[0].json).toMatchObject({ ok: false, status: 429, attempts: 1 });
	});

	it.each([[300], [2]])(
		'X-RateLimit-Remaining 0 makes the next request wait for the reset instead of getting a 429 (Max Wait for Rate Limits %i s)',
		async (seconds) => {
			script = [
				{ status: 200, body: { id: 'a' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' } },
				{ status: 200, body: { id: 'b' } },
			];
			const started = Date.now();
			const out = await probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' }, { rateLimitMaxWaitSeconds: seconds }, [{}, {}]);
			expect(out).toMatchObject([{ ok: true, body: { id: 'a' } }, { ok: true, attempts: 1, body: { id: 'b' } }]);
			expect(received).toHaveLength(2);
			expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		},
	);

	it.each([
		[0, 1],
		[5, 60],
	])(
		'a gate that opens later than the credential lets a request wait fails it at once, unsent (Max Wait for Rate Limits %i s, reset in %i s)',
		async (seconds, reset) => {
			script = [{ status: 200, body: { id: 'a' }, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) } }];
			const started = Date.now();
			const [first, second] = await probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' }, { rateLimitMaxWaitSeconds: seconds }, [{}, {}]);
			const elapsed = Date.now() - started;
			expect(first).toMatchObject({ ok: true });
			expect(second).toMatchObject({ ok: false, kind: 'rejected', status: 429, attempts: 0, ambiguousAttempts: 0 });
			expect(received).toHaveLength(1);
			// The gate was not waited for (it opens `reset` seconds later).
			expect(elapsed).toBeLessThan(reset * 1_000);
			expect(second.message).toMatch(
				new RegExp(
					`^Jiko rate limit reached while trying to probe: Jiko's rate limit opens again at \\S+ \\(in \\d+ s\\), later than the ${seconds} s the credential's ${FIELD.replace(/[()]/g, '\\$&')} allows in total; nothing was sent$`,
				),
			);
			// the time Jiko gave: X-RateLimit-Reset seconds from its answer
			expect(Math.abs(opensAtIn(second.message) - (started + reset * 1_000))).toBeLessThan(2_000);
			expect(second.description).toContain(`Raise ${FIELD} in the Jiko credential`);
		},
		10_000,
	);

	it("another request's Retry-After beyond this request's own total: it fails at once, unsent; the first still gets through", async () => {
		script = [{ status: 429, headers: { 'retry-after': '3' } }, { status: 200, body: { id: 'p1' } }];
		const waiting = probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p1/' });
		while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
		await new Promise((resolve) => setTimeout(resolve, 100)); // the 429 has closed the gate
		const started = Date.now();
		// the caller's own total (a webhook delivery's duplicate check has 5 s)
		const [held] = await probeWith({ method: 'GET', path: '/api/v1/jiko-accounts/p2/', rateLimitMaxWaitMs: 1_000 });
		// The gate (3 s) was not waited for.
		expect(Date.now() - started).toBeLessThan(2_500);
		expect(held).toMatchObject({ ok: false, status: 429, attempts: 0 });
		expect(held.message).toMatch(
			/^Jiko rate limit reached while trying to probe: Jiko's rate limit opens again at \S+ \(in \d s\), later than the 1 s this request may wait for rate limits in total; nothing was sent$/,
		);
		const [first] = await waiting;
		expect(first).toMatchObject({ ok: true, attempts: 2, body: { id: 'p1' } });
		expect(received.map((r) => r.path)).toEqual(['/api/v1/jiko-accounts/p1/', '/api/v1/jiko-accounts/p1/']);
	}, 10_000);
});

describe('transport: paging', () => {
	it('follows next_page given as a bare cursor or as a URL, with no gap or duplicate', async () => {
		script = [
			{ status: 200, body: { items: [{ id: 1 }, { id: 2 }], next_page: 'c2', prev_page: null, object_type: 'CursorList' } },
			{ status: 200, body: { items: [{ id: 3 }], next_page: '/api/v1/x/?cursor=c3&limit=2', object_type: 'CursorList' } },
			{ status: 200, body: { items: [{ id: 4 }], next_page: null, object_type: 'CursorList' } },
		];
		const run = await runNode({
			nodeType: new TransportProbe(),
			typeName: 'test.transportProbe',
			parameters: { mode: 'cursor', path: '/api/v1/x/', pageSize: 2 },
			credentials: jikoCredentials(baseUrl),
		});
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2, 3, 4]);
		expect(received.map((r) => r.path)).toEqual(['/api/v1/x/', '/api/v1/x/', '/api/v1/x/']);
	});

	/** Walks the offset list at /api/v1/y/ in pages of 2. */
	const offsetWalk = () =>
		runNode({
			nodeType: new TransportProbe(),
			typeName: 'test.transportProbe',
			parameters: { mode: 'offset', path: '/api/v1/y/', pageSize: 2 },
			credentials: jikoCredentials(baseUrl),
		});

	it('offset lists survive a count that is only the page length', async () => {
		script = [
			{ status: 200, body: { offset: 0, count: 2, items: [{ id: 1 }, { id: 2 }], object_type: 'List' } },
			{ status: 200, body: { offset: 2, count: 1, items: [{ id: 3 }], object_type: 'List' } },
		];
		const run = await offsetWalk();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2, 3]);
		expect(received).toHaveLength(2);
	});

	it('walks offset lists until count', async () => {
		script = [
			{ status: 200, body: { offset: 0, count: 3, items: [{ id: 1 }, { id: 2 }], object_type: 'List' } },
			{ status: 200, body: { offset: 2, count: 3, items: [{ id: 3 }], object_type: 'List' } },
		];
		const run = await offsetWalk();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2, 3]);
	});
});
