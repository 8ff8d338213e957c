/*
 * "Today's API": v2 pockets and v2 pocket transactions as in Jiko's current docs, ACH
 * originations booked at create, and the switches where the docs leave Jiko's behaviour open
 * (v2Endpoints, achDirection, onUsUnknownId, wireCreateBody, peerToPeerToAccountType,
 * subscriptionUpdateStatus, loginRateLimitPerMinute), wire rejection, run-time config.
 */
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { assumptionsFromEnv, DEFAULT_ASSUMPTIONS } from '../../sandbox/assumptions';
import { parseArgs } from '../../sandbox/main';
import { DEMO_IDS, BIG_POCKET_TRANSACTIONS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient, type QueryValue } from '../support/jikoRawClient';
import { ledger, setAssumptions, settleAll, useSandbox } from '../support/sandbox';

const { ada, grace, acme } = DEMO_IDS.customers;
const BIG = ada.pockets.main;
const PARTNER = DEMO_IDS.partnerPocketId;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ held: true, login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});
afterEach(async () => {
	const { v2Endpoints, achDirection, onUsUnknownId, wireCreateBody, peerToPeerToAccountType, subscriptionUpdateStatus, loginRateLimitPerMinute } = DEFAULT_ASSUMPTIONS;
	await setAssumptions(sb.url, { v2Endpoints, achDirection, onUsUnknownId, wireCreateBody, peerToPeerToAccountType, subscriptionUpdateStatus, loginRateLimitPerMinute });
});

interface Activity {
	id: string;
	transaction_id: string;
	type: string;
	description: string;
	title: string;
	amount: { value: number; currency: string; formatted: string };
	direction: 'CREDIT' | 'DEBIT';
	time_booked: string;
	time_settled: string | null;
	status: 'BOOKED' | 'SETTLED';
	pocket_id: string;
	object_type: string;
	[k: string]: unknown;
}

async function walk<T = Activity>(path: string, query: Record<string, QueryValue> = {}): Promise<T[]> {
	const items: T[] = [];
	let cursor: string | undefined;
	for (let pages = 0; ; pages++) {
		const res = await client.get(path, { query: { ...query, cursor } });
		expect(res.status).toBe(200);
		expect(res.data.object_type).toBe('CursorList');
		items.push(...res.data.items);
		if (!res.data.next_page) return items;
		cursor = res.data.next_page;
		if (pages > 2000) throw new Error('runaway paging');
	}
}
const txPath = (pocket: string) => `/api/v2/pockets/${pocket}/transactions/`;
const ofPocket = (pocket: string) => Object.values(sb.state.data.transactions).filter((t) => t.accountId === pocket);

