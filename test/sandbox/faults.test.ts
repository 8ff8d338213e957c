import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { openSandbox, useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
const PARTNER = DEMO_IDS.partnerPocketId;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});
afterEach(async () => {
	await axios.delete(`${sb.url}/_sandbox/faults`);
});

const putFaults = (c: object) => axios.put(`${sb.url}/_sandbox/faults`, c, { validateStatus: () => true });
const fund = (transferId: string) =>
	client.post('/api/v1/transfers/on-us/', {
		type: 'PARTNER_CUSTOMER_FUNDING', transfer_id: transferId, source: 's',
		from_account: { id: PARTNER, type: 'JIKO_ACCOUNT' }, to_account: { id: ada.pockets.main, type: 'JIKO_ACCOUNT' },
		amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 250 },
	});

test('off by default', async () => {
	expect((await axios.get(`${sb.url}/_sandbox/faults`)).data.config).toEqual({});
	expect((await client.get('/api/v1/sandbox/demo/')).status).toBe(200);
});

test('serverErrors answer 5xx before processing, then run out', async () => {
	expect((await putFaults({ serverErrors: { count: 1, status: 503, paths: ['/api/v1/transfers/'] } })).status).toBe(200);
	const a0 = sb.state.balanceOf(ada.pockets.main).cash;
	const id = randomUUID();
	const r = await fund(id);
	expect(r.status).toBe(503);
	expect(sb.state.data.onUsTransfers[id]).toBeUndefined();
	expect(sb.state.balanceOf(ada.pockets.main).cash).toBe(a0);
	expect((await fund(id)).status).toBe(201);
});

test('rateLimit answers 429 + Retry-After before processing', async () => {
	await putFaults({ rateLimit: { count: 2, retryAfterSeconds: 7, methods: ['GET'] } });
	const r = await client.get('/api/v1/sandbox/demo/');
	expect(r.status).toBe(429);
	expect(r.headers['retry-after']).toBe('7');
	expect((await client.post('/api/v1/sandbox/fund/', { account_id: ada.pockets.reserve, amount_usdc: 1 })).status).toBe(202);
	expect((await client.get('/api/v1/sandbox/demo/')).status).toBe(429);
	expect((await client.get('/api/v1/sandbox/demo/')).status).toBe(200);
});

test('dropResponseAfterCommit commits the write and resets the connection; retry by id finds it', async () => {
	await putFaults({ dropResponseAfterCommit: { count: 1, paths: ['/api/v1/transfers/on-us/'], methods: ['POST'] } });
	const a0 = sb.state.balanceOf(ada.pockets.main).cash;
	const id = randomUUID();
	await expect(fund(id)).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up|ERR_/) });
	expect(sb.state.balanceOf(ada.pockets.main).cash).toBe(a0 + 250);
	const got = await client.get(`/api/v1/transfers/on-us/${id}/`);
	expect(got.status).toBe(200);
	expect(got.data.status).toBe('COMPLETED');
	expect((await fund(id)).status).toBe(409);
	const ledger = (await axios.get(`${sb.url}/_sandbox/ledger`)).data;
	expect(ledger.onUs.filter((t: { id: string }) => t.id === id)).toHaveLength(1);
	expect(ledger.balances[ada.pockets.main].cash).toBe(a0 + 250);
	expect((await axios.get(`${sb.url}/_sandbox/faults`)).data.stats.droppedResponses).toBe(1);
});

test('probabilities are reproducible with a seed', async () => {
	const run = async () => {
		await putFaults({ serverErrorProbability: 0.5, seed: 42 });
		const out: number[] = [];
		for (let i = 0; i < 8; i++) out.push((await client.get('/api/v1/sandbox/demo/')).status);
		return out;
	};
	const a = await run();
	const b = await run();
	expect(a).toEqual(b);
	expect(new Set(a)).toEqual(new Set([200, 503]));
});

test('bad config is refused; admin routes are never faulted', async () => {
	expect((await putFaults({ serverErrors: { count: -1 } })).status).toBe(422);
	await putFaults({ serverErrors: { count: 5 } });
	expect((await axios.get(`${sb.url}/_sandbox/stats`)).status).toBe(200);
});

test('JIKO_SANDBOX_FAULTS configures faults at start', async () => {
	process.env.JIKO_SANDBOX_FAULTS = JSON.stringify({ serverErrors: { count: 1, status: 502 } });
	const sb2 = await openSandbox();
	delete process.env.JIKO_SANDBOX_FAULTS;
	try {
		expect((await axios.get(`${sb2.url}/health`, { validateStatus: () => true })).status).toBe(502);
		expect((await axios.get(`${sb2.url}/health`)).status).toBe(200);
	} finally {
		await sb2.close();
	}
});
