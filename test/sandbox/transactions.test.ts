import { DEMO_IDS, BIG_POCKET_TRANSACTIONS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient, type QueryValue } from '../support/jikoRawClient';
import { useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
const BIG = ada.pockets.main;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});

interface Tx {
	id: string;
	timestamp: string;
	jiko_account_id: string;
	status: string;
	amount: { value: number };
	details: { transaction_type: string } & Record<string, unknown>;
}

async function walk(path: string, query: Record<string, QueryValue>): Promise<{ items: Tx[]; pages: number }> {
	const items: Tx[] = [];
	let cursor = query.cursor as string | undefined;
	let pages = 0;
	for (;;) {
		const res = await client.get(path, { query: { ...query, cursor } });
		expect(res.status).toBe(200);
		expect(res.data.object_type).toBe('CursorList');
		pages += 1;
		items.push(...res.data.items);
		if (!res.data.next_page) break;
		cursor = res.data.next_page;
		if (pages > 1000) throw new Error('runaway paging');
	}
	return { items, pages };
}

const total = () => Object.values(sb.state.data.transactions).filter((t) => t.accountId === BIG).length;

describe('walking every transaction of the big pocket', () => {
	test(`the big pocket has ${BIG_POCKET_TRANSACTIONS} transactions, with ties, both statuses and every type`, () => {
		const txs = Object.values(sb.state.data.transactions).filter((t) => t.accountId === BIG);
		expect(txs.length).toBe(BIG_POCKET_TRANSACTIONS);
		expect(new Set(txs.map((t) => t.timestamp)).size).toBeLessThan(txs.length);
		expect(new Set(txs.map((t) => t.status))).toEqual(new Set(['PENDING', 'COMPLETED']));
		expect(new Set(txs.map((t) => t.details.transaction_type))).toEqual(new Set(['ACH', 'WIRE', 'WIRE_FEE', 'ON_US', 'CARD', 'CASH_BACK', 'GENERIC']));
	});

	for (const limit of [100, 7]) {
		for (const order of ['desc', 'asc'] as const) {
			test(`limit ${limit}, order ${order}: no gap, no duplicate, sorted`, async () => {
				const { items, pages } = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit, order });
				expect(items.length).toBe(total());
				expect(new Set(items.map((t) => t.id)).size).toBe(items.length);
				expect(pages).toBe(Math.ceil(total() / limit));
				const times = items.map((t) => Date.parse(t.timestamp));
				const sorted = [...times].sort((a, b) => (order === 'asc' ? a - b : b - a));
				expect(times).toEqual(sorted);
			});
		}
	}

	test('default limit is 30 and desc; prev_page leads back to the previous page', async () => {
		const p1 = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`);
		expect(p1.data.items).toHaveLength(30);
		expect(p1.data.prev_page).toBeNull();
		const p2 = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { cursor: p1.data.next_page } });
		const back = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { cursor: p2.data.prev_page } });
		expect(back.data.items.map((t: Tx) => t.id)).toEqual(p1.data.items.map((t: Tx) => t.id));
	});

	test('a transaction item has Jiko’s shape', async () => {
		const p = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { 'filter[types]': 'WIRE_FEE', limit: 1 } });
		const t = p.data.items[0];
		expect(t).toMatchObject({ jiko_account_id: BIG, amount: { currency: 'USD' }, status: expect.any(String), object_type: 'Transaction' });
		expect(t.details).toMatchObject({ transaction_type: 'WIRE_FEE', title: expect.any(String), wire_fee_transaction: { reference_number: expect.any(String), counterparty_name: expect.any(String), wire_id: expect.any(String) } });
		const one = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/${t.id}/`);
		expect(one.data).toEqual(t);
	});

	test('bad cursor → 422 on [query, cursor]', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { cursor: 'garbage!!' } });
		expect(res.status).toBe(422);
		expect(res.data.detail[0].loc).toEqual(['query', 'cursor']);
		const p1 = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { order: 'asc' } });
		expect((await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { cursor: p1.data.next_page, order: 'desc' } })).status).toBe(422);
		expect((await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { limit: 101 } })).status).toBe(422);
	});
});