describe('v2 pockets', () => {
	test('list: every pocket by creation, cursor pages, filter[status], limits', async () => {
		const all = await walk<{ id: string; status: string }>('/api/v2/pockets/', { limit: 2 });
		expect(all.map((p) => p.id)).toEqual(Object.values(sb.state.data.accounts).sort((a, b) => a.seq - b.seq).map((a) => a.id));
		const first = await client.get('/api/v2/pockets/');
		expect(first.data).toMatchObject({ prev_page: null, next_page: null, object_type: 'CursorList' });
		expect(first.data.items).toHaveLength(9);
		const closedOrFrozen = await walk<{ id: string; status: string }>('/api/v2/pockets/', { 'filter[status]': ['FROZEN', 'CLOSED'], limit: 1 });
		expect(closedOrFrozen.map((p) => p.id).sort()).toEqual([ada.pockets.frozen, acme.pockets.closed].sort());
		// documented parameters without a sandbox effect are accepted
		expect((await client.get('/api/v2/pockets/', { query: { 'omit[]': 'portfolio', valuation_type: 'REAL_TIME' } })).status).toBe(200);
		expect((await client.get('/api/v2/pockets/', { query: { limit: 101 } })).status).toBe(422);
		expect((await client.get('/api/v2/pockets/', { query: { 'filter[status]': 'ACTIVE' } })).data.detail[0].loc).toEqual(['query', 'filter[status]', 0]);
	});

	test('get: the Pocket shape; the partner pocket is type PARTNER with the partner id', async () => {
		const p = (await client.get(`/api/v2/pockets/${BIG}/`)).data;
		const b = sb.state.balanceOf(BIG);
		expect(p).toMatchObject({
			id: BIG, pocket_name: 'J1 (4-week)', status: 'OPEN', attributes: [], deposit_strategy_id: 'UST-4W', reinvestment_strategy_id: 'UST-4W',
			type: 'CUSTOMER', customer_id: ada.id, object_type: 'Pocket',
			portfolio: { cash: { value: b.cash, currency: 'USD' }, total_value: { value: b.total }, all_time_earnings: { currency: 'USD' } },
		});
		expect(p.portfolio.securities[0]).toMatchObject({ type: 'FIXED_INCOME', cusip: expect.stringMatching(/^912797/), market_value: { currency: 'USD' }, maturity_date: expect.any(String), yield_to_maturity: expect.any(String) });
		expect((await client.get(`/api/v2/pockets/${acme.pockets.payroll}/`)).data.deposit_strategy_id).toBe('UST-13W');
		expect((await client.get(`/api/v2/pockets/${PARTNER}/`)).data).toMatchObject({ type: 'PARTNER', customer_id: DEMO_IDS.partnerId });
		expect((await client.get(`/api/v2/pockets/${randomUUID()}/`)).status).toBe(404);
	});

	test('v2Endpoints: false → every /api/v2/ route is 404 (an older Jiko), before any auth', async () => {
		await setAssumptions(sb.url, { v2Endpoints: false });
		expect((await client.get('/api/v2/pockets/')).status).toBe(404);
		expect((await client.get(txPath(BIG))).status).toBe(404);
		expect((await client.get('/api/v2/pockets/', { token: null })).data).toEqual({ detail: 'Not Found' });
		expect((await client.get(`/api/v1/jiko-accounts/${BIG}/`)).status).toBe(200);
		await setAssumptions(sb.url, { v2Endpoints: true });
		expect((await client.get('/api/v2/pockets/')).status).toBe(200);
	});
});

