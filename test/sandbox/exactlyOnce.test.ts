/*
 * "Money moves once": what a reused x-jiko-idempotency key gets (repeatedKey conflict | replay),
 * what an existing transfer_id / wire_id gets (duplicateTransferId conflict | return-existing |
 * execute-again), and reads that lag behind writes (visibilityLagMs).
 */
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { KeyMemory } from '../../sandbox/idempotency';
import { JikoRawClient } from '../support/jikoRawClient';
import { ledger, setAssumptions, useSandbox, openSandbox } from '../support/sandbox';

const { ada, acme } = DEMO_IDS.customers;
const PARTNER = DEMO_IDS.partnerPocketId;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ held: true, login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});
afterEach(async () => {
	await axios.delete(`${sb.url}/_sandbox/faults`);
	await axios.put(`${sb.url}/_sandbox/config`, {
		latencyMs: 0,
		assumptions: { repeatedKey: 'conflict', duplicateTransferId: 'conflict', visibilityLagMs: 0, wireCreateBody: 'none' },
	});
});

const acct = (id: string) => ({ id, type: 'JIKO_ACCOUNT' });
const fundingBody = (cents: number, transferId?: string) => ({
	type: 'PARTNER_CUSTOMER_FUNDING', ...(transferId ? { transfer_id: transferId } : {}), source: 's',
	from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
});
const cash = (id: string) => sb.state.balanceOf(id).cash;
const onUsRecords = async (transferId: string) => (await ledger(sb.url)).onUs.filter((t) => t.transfer_id === transferId);

describe('repeatedKey', () => {
	test('conflict (default): a key used again within the window gets 409 and nothing runs twice', async () => {
		const key = randomUUID();
		const id = randomUUID();
		const a0 = cash(ada.pockets.main);
		expect((await client.post('/api/v1/transfers/on-us/', fundingBody(10, id), { idempotencyKey: key })).status).toBe(201);
		const again = await client.post('/api/v1/transfers/on-us/', fundingBody(10, id), { idempotencyKey: key });
		expect(again.status).toBe(409);
		expect(again.data.detail).toMatch(/^Repeated request: /);
		expect(cash(ada.pockets.main)).toBe(a0 + 10);
	});

	test('replay: the first answer again (status, bytes, content type) — writes and reads, errors too', async () => {
		await setAssumptions(sb.url, { repeatedKey: 'replay' });
		const key = randomUUID();
		const a0 = cash(ada.pockets.main);
		const first = await client.post('/api/v1/transfers/on-us/', fundingBody(25), { idempotencyKey: key });
		const again = await client.post('/api/v1/transfers/on-us/', fundingBody(25), { idempotencyKey: key });
		expect(first.status).toBe(201);
		expect([again.status, again.text, again.headers['content-type']]).toEqual([201, first.text, first.headers['content-type']]);
		expect(cash(ada.pockets.main)).toBe(a0 + 25);
		expect(await onUsRecords(first.data.id)).toHaveLength(1);

		// a read is replayed as first answered, even after the data changed
		const readKey = randomUUID();
		const r1 = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/`, { idempotencyKey: readKey });
		await client.post('/api/v1/transfers/on-us/', fundingBody(7));
		const r2 = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/`, { idempotencyKey: readKey });
		expect(r2.text).toBe(r1.text);
		// the first answer is kept whatever it was (a 422 here)
		const badKey = randomUUID();
		const bad1 = await client.post('/api/v1/transfers/on-us/', { type: 'NOPE' }, { idempotencyKey: badKey });
		const bad2 = await client.post('/api/v1/transfers/on-us/', { type: 'NOPE' }, { idempotencyKey: badKey });
		expect([bad1.status, bad2.status, bad2.text]).toEqual([422, 422, bad1.text]);
		expect((await axios.get(`${sb.url}/_sandbox/stats`)).data.replayed).toBeGreaterThanOrEqual(3);
	});

	test('replay: an answer dropped by fault injection after commit is stored and replayed to the resend', async () => {
		await setAssumptions(sb.url, { repeatedKey: 'replay' });
		await axios.put(`${sb.url}/_sandbox/faults`, { dropResponseAfterCommit: { count: 1, paths: ['/api/v1/transfers/on-us/'], methods: ['POST'] } });
		const key = randomUUID();
		const id = randomUUID();
		const a0 = cash(ada.pockets.main);
		const body = fundingBody(333, id);
		await expect(client.post('/api/v1/transfers/on-us/', body, { idempotencyKey: key })).rejects.toMatchObject({ code: expect.stringMatching(/ECONNRESET|socket hang up|ERR_/) });
		const resend = await client.post('/api/v1/transfers/on-us/', body, { idempotencyKey: key });
		expect(resend.status).toBe(201);
		expect(resend.data).toMatchObject({ id, status: 'COMPLETED', transfer: { amount: { value: 333 } } });
		expect(cash(ada.pockets.main)).toBe(a0 + 333);
		expect(await onUsRecords(id)).toHaveLength(1);
	});

	test('replay: a duplicate while the first request is still in flight gets 409', async () => {
		await setAssumptions(sb.url, { repeatedKey: 'replay' });
		await axios.put(`${sb.url}/_sandbox/config`, { latencyMs: 400 }); // the first answer is held back
		const key = randomUUID();
		const id = randomUUID();
		const first = client.post('/api/v1/transfers/on-us/', fundingBody(5, id), { idempotencyKey: key });
		await new Promise((r) => setTimeout(r, 100));
		const second = await client.post('/api/v1/transfers/on-us/', fundingBody(5, id), { idempotencyKey: key });
		expect(second.status).toBe(409);
		expect(second.data.detail).toMatch(/has not been answered/);
		expect((await first).status).toBe(201);
		await axios.put(`${sb.url}/_sandbox/config`, { latencyMs: 0 });
		// once answered, the answer is replayed
		expect((await client.post('/api/v1/transfers/on-us/', fundingBody(5, id), { idempotencyKey: key })).status).toBe(201);
		expect(await onUsRecords(id)).toHaveLength(1);
	});

	test('replay: a key whose answer was not kept (cache full) gets 409', async () => {
		const tiny = await openSandbox({ assumptions: { repeatedKey: 'replay' }, options: { replayCacheBytes: 10 } });
		try {
			const c = new JikoRawClient(tiny.url);
			await c.login();
			const key = randomUUID();
			expect((await c.get('/api/v1/sandbox/demo/', { idempotencyKey: key })).status).toBe(200);
			expect((await c.get('/api/v1/sandbox/demo/', { idempotencyKey: key })).status).toBe(409);
		} finally {
			await tiny.close();
		}
	});

	test('key memory is a Map with expiry: expired keys are dropped from the front, one by one', () => {
		const m = new KeyMemory();
		const window = 1000;
		for (let i = 0; i < 10_000; i++) m.record(`k${i}`, window, Math.floor(i / 1000)); // 1,000 keys per ms
		expect(m.size).toBe(10_000);
		expect(m.isRepeated('K5', window, 500)).toBe(true); // keys are case-insensitive
		m.record('late', window, 1005); // every key recorded at 0..5 ms has expired
		expect(m.size).toBe(10_000 - 6_000 + 1);
		expect(m.isRepeated('k0', window, 1005)).toBe(false);
		m.record('k0', window, 1005); // an expired key starts a new window
		expect(m.isRepeated('k0', window, 1500)).toBe(true);
		m.storeAnswer('late', { status: 201, body: Buffer.from('{}') });
		m.storeAnswer('late', { status: 500, body: Buffer.from('x') }); // only the first answer is kept
		expect(m.answerFor('LATE')?.status).toBe(201);
		m.prune(window, 3000);
		expect(m.size).toBe(0);
		expect(m.answerFor('late')).toBeUndefined();
	});
});

