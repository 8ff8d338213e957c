import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { openSandbox, useSandbox } from '../support/sandbox';

const { ada, grace, acme } = DEMO_IDS.customers;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});

const amountShape = { value: expect.any(Number), currency: 'USD', formatted: expect.stringMatching(/^-?\$[\d,]+\.\d{2}$/) };

describe('customers and pockets', () => {
	test('individual and business customers', async () => {
		const g = await client.get(`/api/v1/customers/${grace.id}/`);
		expect(g.data).toMatchObject({ type: 'INDIVIDUAL', date_of_birth: expect.any(String), email: expect.any(String), phone_number: expect.any(String), address: { country: 'US' } });
		const b = await client.get(`/api/v1/customers/${acme.id}/`);
		expect(b.data).toMatchObject({ type: 'BUSINESS', name: 'Acme Robotics LLC', identification_number: { identification_number: expect.any(String), type: 'EIN' }, account_status: 'OPEN' });
	});

	test('a pocket: Account shape, Amounts, portfolio, cash = Σ completed transactions', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/`);
		expect(res.status).toBe(200);
		expect(res.data).toMatchObject({ id: ada.pockets.main, name: expect.any(String), status: 'OPEN', total_value: amountShape, object_type: 'Account' });
		const p = res.data.portfolio;
		expect(p.cash).toMatchObject(amountShape);
		expect(p.all_time_earnings).toMatchObject(amountShape);
		expect(p.securities.length).toBeGreaterThan(0);
		expect(p.securities[0]).toMatchObject({ security_type: 'FIXED_INCOME', market_value: amountShape, maturity_date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) });
		const completed = Object.values(sb.state.data.transactions).filter((t) => t.accountId === ada.pockets.main && t.status === 'COMPLETED');
		expect(p.cash.value).toBe(completed.reduce((s, t) => s + t.amount, 0));
		const sec = p.securities.reduce((s: number, x: { market_value: { value: number } }) => s + x.market_value.value, 0);
		expect(res.data.total_value.value).toBe(p.cash.value + sec);
		expect(sb.state.balanceOf(ada.pockets.main).cash).toBe(p.cash.value);
	});

	test('the partner pocket is readable and holds a large balance', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${DEMO_IDS.partnerPocketId}/`);
		expect(res.status).toBe(200);
		expect(res.data.portfolio.cash.value).toBeGreaterThan(1_000_000_000);
	});

	test('seeded statuses include a FROZEN and a CLOSED pocket', async () => {
		expect((await client.get(`/api/v1/jiko-accounts/${ada.pockets.frozen}/`)).data.status).toBe('FROZEN');
		expect((await client.get(`/api/v1/jiko-accounts/${acme.pockets.closed}/`)).data.status).toBe('CLOSED');
	});

	test('offset list paging of pockets', async () => {
		const all = await client.get(`/api/v1/customers/${ada.id}/jiko-accounts/`);
		expect(all.data).toMatchObject({ offset: 0, count: 3, object_type: 'List' });
		expect(all.data.items.map((a: { id: string }) => a.id)).toEqual([ada.pockets.main, ada.pockets.reserve, ada.pockets.frozen]);
		const p1 = await client.get(`/api/v1/customers/${ada.id}/jiko-accounts/`, { query: { offset: 0, limit: 2 } });
		const p2 = await client.get(`/api/v1/customers/${ada.id}/jiko-accounts/`, { query: { offset: 2, limit: 2 } });
		expect(p1.data.items).toHaveLength(2);
		expect(p2.data).toMatchObject({ offset: 2, count: 3 });
		expect(p2.data.items.map((a: { id: string }) => a.id)).toEqual([ada.pockets.frozen]);
		const over = await client.get(`/api/v1/customers/${ada.id}/jiko-accounts/`, { query: { limit: 101 } });
		expect(over.status).toBe(422);
		expect(over.data.detail[0]).toMatchObject({ loc: ['query', 'limit'], type: 'value_error.number.not_le' });
	});
});