describe('v2 pocket transactions', () => {
	test('walks every transaction of the big pocket in both orders, like v1, with the flat item shape', async () => {
		const desc = await walk(txPath(BIG), { limit: 37 });
		const asc = await walk(txPath(BIG), { limit: 100, order: 'asc' });
		const v1 = ofPocket(BIG);
		expect(desc.length).toBeGreaterThanOrEqual(BIG_POCKET_TRANSACTIONS);
		expect(desc.length).toBe(v1.length);
		expect(new Set(desc.map((t) => t.id)).size).toBe(desc.length);
		expect(asc.map((t) => t.id)).toEqual([...desc].reverse().map((t) => t.id));
		const byId = new Map(v1.map((t) => [t.id, t]));
		for (const t of desc) {
			const rec = byId.get(t.id)!;
			expect(t).toMatchObject({ pocket_id: BIG, object_type: 'TransactionActivity', type: rec.details.transaction_type, title: rec.details.title });
			expect(t.amount.value).toBe(Math.abs(rec.amount));
			expect(t.direction).toBe(rec.amount < 0 ? 'DEBIT' : 'CREDIT');
			expect(t.status).toBe(rec.status === 'COMPLETED' ? 'SETTLED' : 'BOOKED');
			expect(t.time_settled === null).toBe(rec.status === 'PENDING');
			expect(Date.parse(t.time_booked)).toBe(rec.timestamp);
		}
		const pick = (type: string) => desc.find((t) => t.type === type)!;
		expect(Object.keys(pick('ACH'))).toEqual(expect.arrayContaining(['ach_id', 'ach_direction', 'company_name', 'company_entry_description', 'trace_number']));
		expect(pick('ACH').ach_direction).toBe('RECEIVING');
		expect(pick('WIRE_FEE')).toMatchObject({ wire_id: expect.any(String), reference_number: expect.any(String), counterparty_name: expect.any(String) });
		expect(pick('ON_US')).toMatchObject({ on_us_transfer_id: expect.any(String), on_us_transfer_type: expect.stringMatching(/^PARTNER_CUSTOMER_/) });
	});

	test('filters: direction, amounts, type, card, portal, time_booked, time_settled, include_sweeps', async () => {
		const v1 = ofPocket(BIG);
		const count = async (query: Record<string, QueryValue>) => (await walk(txPath(BIG), { limit: 100, ...query })).length;
		expect(await count({ direction: 'DEBIT' })).toBe(v1.filter((t) => t.amount < 0).length);
		expect(await count({ direction: 'CREDIT', amount_from: 100_000, amount_to: 500_000 })).toBe(v1.filter((t) => t.amount >= 100_000 && t.amount <= 500_000).length);
		expect(await count({ 'filter[type]': ['WIRE', 'WIRE_FEE'] })).toBe(v1.filter((t) => ['WIRE', 'WIRE_FEE'].includes(t.details.transaction_type)).length);
		expect(await count({ 'filter[card]': DEMO_IDS.cards.adaVirtual })).toBe(v1.filter((t) => t.cardId === DEMO_IDS.cards.adaVirtual).length);
		expect(await count({ 'filter[portal]': DEMO_IDS.portals.adaMain })).toBe(v1.filter((t) => t.portalId === DEMO_IDS.portals.adaMain).length);
		const from = Date.parse('2026-04-01T00:00:00Z');
		const to = Date.parse('2026-06-30T23:59:59Z');
		const inRange = v1.filter((t) => t.timestamp >= from && t.timestamp <= to).length;
		expect(inRange).toBeGreaterThan(20);
		expect(await count({ time_booked_from: '2026-04-01T00:00:00Z', time_booked_to: '2026-06-30T23:59:59Z', limit: 7 })).toBe(inRange);
		// settled-time filters leave out BOOKED (pending) transactions
		const settled = v1.filter((t) => t.status === 'COMPLETED').length;
		expect(settled).toBeLessThan(v1.length);
		expect(await count({ time_settled_from: '2000-01-01T00:00:00Z' })).toBe(settled);
		expect(await count({ include_sweeps: 'true' })).toBe(v1.length);
		const bad = await client.get(txPath(BIG), { query: { direction: 'IN', amount_from: -1, 'filter[type]': 'FEE', 'filter[wire]': 'x', time_booked_from: 'yesterday' } });
		expect(bad.status).toBe(422);
		expect(bad.data.detail.map((d: { loc: string[] }) => d.loc.join('.'))).toEqual(['query.direction', 'query.amount_from', 'query.filter[type].0', 'query.filter[wire].0', 'query.time_booked_from']);
		expect((await client.get(txPath(randomUUID()))).status).toBe(404);
	});

	test('filter[wire] and filter[on_us_transfer] find the transactions of one transfer', async () => {
		const wireTx = ofPocket(BIG).find((t) => t.details.transaction_type === 'WIRE_FEE')!;
		const wireId = wireTx.details.wire_fee_transaction!.wire_id as string;
		const items = await walk(txPath(BIG), { 'filter[wire]': wireId });
		expect(items.map((t) => t.type).sort()).toEqual(['WIRE', 'WIRE_FEE']);
		expect(items.every((t) => t.wire_id === wireId)).toBe(true);

		const id = randomUUID();
		const r = await client.post('/api/v1/transfers/on-us/', {
			type: 'INTERNAL_REALLOCATION', transfer_id: id, from_account: { id: BIG, type: 'JIKO_ACCOUNT' }, to_account: { id: ada.pockets.reserve, type: 'JIKO_ACCOUNT' },
			amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 321 },
		});
		expect(r.data.status).toBe('COMPLETED');
		const out = await walk(txPath(BIG), { 'filter[on_us_transfer]': id });
		const inn = await walk(txPath(ada.pockets.reserve), { 'filter[on_us_transfer]': [id, randomUUID()] });
		expect(out).toHaveLength(1);
		expect(out[0]).toMatchObject({ direction: 'DEBIT', amount: { value: 321 }, on_us_transfer_id: id, on_us_transfer_type: 'INTERNAL_REALLOCATION', status: 'SETTLED' });
		expect(inn[0]).toMatchObject({ direction: 'CREDIT', transaction_id: out[0].transaction_id });
		expect(inn[0].id).not.toBe(out[0].id); // one activity per pocket, one transaction behind both
		expect((await walk(txPath(BIG), { 'filter[on_us_transfer]': id, 'filter[wire]': wireId })).length).toBe(0);
	});
});