describe('duplicateTransferId', () => {
	test('return-existing: 200 with the existing transfer (wires: 200, empty body as documented)', async () => {
		await setAssumptions(sb.url, { duplicateTransferId: 'return-existing' });
		const id = randomUUID();
		const a0 = cash(ada.pockets.main);
		const first = await client.post('/api/v1/transfers/on-us/', fundingBody(40, id));
		const again = await client.post('/api/v1/transfers/on-us/', fundingBody(40, id));
		expect([first.status, again.status]).toEqual([201, 200]);
		expect(again.data).toEqual(first.data);
		expect(cash(ada.pockets.main)).toBe(a0 + 40);
		const wireId = randomUUID();
		const path = `/api/v1/jiko-accounts/${acme.pockets.operating}/wires/`;
		const w1 = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 1_000, wire_id: wireId });
		const w2 = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 1_000, wire_id: wireId });
		expect([w1.status, w1.text, w2.status, w2.text]).toEqual([201, '', 200, '']);
		expect((await ledger(sb.url)).wires.filter((w) => w.wire_id === wireId)).toHaveLength(1);
	});

	test('execute-again: the same transfer_id moves money again; GET returns the first; the ledger lists both', async () => {
		await setAssumptions(sb.url, { duplicateTransferId: 'execute-again' });
		const id = randomUUID();
		const a0 = cash(ada.pockets.main);
		const first = await client.post('/api/v1/transfers/on-us/', fundingBody(50, id));
		const second = await client.post('/api/v1/transfers/on-us/', fundingBody(70, id));
		expect([first.status, second.status]).toEqual([201, 201]);
		expect(second.data).toMatchObject({ id, status: 'COMPLETED', transfer: { transfer_id: id, amount: { value: 70 } } });
		expect(cash(ada.pockets.main)).toBe(a0 + 120);
		const got = await client.get(`/api/v1/transfers/on-us/${id}/`);
		expect(got.data).toEqual(first.data);
		const records = await onUsRecords(id);
		expect(records.map((r) => [r.id, r.duplicate, (r.transfer as { amount: { value: number } }).amount.value])).toEqual([[id, false, 50], [id, true, 70]]);
		// both transfers' transactions name the same on_us_transfer_id
		const v2 = await client.get(`/api/v2/pockets/${ada.pockets.main}/transactions/`, { query: { 'filter[on_us_transfer]': id } });
		expect(v2.data.items.map((t: { amount: { value: number } }) => t.amount.value).sort()).toEqual([50, 70]);
	});

	test('execute-again for wires: two wires, both debited, their transactions carry the same wire_id', async () => {
		await setAssumptions(sb.url, { duplicateTransferId: 'execute-again', wireCreateBody: 'wire' });
		const wireId = randomUUID();
		const pocket = acme.pockets.operating;
		const path = `/api/v1/jiko-accounts/${pocket}/wires/`;
		const av0 = sb.state.availableOf(pocket);
		const w1 = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 1_000, wire_id: wireId });
		const w2 = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 1_000, wire_id: wireId });
		expect([w1.status, w2.status]).toEqual([201, 201]);
		expect(w2.data).toMatchObject({ id: wireId, wire_id: wireId, object_type: 'Wire' });
		const fee = sb.assumptions.wireFeeCents;
		expect(sb.state.availableOf(pocket)).toBe(av0 - 2 * (1_000 + fee));
		expect((await ledger(sb.url)).wires.filter((w) => w.wire_id === wireId).map((w) => w.duplicate)).toEqual([false, true]);
		const v2 = await client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[wire]': wireId } });
		expect(v2.data.items.map((t: { type: string; wire_id: string }) => [t.type, t.wire_id]).sort()).toEqual([['WIRE', wireId], ['WIRE', wireId], ['WIRE_FEE', wireId], ['WIRE_FEE', wireId]]);
	});
});

