import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient, jikoSignature } from '../support/jikoRawClient';
import { useSandbox } from '../support/sandbox';

const ADA = DEMO_IDS.customers.ada;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox();
beforeAll(async () => {
	sb = sandbox.get();
	client = sandbox.raw();
	expect((await client.login()).status).toBe(200);
});

describe('login and health', () => {
	test('fixed demo credentials give a token and an ISO-8601 expiry about 60 minutes ahead', async () => {
		const c = new JikoRawClient(sb.url);
		const res = await c.login();
		expect(res.status).toBe(200);
		expect(typeof res.data.token).toBe('string');
		expect(res.data.expires).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?\+00:00$/);
		const ttl = Date.parse(res.data.expires) - Date.now();
		expect(ttl).toBeGreaterThan(3590_000);
		expect(ttl).toBeLessThanOrEqual(3600_000);
	});

	test('bad credentials → 401', async () => {
		const res = await new JikoRawClient(sb.url).login('sandbox-partner', 'wrong');
		expect(res.status).toBe(401);
		expect(res.data).toEqual({ detail: expect.any(String) });
	});

	test('missing or too long fields → 422 with FastAPI detail[]', async () => {
		const missing = await axios.post(`${sb.url}/api/v1/login/`, { username: 'x' }, { validateStatus: () => true });
		expect(missing.status).toBe(422);
		expect(missing.data.detail).toEqual([{ loc: ['body', 'password'], msg: 'field required', type: 'value_error.missing' }]);
		const long = await axios.post(`${sb.url}/api/v1/login/`, { username: 'u'.repeat(129), password: 'p' }, { validateStatus: () => true });
		expect(long.status).toBe(422);
		expect(long.data.detail[0]).toMatchObject({ loc: ['body', 'username'], type: 'value_error.any_str.max_length' });
	});

	test('login counter counts successful logins', async () => {
		const before = (await axios.get(`${sb.url}/_sandbox/stats`)).data.logins;
		await new JikoRawClient(sb.url).login();
		await new JikoRawClient(sb.url).login();
		await new JikoRawClient(sb.url).login('nobody', 'x');
		const after = (await axios.get(`${sb.url}/_sandbox/stats`)).data;
		expect(after.logins).toBe(before + 2);
		expect(sb.state.stats.logins).toBe(after.logins);
	});

	test('GET /health answers OK without auth', async () => {
		const res = await axios.get(`${sb.url}/health`);
		expect(res.status).toBe(200);
		expect(res.data).toBe('OK');
	});
});