describe('ACH originations book their transaction at create', () => {
	const path = (pocket: string) => `/api/v1/jiko-accounts/${pocket}/ach-originating/`;
	const achTx = (achId: string) => Object.values(sb.state.data.transactions).find((t) => t.details.ach_transaction?.ach_id === achId);

	test('PENDING/BOOKED at create, PROCESSED/SETTLED at settlement; v1 details carry ach_id and ach_direction', async () => {
		const pocket = grace.pockets.main;
		const [c0, av0] = [sb.state.balanceOf(pocket).cash, sb.state.availableOf(pocket)];
		const payout = await client.post(path(pocket), { counterparty_id: grace.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 700 });
		const pull = await client.post(path(pocket), { counterparty_id: grace.counterparties.achVerified, direction: 'DEBIT', amount_usdc: 900 });
		expect([payout.data.company_entry_description, pull.data.company_entry_description]).toEqual(['Release TX', 'Funding TX']);
		// booked now: the payout holds its money, nothing is in cash yet
		expect(sb.state.balanceOf(pocket).cash).toBe(c0);
		expect(sb.state.availableOf(pocket)).toBe(av0 - 700);
		const v1 = await client.get(`/api/v1/jiko-accounts/${pocket}/transactions/${achTx(payout.data.id)!.id}/`);
		expect(v1.data).toMatchObject({ status: 'PENDING', amount: { value: -700 }, details: { transaction_type: 'ACH', ach_transaction: { ach_id: payout.data.id, ach_direction: 'ORIGINATION' } } });
		const booked = await walk(txPath(pocket), { direction: 'DEBIT', limit: 5 });
		expect(booked[0]).toMatchObject({ type: 'ACH', status: 'BOOKED', time_settled: null, ach_id: payout.data.id, ach_direction: 'ORIGINATION', company_entry_description: 'Release TX' });
		await settleAll(sb.url);
		expect(sb.state.balanceOf(pocket).cash).toBe(c0 - 700 + 900);
		const settled = (await walk(txPath(pocket), { limit: 10 })).filter((t) => [payout.data.id, pull.data.id].includes(t.ach_id as string));
		expect(settled.map((t) => [t.ach_id, t.status, t.direction, typeof t.time_settled])).toEqual(
			expect.arrayContaining([[payout.data.id, 'SETTLED', 'DEBIT', 'string'], [pull.data.id, 'SETTLED', 'CREDIT', 'string']]),
		);
		expect((await client.get(`${path(pocket)}${payout.data.id}/`)).data.status).toBe('PROCESSED');
	});

	test('REJECTED removes the booked transaction (pocket frozen before settlement)', async () => {
		const pocket = acme.pockets.payroll;
		const av0 = sb.state.availableOf(pocket);
		const r = await client.post(path(pocket), { counterparty_id: acme.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 1_234 });
		expect(achTx(r.data.id)?.status).toBe('PENDING');
		expect(sb.state.availableOf(pocket)).toBe(av0 - 1_234);
		sb.state.data.accounts[pocket].status = 'FROZEN';
		try {
			await settleAll(sb.url);
		} finally {
			sb.state.data.accounts[pocket].status = 'OPEN';
		}
		expect((await client.get(`${path(pocket)}${r.data.id}/`)).data.status).toBe('REJECTED');
		expect(achTx(r.data.id)).toBeUndefined();
		expect(sb.state.availableOf(pocket)).toBe(av0);
		const events = Object.values(sb.state.data.events).filter((e) => e.payload.jiko_account_id === pocket).map((e) => e.eventType);
		expect(events.slice(-2)).toEqual(['transfers.ach.out.sent', 'transfers.ach.out.rejected']);
	});

	test('achDirection: credit-pulls reverses what DEBIT and CREDIT do, and their default descriptions', async () => {
		await setAssumptions(sb.url, { achDirection: 'credit-pulls' });
		const pocket = acme.pockets.operating;
		const c0 = sb.state.balanceOf(pocket).cash;
		const credit = await client.post(path(pocket), { counterparty_id: acme.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 5_000 });
		const debit = await client.post(path(pocket), { counterparty_id: acme.counterparties.achVerified, direction: 'DEBIT', amount_usdc: 2_000 });
		expect([credit.data.company_entry_description, debit.data.company_entry_description]).toEqual(['Funding TX', 'Release TX']);
		await settleAll(sb.url);
		expect(sb.state.balanceOf(pocket).cash).toBe(c0 + 5_000 - 2_000);
		const kinds = Object.values(sb.state.data.events).filter((e) => e.payload.jiko_account_id === pocket).map((e) => e.eventType).slice(-3);
		expect(kinds).toEqual(['transfers.ach.out.sent', 'transfers.ach.in.success', 'transfers.ach.out.success']);
		// money leaving beyond the available cash is refused for the direction that pays out
		expect((await client.post(path(pocket), { counterparty_id: acme.counterparties.achVerified, direction: 'DEBIT', amount_usdc: 10 ** 12 })).status).toBe(422);
		expect((await client.post(path(pocket), { counterparty_id: acme.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 10 ** 12 })).status).toBe(200);
	});
});