describe('filters', () => {
	test('filter[types], repeated or comma-separated', async () => {
		const expected = Object.values(sb.state.data.transactions).filter((t) => t.accountId === BIG && ['WIRE', 'WIRE_FEE'].includes(t.details.transaction_type)).length;
		const a = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 100, 'filter[types]': ['WIRE', 'WIRE_FEE'] });
		const b = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 100, 'filter[types]': 'WIRE,WIRE_FEE' });
		expect(a.items.length).toBe(expected);
		expect(b.items.map((t) => t.id)).toEqual(a.items.map((t) => t.id));
		expect(new Set(a.items.map((t) => t.details.transaction_type))).toEqual(new Set(['WIRE', 'WIRE_FEE']));
	});

	test('timestamp range (inclusive) walked with a small page size', async () => {
		const from = '2026-04-01T00:00:00+00:00';
		const to = '2026-06-30T23:59:59Z';
		const expected = Object.values(sb.state.data.transactions).filter((t) => t.accountId === BIG && t.timestamp >= Date.parse(from) && t.timestamp <= Date.parse(to));
		expect(expected.length).toBeGreaterThan(20);
		const { items } = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 9, timestamp_from: from, timestamp_to: to });
		expect(items.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
	});

	test('filter[card] and filter[portal]', async () => {
		const cards = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 100, 'filter[card]': DEMO_IDS.cards.adaVirtual });
		expect(cards.items.length).toBeGreaterThan(0);
		expect(new Set(cards.items.map((t) => t.details.transaction_type))).toEqual(new Set(['CARD', 'CASH_BACK']));
		const portal = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 100, 'filter[portal]': DEMO_IDS.portals.adaMain });
		expect(portal.items.length).toBeGreaterThan(0);
		expect(portal.items.every((t) => t.amount.value > 0)).toBe(true);
	});

	test('customer level: all pockets by default, account[] narrows', async () => {
		const all = await walk(`/api/v1/customers/${ada.id}/transactions/`, { limit: 100 });
		const mine = Object.values(sb.state.data.transactions).filter((t) => [ada.pockets.main, ada.pockets.reserve, ada.pockets.frozen].includes(t.accountId));
		expect(all.items.length).toBe(mine.length);
		const two = await walk(`/api/v1/customers/${ada.id}/transactions/`, { limit: 50, 'account[]': [ada.pockets.reserve, ada.pockets.frozen] });
		expect(new Set(two.items.map((t) => t.jiko_account_id))).toEqual(new Set([ada.pockets.reserve, ada.pockets.frozen]));
		expect(two.items.length).toBe(mine.filter((t) => t.accountId !== BIG).length);
		const bad = await client.get(`/api/v1/customers/${ada.id}/transactions/`, { query: { 'account[]': 'nope' } });
		expect(bad.data.detail[0].loc).toEqual(['query', 'account[]', 0]);
	});

	test('paging stays gap-free when a transaction is booked between pages', async () => {
		const p1 = await client.get(`/api/v1/jiko-accounts/${BIG}/transactions/`, { query: { limit: 50, order: 'asc' } });
		sb.state.addTransaction({ accountId: BIG, amount: 1234, timestamp: Date.now(), status: 'COMPLETED', details: { transaction_type: 'GENERIC', title: 'late arrival' } });
		const rest = await walk(`/api/v1/jiko-accounts/${BIG}/transactions/`, { limit: 50, order: 'asc', cursor: p1.data.next_page });
		const ids = [...p1.data.items.map((t: Tx) => t.id), ...rest.items.map((t) => t.id)];
		expect(ids.length).toBe(total());
		expect(new Set(ids).size).toBe(ids.length);
	});
});