describe('signed requests', () => {
	test('a correctly signed GET is accepted', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`);
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ type: 'INDIVIDUAL', name: { first_name: 'Ada', last_name: 'Lovelace' }, account_status: 'OPEN' });
	});

	test('a correctly signed POST is accepted (body signed byte-for-byte, non-ASCII included)', async () => {
		const body = JSON.stringify({ events: ['transfers.ach.in.success'], url: 'https://example.com/hooks', shared_secret: 'abcdefghijklmnop', description: 'Café ✓ 10.50' });
		const res = await client.post('/api/v1/subscriptions/', body);
		expect(res.status).toBe(201);
		expect(res.data.description).toBe('Café ✓ 10.50');
	});

	test('a signed query string is not part of the signature', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/jiko-accounts/`, { query: { limit: 1 } });
		expect(res.status).toBe(200);
		expect(res.data.items).toHaveLength(1);
	});

	test('tampered body → 403 naming secret, path and body', async () => {
		const res = await client.post('/api/v1/subscriptions/', { events: ['transfers.ach.in.success'], url: 'https://example.com/x', shared_secret: 'abcdefghijklmnop' }, {
			signWith: { body: JSON.stringify({ events: ['transfers.ach.in.success'], url: 'https://example.com/y', shared_secret: 'abcdefghijklmnop' }) },
		});
		expect(res.status).toBe(403);
		expect(res.data.detail).toMatch(/signature does not match/i);
		expect(res.data.detail).toMatch(/shared secret/);
		expect(res.data.detail).toMatch(/path/);
		expect(res.data.detail).toMatch(/body/);
	});

	test('changed path (signed one path, sent another) → 403', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { signWith: { path: `/api/v1/customers/${DEMO_IDS.customers.grace.id}/` } });
		expect(res.status).toBe(403);
	});

	test('path signed without its trailing slash → 403', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { signWith: { path: `/api/v1/customers/${ADA.id}` } });
		expect(res.status).toBe(403);
	});

	test('wrong shared secret → 403', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { signWith: { secret: 'not-the-secret' } });
		expect(res.status).toBe(403);
	});

	test('missing signature header → 403', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { headers: { 'x-jiko-signature': null } });
		expect(res.status).toBe(403);
		expect(res.data.detail).toMatch(/signature/i);
	});

	test('missing idempotency header → 422 with loc [header, x-jiko-idempotency]', async () => {
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: null });
		expect(res.status).toBe(422);
		expect(res.data.detail[0].loc).toEqual(['header', 'x-jiko-idempotency']);
		expect(res.data.detail[0].type).toBe('value_error.missing');
		const notUuid = await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: 'not-a-uuid' });
		expect(notUuid.status).toBe(422);
		expect(notUuid.data.detail[0]).toMatchObject({ loc: ['header', 'x-jiko-idempotency'], type: 'type_error.uuid' });
	});

	test('reused idempotency key → 409 "Repeated request"', async () => {
		const key = randomUUID();
		const first = await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key });
		expect(first.status).toBe(200);
		const again = await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key });
		expect(again.status).toBe(409);
		expect(again.data.detail).toMatch(/^Repeated request: /);
		// the same key in upper case is the same UUID
		const upper = await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key.toUpperCase() });
		expect(upper.status).toBe(409);
	});

	test('a request with a bad signature does not burn its idempotency key', async () => {
		const key = randomUUID();
		expect((await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key, signWith: { secret: 'nope' } })).status).toBe(403);
		expect((await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key })).status).toBe(200);
	});

	test('no token → 401; unknown token → 401', async () => {
		expect((await client.get(`/api/v1/customers/${ADA.id}/`, { token: null })).status).toBe(401);
		const res = await client.get(`/api/v1/customers/${ADA.id}/`, { token: 'bm90LWEtdG9rZW4=' });
		expect(res.status).toBe(401);
		expect(res.data).toEqual({ detail: expect.any(String) });
	});

	test('check order: token before headers before signature', async () => {
		// no token, no key, no signature → the token check answers first
		expect((await client.get(`/api/v1/customers/${ADA.id}/`, { token: null, idempotencyKey: null, headers: { 'x-jiko-signature': null } })).status).toBe(401);
		// token ok, no key, bad signature → 422 on the header
		expect((await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: null, signWith: { secret: 'x' } })).status).toBe(422);
		// bad signature and bad path param → the signature answers before route validation
		expect((await client.get('/api/v1/customers/not-a-uuid/', { signWith: { secret: 'x' } })).status).toBe(403);
	});

	test('expired token (after /_sandbox/tokens/expire) → 401, a new login works', async () => {
		const c = new JikoRawClient(sb.url);
		await c.login();
		expect((await c.get(`/api/v1/customers/${ADA.id}/`)).status).toBe(200);
		const exp = await axios.post(`${sb.url}/_sandbox/tokens/expire`);
		expect(exp.data.expired).toBeGreaterThan(0);
		const res = await c.get(`/api/v1/customers/${ADA.id}/`);
		expect(res.status).toBe(401);
		await c.login();
		expect((await c.get(`/api/v1/customers/${ADA.id}/`)).status).toBe(200);
		await client.login(); // the shared client's token was expired too
	});

	test('token TTL can be changed at run time', async () => {
		const put = await axios.put(`${sb.url}/_sandbox/config`, { tokenTtlSeconds: 120 });
		expect(put.data.tokenTtlSeconds).toBe(120);
		const res = await new JikoRawClient(sb.url).login();
		expect(Date.parse(res.data.expires) - Date.now()).toBeLessThanOrEqual(120_000);
		await axios.put(`${sb.url}/_sandbox/config`, { tokenTtlSeconds: 3600 });
		const bad = await axios.put(`${sb.url}/_sandbox/config`, { tokenTtlSeconds: 'x' }, { validateStatus: () => true });
		expect(bad.status).toBe(422);
	});

	test('stats count each kind of rejection', async () => {
		const before = structuredClone(sb.state.stats);
		await client.get(`/api/v1/customers/${ADA.id}/`, { token: null });
		await client.get(`/api/v1/customers/${ADA.id}/`, { signWith: { secret: 'x' } });
		const key = randomUUID();
		await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key });
		await client.get(`/api/v1/customers/${ADA.id}/`, { idempotencyKey: key });
		await client.get('/api/v1/customers/not-a-uuid/');
		const s = (await axios.get(`${sb.url}/_sandbox/stats`)).data;
		expect(s.requests - before.requests).toBe(5);
		expect(s.rejected.auth - before.rejected.auth).toBe(1);
		expect(s.rejected.signature - before.rejected.signature).toBe(1);
		expect(s.rejected.repeated - before.rejected.repeated).toBe(1);
		expect(s.rejected.validation - before.rejected.validation).toBe(1);
	});

	test('a signature computed with openssl is accepted', async () => {
		const key = randomUUID();
		const path = `/api/v1/customers/${ADA.id}/`;
		const msg = key + path;
		const sig = execFileSync('sh', ['-c', 'printf %s "$msg" | openssl dgst -sha256 -hmac "$KEY" -binary | base64'], {
			env: { ...process.env, msg, KEY: 'sandbox-shared-secret-0001' },
		}).toString().trim();
		expect(sig).toBe(jikoSignature('sandbox-shared-secret-0001', key, path, ''));
		const res = await axios.get(`${sb.url}${path}`, {
			headers: { authorization: `Bearer ${client.token}`, 'x-jiko-idempotency': key, 'x-jiko-signature': sig },
			validateStatus: () => true,
		});
		expect(res.status).toBe(200);
	});
});