describe('switches where the docs are silent', () => {
	test('onUsUnknownId: 404 (default) or 422', async () => {
		const unknown = `/api/v1/transfers/on-us/${randomUUID()}/`;
		expect((await client.get(unknown)).data).toEqual({ detail: 'On-us transfer not found' });
		await setAssumptions(sb.url, { onUsUnknownId: 422 });
		const r = await client.get(unknown);
		expect(r.status).toBe(422);
		expect(r.data.detail[0]).toMatchObject({ loc: ['path', 'transfer_id'], type: 'value_error' });
	});

	test('wireCreateBody: none (default, 201 empty) or wire (the sandbox Wire object)', async () => {
		const path = `/api/v1/jiko-accounts/${acme.pockets.operating}/wires/`;
		const none = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 100 });
		expect([none.status, none.text]).toEqual([201, '']);
		await setAssumptions(sb.url, { wireCreateBody: 'wire' });
		const wireId = randomUUID();
		const w = await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 100, wire_id: wireId, description: 'd' });
		expect(w.status).toBe(201);
		expect(w.data).toMatchObject({ id: wireId, wire_id: wireId, status: 'PENDING', amount: { value: 100 }, description: 'd', object_type: 'Wire' });
	});

	test('peerToPeerToAccountType: the to_account.type PEER_TO_PEER accepts', async () => {
		const body = (type: string) => ({ type: 'PEER_TO_PEER', from_account: { id: BIG, type: 'JIKO_ACCOUNT' }, to_account: { id: ada.onUsCounterparty, type }, amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 1 } });
		expect((await client.post('/api/v1/transfers/on-us/', body('COUNTERPARTY'))).status).toBe(201);
		await setAssumptions(sb.url, { peerToPeerToAccountType: 'ON_US_COUNTERPARTY' });
		const refused = await client.post('/api/v1/transfers/on-us/', body('COUNTERPARTY'));
		expect(refused.status).toBe(422);
		expect(refused.data.detail[0]).toMatchObject({ loc: ['body', 'to_account', 'type'], ctx: { enum_values: ['ON_US_COUNTERPARTY'] } });
		const ok = await client.post('/api/v1/transfers/on-us/', body('ON_US_COUNTERPARTY'));
		expect(ok.status).toBe(201);
		expect(ok.data.transfer.to_account).toEqual({ id: ada.onUsCounterparty, type: 'ON_US_COUNTERPARTY' });
	});

	test('subscriptionUpdateStatus: reject (default, 422 extra fields not permitted) or accept; PATCH answers 200', async () => {
		const sub = await client.post('/api/v1/subscriptions/', { events: ['card.status.open'], url: 'https://example.com/h', shared_secret: 'a-secret-of-16-chars' });
		const patch = (body: object) => client.request('PATCH', `/api/v1/subscriptions/${sub.data.id}/`, { body });
		const refused = await patch({ status: 'disabled', description: 'x' });
		expect(refused.status).toBe(422);
		expect(refused.data.detail).toEqual([{ loc: ['body', 'status'], msg: 'extra fields not permitted', type: 'value_error.extra' }]);
		expect(sb.state.data.subscriptions[sub.data.id].description).toBe(''); // nothing changed
		const ok = await patch({ description: 'renamed' });
		expect([ok.status, ok.data.description]).toEqual([200, 'renamed']);
		await setAssumptions(sb.url, { subscriptionUpdateStatus: 'accept' });
		const accepted = await patch({ status: 'disabled' });
		expect([accepted.status, accepted.data.status]).toEqual([200, 'disabled']);
	});

	test('loginRateLimitPerMinute: 429 + Retry-After on POST /api/v1/login/', async () => {
		await setAssumptions(sb.url, { loginRateLimitPerMinute: 2 });
		const other = new JikoRawClient(sb.url);
		expect((await other.login()).status).toBe(200);
		expect((await other.login('sandbox-partner', 'wrong')).status).toBe(401);
		const limited = await other.login();
		expect(limited.status).toBe(429);
		expect(limited.headers['retry-after']).toMatch(/^\d+$/);
		expect(limited.headers['x-ratelimit-limit']).toBe('2');
		await setAssumptions(sb.url, { loginRateLimitPerMinute: 0 });
		expect((await other.login()).status).toBe(200);
	});
});