describe('visibilityLagMs', () => {
	test('new transfers and their transactions are invisible to every API read for the lag; balances and the ledger are not lagged', async () => {
		await setAssumptions(sb.url, { visibilityLagMs: 600 });
		const id = randomUUID();
		const pocket = ada.pockets.main;
		const a0 = cash(pocket);
		const created = await client.post('/api/v1/transfers/on-us/', fundingBody(90, id));
		expect(created.status).toBe(201); // the create itself answers normally
		const achPath = `/api/v1/jiko-accounts/${pocket}/ach-originating/`;
		const ach = await client.post(achPath, { counterparty_id: ada.counterparties.achVerified, direction: 'DEBIT', amount_usdc: 11 });
		const wireId = randomUUID();
		expect((await client.post(`/api/v1/jiko-accounts/${pocket}/wires/`, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: 12, wire_id: wireId })).status).toBe(201);
		const txIds = sb.state.transactionsOfOnUs(id).filter((t) => t.accountId === pocket).map((t) => t.id);
		const hidden = async () => {
			const v1 = await client.get(`/api/v1/jiko-accounts/${pocket}/transactions/`, { query: { limit: 100 } });
			const v1c = await client.get(`/api/v1/customers/${ada.id}/transactions/`, { query: { limit: 100 } });
			const v2 = await client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { limit: 100 } });
			const byOnUs = await client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[on_us_transfer]': id } });
			const byWire = await client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[wire]': wireId } });
			const achList = await client.get(achPath);
			return {
				getOnUs: (await client.get(`/api/v1/transfers/on-us/${id}/`)).status,
				getTx: (await client.get(`/api/v1/jiko-accounts/${pocket}/transactions/${txIds[0]}/`)).status,
				getAch: (await client.get(`${achPath}${ach.data.id}/`)).status,
				inV1: v1.data.items.some((t: { id: string }) => txIds.includes(t.id)) || v1c.data.items.some((t: { id: string }) => txIds.includes(t.id)),
				inV2: v2.data.items.some((t: { id: string }) => txIds.includes(t.id)),
				filtered: byOnUs.data.items.length + byWire.data.items.length,
				inAchList: achList.data.items.some((a: { id: string }) => a.id === ach.data.id),
			};
		};
		expect(await hidden()).toEqual({ getOnUs: 404, getTx: 404, getAch: 404, inV1: false, inV2: false, filtered: 0, inAchList: false });
		expect(cash(pocket)).toBe(a0 + 90);
		expect((await client.get(`/api/v1/jiko-accounts/${pocket}/`)).data.portfolio.cash.value).toBe(a0 + 90);
		expect(await onUsRecords(id)).toHaveLength(1);
		await new Promise((r) => setTimeout(r, 650));
		expect(await hidden()).toEqual({ getOnUs: 200, getTx: 200, getAch: 200, inV1: true, inV2: true, filtered: 3, inAchList: true });
	});
});
