import { JikoRawClient } from '../support/jikoRawClient';
import { jikoRunner } from '../support/jiko';
import { useSandbox } from '../support/sandbox';

interface Demo {
	customers: { id: string; type: string; pockets: string[] }[];
}

const sandbox = useSandbox();
let demo: Demo;

beforeAll(async () => {
	const client = new JikoRawClient(sandbox.get().url);
	expect((await client.login()).status).toBe(200);
	const res = await client.get<Demo>('/api/v1/sandbox/demo/');
	expect(res.status).toBe(200);
	demo = res.data;
});

const run = jikoRunner(() => sandbox.get().url, { resource: 'trade' });

const pocket = (id: string) => ({ __rl: true, mode: 'id', value: id });
const tradesOf = (pocketIds: string[]) => Object.values(sandbox.get().state.data.trades).filter((t) => pocketIds.includes(t.accountId));

describe('Trade → Get Many', () => {
	test('customer scope, Return All: every trade of every pocket of the customer, newest first', async () => {
		const customer = demo.customers[0];
		const expected = tradesOf(customer.pockets);
		expect(expected.length).toBeGreaterThan(0);
		const { items, error } = await run({ operation: 'getMany', scope: 'customer', customerId: customer.id, returnAll: true });
		expect(error).toBeUndefined();
		const json = items.map((i) => i.json);
		expect(json.map((t) => t.id).sort()).toEqual(expected.map((t) => t.id).sort());
		for (const t of json) {
			expect(customer.pockets).toContain(t.jiko_account_id);
			expect(t.object_type).toBe('Trade');
		}
		const times = json.map((t) => Date.parse(String(t.trade_datetime)));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('pocket scope with a Limit: that many trades of that pocket only', async () => {
		const pocketId = demo.customers[0].pockets[0];
		expect(tradesOf([pocketId]).length).toBeGreaterThan(5);
		const { items, error } = await run({
			operation: 'getMany',
			scope: 'pocket',
			pocketId: pocket(pocketId),
			returnAll: false,
			limit: 5,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(5);
		for (const i of items) expect(i.json.jiko_account_id).toBe(pocketId);
	});

	test('Return All follows next_page over several cursor pages', async () => {
		// A pocket with more trades than one page holds (Jiko pages hold at most 100).
		const pocketId = demo.customers[2].pockets[1];
		const template = tradesOf([pocketId])[0];
		expect(template).toBeDefined();
		const base = Date.UTC(2024, 0, 1);
		for (let i = 0; i < 130; i++) {
			const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
			sandbox.get().state.data.trades[id] = { ...template, id, tradeDatetime: base + i * 3_600_000 };
		}
		const expected = tradesOf([pocketId]);
		expect(expected.length).toBeGreaterThan(100);
		const { items, error } = await run({ operation: 'getMany', scope: 'pocket', pocketId: pocket(pocketId), returnAll: true });
		expect(error).toBeUndefined();
		const ids = items.map((i) => i.json.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(expected.map((t) => t.id).sort());
	});

	test('trade date filters keep only trades inside the window', async () => {
		const customer = demo.customers[0];
		const all = tradesOf(customer.pockets).map((t) => t.tradeDatetime).sort((a, b) => a - b);
		const from = all[Math.floor(all.length / 4)];
		const to = all[Math.floor((3 * all.length) / 4)];
		const expected = tradesOf(customer.pockets).filter((t) => t.tradeDatetime >= from && t.tradeDatetime <= to);
		expect(expected.length).toBeGreaterThan(0);
		expect(expected.length).toBeLessThan(all.length);
		const { items, error } = await run({
			operation: 'getMany',
			scope: 'customer',
			customerId: customer.id,
			returnAll: true,
			filters: { tradeDatetimeFrom: new Date(from).toISOString(), tradeDatetimeTo: new Date(to).toISOString() },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id).sort()).toEqual(expected.map((t) => t.id).sort());
	});

	test('a Customer ID that is not a UUID is refused locally, naming the field and the item', async () => {
		const { items, error } = await run({ operation: 'getMany', scope: 'customer', customerId: 'ada', returnAll: true });
		expect(items).toHaveLength(0);
		expect(error?.message).toContain('Customer ID (item 0)');
		expect(error?.message).toContain('"ada"');
	});

	test('an unknown customer is a 404 with a message that says so', async () => {
		const { error } = await run({
			operation: 'getMany',
			scope: 'customer',
			customerId: '1b4e28ba-2fa1-41d2-883f-0016d3cca427',
			returnAll: true,
		});
		expect(error?.message).toMatch(/^Not found: .*list the trades of customer 1b4e28ba-2fa1-41d2-883f-0016d3cca427/);
	});
});

describe('Trade → Get Confirmation', () => {
	test('returns {trade_id, pocket_id, url} for a trade of the pocket', async () => {
		const pocketId = demo.customers[0].pockets[0];
		const trade = tradesOf([pocketId]).find((t) => t.activity === 'BUY');
		expect(trade).toBeDefined();
		const { items, error } = await run({
			operation: 'getConfirmation',
			pocketId: pocket(pocketId),
			tradeId: trade!.id,
		});
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(Object.keys(items[0].json).sort()).toEqual(['pocket_id', 'trade_id', 'url']);
		expect(items[0].json.trade_id).toBe(trade!.id);
		expect(items[0].json.pocket_id).toBe(pocketId);
		expect(String(items[0].json.url)).toMatch(/^http/);
		expect(String(items[0].json.url)).toContain(trade!.id);
	});

	test('Continue On Fail: an unknown trade becomes an {error} item paired to its input', async () => {
		const pocketId = demo.customers[0].pockets[0];
		const trade = tradesOf([pocketId]).find((t) => t.activity === 'BUY')!;
		const unknown = '9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f';
		const { items, error } = await run(
			{ operation: 'getConfirmation', pocketId: pocket(pocketId), tradeId: '={{ $json.tradeId }}' },
			[{ tradeId: trade.id }, { tradeId: unknown }, { tradeId: 'not-a-uuid' }],
			true,
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(3);
		expect(items[0].json.trade_id).toBe(trade.id);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[1].pairedItem).toEqual({ item: 1 });
		expect(String(items[1].json.error)).toMatch(/^Not found: .*confirmation of trade 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f/);
		expect(items[2].pairedItem).toEqual({ item: 2 });
		expect(String(items[2].json.error)).toContain('Trade ID (item 2)');
	});
});