describe('wire rejection', () => {
	const path = `/api/v1/jiko-accounts/${acme.pockets.operating}/wires/`;
	const pocket = acme.pockets.operating;

	test('POST /_sandbox/wires/{wire_id}/reject releases the money and emits transfers.wire.out.rejected', async () => {
		const wireId = randomUUID();
		const av0 = sb.state.availableOf(pocket);
		expect((await client.post(path, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: 4_000, wire_id: wireId })).status).toBe(201);
		expect(sb.state.availableOf(pocket)).toBe(av0 - 4_000 - sb.assumptions.wireFeeCents);
		const r = await axios.post(`${sb.url}/_sandbox/wires/${wireId}/reject`);
		expect(r.data).toMatchObject({ rejected: 1, wires: [{ wire_id: wireId, status: 'REJECTED' }] });
		expect(sb.state.availableOf(pocket)).toBe(av0);
		expect(sb.state.transactionsOfWire(wireId)).toHaveLength(0);
		const events = Object.values(sb.state.data.events).filter((e) => e.payload.wire_id === wireId);
		expect(events.map((e) => [e.eventType, e.payload])).toEqual([
			['transfers.wire.out.processing', { jiko_account_id: pocket, wire_id: wireId }],
			['transfers.wire.out.rejected', { jiko_account_id: pocket, wire_id: wireId }],
		]);
		expect((await axios.post(`${sb.url}/_sandbox/wires/${wireId}/reject`, undefined, { validateStatus: () => true })).status).toBe(409);
		expect((await axios.post(`${sb.url}/_sandbox/wires/${randomUUID()}/reject`, undefined, { validateStatus: () => true })).status).toBe(404);
		await settleAll(sb.url);
		expect((await ledger(sb.url)).wires.find((w) => w.wire_id === wireId)?.status).toBe('REJECTED');
	});

	test('a counterparty whose name contains REJECT gets its wire rejected at settlement', async () => {
		const cp = await axios.post(`${sb.url}/_sandbox/counterparties`, { customer_id: acme.id, type: 'WIRE', name_on_account: 'Please Reject Me LLC' });
		expect(cp.status).toBe(201);
		expect(cp.data).toMatchObject({ type: 'WIRE', wire: { status: 'VERIFIED', name_on_account: 'Please Reject Me LLC' } });
		const wireId = randomUUID();
		const av0 = sb.state.availableOf(pocket);
		expect((await client.post(path, { counterparty_id: cp.data.id, amount_usdc: 2_000, wire_id: wireId })).status).toBe(201);
		await settleAll(sb.url);
		expect((await ledger(sb.url)).wires.find((w) => w.wire_id === wireId)?.status).toBe('REJECTED');
		expect(sb.state.availableOf(pocket)).toBe(av0);
		expect(Object.values(sb.state.data.events).filter((e) => e.payload.wire_id === wireId).map((e) => e.eventType)).toEqual(['transfers.wire.out.processing', 'transfers.wire.out.rejected']);
	});
});