describe('error shapes', () => {
	test('bad UUID in path → 422 loc [path, customer_id]', async () => {
		const res = await client.get('/api/v1/customers/123/');
		expect(res.status).toBe(422);
		expect(res.data).toEqual({ detail: [{ loc: ['path', 'customer_id'], msg: 'value is not a valid uuid', type: 'type_error.uuid' }] });
	});

	test('unknown ids → 404 {detail: "... not found"}', async () => {
		const unknown = '00000000-0000-4000-8000-000000000000';
		for (const path of [
			`/api/v1/customers/${unknown}/`,
			`/api/v1/jiko-accounts/${unknown}/`,
			`/api/v1/jiko-accounts/${ada.pockets.main}/transactions/${unknown}/`,
			`/api/v1/customers/${ada.id}/counterparties/${unknown}/`,
			`/api/v1/subscriptions/${unknown}/`,
		]) {
			const res = await client.get(path);
			expect([path, res.status]).toEqual([path, 404]);
			expect(res.data.detail).toMatch(/not found$/);
		}
	});

	test('unknown route → 404; a path without its trailing slash is the same route, signed as sent', async () => {
		const res = await client.get('/api/v1/nothing-here/');
		expect(res.status).toBe(404);
		expect(res.data).toEqual({ detail: 'Not Found' });
		const unslashed = await client.get(`/api/v1/customers/${ada.id}`);
		expect(unslashed.status).toBe(200);
		expect(unslashed.data.type).toBe('INDIVIDUAL');
	});

	test('a counterparty of another customer is not found', async () => {
		expect((await client.get(`/api/v1/customers/${grace.id}/counterparties/${ada.counterparties.achVerified}/`)).status).toBe(404);
	});

	test('wrong body types and missing fields → 422 loc [body, field], all reported together', async () => {
		const res = await client.post('/api/v1/subscriptions/', { events: 'transfers.ach.in.success', shared_secret: 12 });
		expect(res.status).toBe(422);
		expect(res.data.detail).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ loc: ['body', 'events'], type: 'type_error.list' }),
				expect.objectContaining({ loc: ['body', 'url'], type: 'value_error.missing' }),
				expect.objectContaining({ loc: ['body', 'shared_secret'], type: 'type_error.str' }),
			]),
		);
	});

	test('invalid JSON body → 422 value_error.jsondecode', async () => {
		const res = await client.post('/api/v1/subscriptions/', '{"events": [');
		expect(res.status).toBe(422);
		expect(res.data.detail[0].type).toBe('value_error.jsondecode');
	});

	test('body sent without content-type, or as text/plain, is still signed and read', async () => {
		const body = JSON.stringify({ events: ['card.status.open'], url: 'https://example.com/a', shared_secret: '0123456789abcdef' });
		expect((await client.post('/api/v1/subscriptions/', body, { headers: { 'content-type': null } })).status).toBe(201);
		expect((await client.post('/api/v1/subscriptions/', body, { headers: { 'content-type': 'text/plain' } })).status).toBe(201);
	});

	test('bad query values → 422 loc [query, name]', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/transactions/`, {
			query: { order: 'up', 'filter[types]': 'ACH,NOPE', timestamp_from: 'yesterday', limit: 0 },
		});
		expect(res.status).toBe(422);
		const locs = res.data.detail.map((d: { loc: unknown[] }) => d.loc);
		expect(locs).toEqual(expect.arrayContaining([['query', 'order'], ['query', 'filter[types]', 1], ['query', 'timestamp_from'], ['query', 'limit']]));
	});
});

describe('trades, statements, counterparties, demo', () => {
	test('trades at customer and pocket level, with date filters', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/trades/`, { query: { limit: 100 } });
		expect(res.data.object_type).toBe('CursorList');
		expect(res.data.items.length).toBeGreaterThan(10);
		const t = res.data.items[0];
		expect(t).toMatchObject({ activity: expect.stringMatching(/^(BUY|SELL|MATURITY)$/), notional: amountShape, cusip: expect.any(String), price: expect.any(String), object_type: 'Trade', jiko_account_id: ada.pockets.main });
		const acts = new Set(res.data.items.map((x: { activity: string }) => x.activity));
		expect([...acts].sort()).toEqual(['BUY', 'MATURITY', 'SELL']);
		const from = '2026-03-01T00:00:00Z';
		const to = '2026-05-31T23:59:59Z';
		const f = await client.get(`/api/v1/customers/${ada.id}/trades/`, { query: { trade_datetime_from: from, trade_datetime_to: to, limit: 100 } });
		expect(f.data.items.length).toBeGreaterThan(0);
		for (const x of f.data.items) {
			expect(Date.parse(x.trade_datetime)).toBeGreaterThanOrEqual(Date.parse(from));
			expect(Date.parse(x.trade_datetime)).toBeLessThanOrEqual(Date.parse(to));
		}
	});

	test('trade confirmation → {url}; none for MATURITY', async () => {
		const trades = Object.values(sb.state.data.trades).filter((t) => t.accountId === ada.pockets.main);
		const buy = trades.find((t) => t.activity === 'BUY')!;
		const mat = trades.find((t) => t.activity === 'MATURITY')!;
		const res = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/trades/${buy.id}/confirmation/`);
		expect(res.status).toBe(200);
		expect(res.data).toEqual({ url: expect.stringMatching(/^http/) });
		const pdf = await axios.get(res.data.url, { responseType: 'arraybuffer' });
		expect(Buffer.from(pdf.data).subarray(0, 5).toString()).toBe('%PDF-');
		expect((await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/trades/${mat.id}/confirmation/`)).status).toBe(404);
	});

	test('statements: filters account[], type[], key, order; limit ≤ 150', async () => {
		const all = await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { limit: 150 } });
		expect(all.data.items[0]).toMatchObject({ type: expect.any(String), key: expect.any(String), pdf_download_url: expect.any(String), object_type: 'Statement' });
		const byMonth = await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { key: '2026-03', 'account[]': ada.pockets.main } });
		expect(byMonth.data.items.map((s: { type: string }) => s.type).sort()).toEqual(['BANK', 'BROKERAGE']);
		const tax = await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { 'type[]': ['1099INT'], key: '2025' } });
		expect(tax.data.items).toHaveLength(3); // one per pocket
		expect(tax.data.items.every((s: { key: string }) => s.key === '2025')).toBe(true);
		const asc = await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { order: 'asc', limit: 5 } });
		const times = asc.data.items.map((s: { time_created: string }) => Date.parse(s.time_created));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
		expect((await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { key: '2026-3' } })).status).toBe(422);
		expect((await client.get(`/api/v1/customers/${ada.id}/statements/`, { query: { limit: 151 } })).status).toBe(422);
	});

	test('counterparties: list and get, ACH and WIRE, verification states', async () => {
		const res = await client.get(`/api/v1/customers/${ada.id}/counterparties/`);
		expect(res.data.object_type).toBe('CursorList');
		expect(res.data.items).toHaveLength(4);
		const one = await client.get(`/api/v1/customers/${ada.id}/counterparties/${ada.counterparties.wireVerified}/`);
		expect(one.data).toMatchObject({ id: ada.counterparties.wireVerified, type: 'WIRE', wire: { status: 'VERIFIED', verification_type: 'PRE_VERIFIED', account_type: expect.any(String), routing_number: expect.any(String) }, object_type: 'Counterparty' });
		const statuses = new Set(res.data.items.map((c: Record<string, { status: string }>) => (c.ach ?? c.wire).status));
		expect([...statuses].sort()).toEqual(['FAILED', 'IN_PROGRESS', 'VERIFIED']);
		const paged = await client.get(`/api/v1/customers/${ada.id}/counterparties/`, { query: { limit: 3 } });
		const rest = await client.get(`/api/v1/customers/${ada.id}/counterparties/`, { query: { limit: 3, cursor: paged.data.next_page } });
		expect(rest.data.items).toHaveLength(1);
		expect(rest.data.next_page).toBeNull();
	});

	test('demo route shape', async () => {
		const res = await client.get('/api/v1/sandbox/demo/');
		expect(res.status).toBe(200);
		expect(res.data.partner).toEqual({ pocket_id: DEMO_IDS.partnerPocketId });
		expect(res.data.customers).toHaveLength(3);
		expect(res.data.customers.map((c: { type: string }) => c.type)).toEqual(['INDIVIDUAL', 'INDIVIDUAL', 'BUSINESS']);
		for (const c of res.data.customers) {
			expect(c).toMatchObject({ id: expect.any(String), pockets: expect.any(Array), counterparties: expect.any(Array) });
			expect(c.pockets.length).toBeGreaterThanOrEqual(2);
		}
		expect(res.data.customers[0].pockets).toEqual([ada.pockets.main, ada.pockets.reserve, ada.pockets.frozen]);
	});

	test('the seeded ids are the same on every start', async () => {
		const other = await openSandbox();
		try {
			expect(Object.keys(other.state.data.transactions).sort()).toEqual(Object.keys(sb.state.data.transactions).sort());
		} finally {
			await other.close();
		}
	});
});
