import { jikoRunner } from '../support/jiko';
import { JikoRawClient } from '../support/jikoRawClient';
import { useSandbox } from '../support/sandbox';

interface Demo {
	customers: { id: string; type: string; pockets: string[] }[];
}

let demo: Demo;
let requestsSeen: string[] = [];

// Records the URL of every signed request, to see the page sizes the node asks for.
const sandbox = useSandbox({
	routes: [
		(api) =>
			api.addHook('onRequest', async (req) => {
				requestsSeen.push(req.url);
			}),
	],
});

beforeAll(async () => {
	requestsSeen = [];
	const client = new JikoRawClient(sandbox.get().url);
	expect((await client.login()).status).toBe(200);
	const res = await client.get<Demo>('/api/v1/sandbox/demo/');
	expect(res.status).toBe(200);
	demo = res.data;
});

const run = jikoRunner(() => sandbox.get().url, { resource: 'statement', operation: 'getMany' });

const statementsOf = (pocketIds: string[]) =>
	Object.values(sandbox.get().state.data.statements).filter((s) => pocketIds.includes(s.accountId));

describe('Statement → Get Many', () => {
	test('Return All: every statement of the customer, newest first, in pages of up to 150', async () => {
		const customer = demo.customers[0];
		const expected = statementsOf(customer.pockets);
		expect(expected.length).toBeGreaterThan(0);
		requestsSeen.length = 0;
		const { items, error } = await run({ customerId: customer.id, returnAll: true });
		expect(error).toBeUndefined();
		const json = items.map((i) => i.json);
		expect(json.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
		const times = json.map((s) => Date.parse(String(s.time_created)));
		expect(times).toEqual([...times].sort((a, b) => b - a));
		for (const s of json) expect(customer.pockets).toContain(s.jiko_account_id);
		const listCalls = requestsSeen.filter((u) => u.includes('/statements/'));
		expect(listCalls[0]).toContain('limit=150');
		expect(listCalls).toHaveLength(Math.ceil(expected.length / 150));
	});

	test('Return All over several pages when the customer has more than 150 statements', async () => {
		const customer = demo.customers[2];
		const pocketId = customer.pockets[0];
		for (let i = 0; i < 160; i++) {
			const id = `00000000-0000-4000-9000-${String(i).padStart(12, '0')}`;
			sandbox.get().state.data.statements[id] = {
				id,
				accountId: pocketId,
				type: 'BANK',
				key: `20${String(10 + Math.floor(i / 12)).padStart(2, '0')}-${String((i % 12) + 1).padStart(2, '0')}`,
				timeCreated: Date.UTC(2010, 0, 1) + i * 86_400_000,
			};
		}
		const expected = statementsOf(customer.pockets);
		expect(expected.length).toBeGreaterThan(150);
		const { items, error } = await run({ customerId: customer.id, returnAll: true });
		expect(error).toBeUndefined();
		const ids = items.map((i) => i.json.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect([...ids].sort()).toEqual(expected.map((s) => s.id).sort());
	});

	test('Limit: that many statements', async () => {
		const { items, error } = await run({ customerId: demo.customers[0].id, returnAll: false, limit: 7 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(7);
	});

	test('the Types filter keeps only those types (type[])', async () => {
		const customer = demo.customers[0];
		const expected = statementsOf(customer.pockets).filter((s) => s.type === '1099B' || s.type === '1099INT');
		expect(expected.length).toBeGreaterThan(0);
		requestsSeen.length = 0;
		const { items, error } = await run({ customerId: customer.id, returnAll: true, filters: { types: ['1099B', '1099INT'] } });
		expect(error).toBeUndefined();
		// Jiko reads repeated keys; an indexed form (type[][0]=…) would be ignored as unknown.
		expect(requestsSeen.some((u) => /[?&]type%5B%5D=1099B&type%5B%5D=1099INT(&|$)/.test(u))).toBe(true);
		expect(items.map((i) => i.json.id).sort()).toEqual(expected.map((s) => s.id).sort());
		const bank = await run({ customerId: customer.id, returnAll: true, filters: { types: ['BANK'] } });
		expect(bank.items.length).toBe(statementsOf(customer.pockets).filter((s) => s.type === 'BANK').length);
		expect(bank.items.every((i) => i.json.type === 'BANK')).toBe(true);
	});

	test('the Period filter takes a year or a month (key)', async () => {
		const customer = demo.customers[0];
		const month = await run({ customerId: customer.id, returnAll: true, filters: { key: '2026-03' } });
		expect(month.error).toBeUndefined();
		const expectedMonth = statementsOf(customer.pockets).filter((s) => s.key === '2026-03');
		expect(expectedMonth.length).toBeGreaterThan(0);
		expect(month.items.map((i) => i.json.id).sort()).toEqual(expectedMonth.map((s) => s.id).sort());
		const year = await run({ customerId: customer.id, returnAll: true, filters: { key: '2025' } });
		const expectedYear = statementsOf(customer.pockets).filter((s) => s.key.startsWith('2025'));
		expect(year.items.map((i) => i.json.id).sort()).toEqual(expectedYear.map((s) => s.id).sort());
		expect(year.items.length).toBeGreaterThan(month.items.length);
	});

	test('the Pocket IDs filter keeps only those pockets (account[]) and Order asc sorts oldest first', async () => {
		const customer = demo.customers[0];
		const [first, second] = customer.pockets;
		const expected = statementsOf([first, second]);
		expect(statementsOf(customer.pockets).length).toBeGreaterThan(expected.length);
		const { items, error } = await run({
			customerId: customer.id,
			returnAll: true,
			filters: { pockets: ` ${first} ,${second.toUpperCase()}`, order: 'asc' },
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json.id).sort()).toEqual(expected.map((s) => s.id).sort());
		const times = items.map((i) => Date.parse(String(i.json.time_created)));
		expect(times).toEqual([...times].sort((a, b) => a - b));
	});

	test('a malformed period is refused before any request, naming the field and the item', async () => {
		requestsSeen.length = 0;
		const { items, error } = await run(
			{ customerId: demo.customers[0].id, returnAll: true, filters: { key: '={{ $json.period }}' } },
			[{ period: '2026' }, { period: '26-3' }],
			true,
		);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(1);
		const failed = items.filter((i) => i.json.error !== undefined);
		expect(failed).toHaveLength(1);
		expect(failed[0].pairedItem).toEqual({ item: 1 });
		expect(String(failed[0].json.error)).toContain('Filters → Period (item 1)');
		expect(String(failed[0].json.error)).toContain('YYYY-MM');
		expect(requestsSeen.some((u) => u.includes('key=26-3'))).toBe(false);
	});

	test('a pocket ID that is not a UUID is refused, naming the field and the item', async () => {
		const { error } = await run({ customerId: demo.customers[0].id, returnAll: true, filters: { pockets: 'main, reserve' } });
		expect(error?.message).toContain('Filters → Pocket IDs (item 0)');
		expect(error?.message).toContain('"main"');
	});

	test('Continue On Fail: an unknown customer becomes an {error} item with the 404 message', async () => {
		const unknown = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
		const { items, error } = await run({ customerId: unknown, returnAll: true }, [{}], true);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(String(items[0].json.error)).toMatch(/^Not found: .*list the statements of customer 1b4e28ba/);
	});
});