describe('run-time configuration', () => {
	test('PUT /_sandbox/config merges switches; unknown or invalid ones are refused with nothing changed', async () => {
		const before = (await axios.get(`${sb.url}/_sandbox/config`)).data;
		expect(before.assumptions).toEqual(sb.assumptions);
		const after = await setAssumptions(sb.url, { onUsUnknownId: 422 });
		expect(after).toEqual({ ...before.assumptions, onUsUnknownId: 422 });
		const put = (body: object) => axios.put(`${sb.url}/_sandbox/config`, body, { validateStatus: () => true });
		for (const bad of [{ assumptions: { nope: 1 } }, { assumptions: { repeatedKey: 'sometimes' } }, { assumptions: { visibilityLagMs: -1 } }, { latencyMs: { min: 5 } }, { other: 1 }]) {
			const r = await put(bad);
			expect(r.status).toBe(422);
			expect(typeof r.data.detail).toBe('string');
		}
		expect((await axios.get(`${sb.url}/_sandbox/config`)).data.assumptions).toEqual(after);
	});

	test('JIKO_SANDBOX_ASSUMPTIONS and JIKO_SANDBOX_LATENCY_MS configure `npm run sandbox`', () => {
		const env = { JIKO_SANDBOX_ASSUMPTIONS: '{"repeatedKey":"replay","visibilityLagMs":250}', JIKO_SANDBOX_LATENCY_MS: '20-80' };
		expect(parseArgs([], env)).toMatchObject({ assumptions: { repeatedKey: 'replay', visibilityLagMs: 250 }, latencyMs: { min: 20, max: 80 } });
		expect(parseArgs(['--assumptions', '{"v2Endpoints":false}', '--latency', '15'], env)).toMatchObject({ assumptions: { repeatedKey: 'replay', v2Endpoints: false }, latencyMs: 15 });
		expect(() => assumptionsFromEnv({ JIKO_SANDBOX_ASSUMPTIONS: '{"duplicateTransferId":"maybe"}' })).toThrow(/duplicateTransferId must be one of/);
		expect(() => assumptionsFromEnv({ JIKO_SANDBOX_ASSUMPTIONS: 'not json' })).toThrow(/not JSON/);
		expect(assumptionsFromEnv({})).toBeUndefined();
	});
});
