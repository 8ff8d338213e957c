import { runJiko, searchJiko } from '../support/jiko';
import { DEMO_IDS, sandboxStats, useSandbox } from '../support/sandbox';

/* Resource-locator lists as the editor loads them, and the 300-item cursor walk. */
const sandbox = useSandbox();
const { ada, acme } = DEMO_IDS.customers;

async function search(method: string, customerId: string, filter?: string) {
	const { url } = (await sandbox).get();
	return await searchJiko(url, method, { resource: 'pocket', operation: 'get', customerId }, filter);
}

describe('resource locator lists', () => {
	it("lists the chosen customer's pockets with value and status, and filters by name", async () => {
		const all = await search('searchPockets', acme.id);
		expect(all.results.map((r) => r.value).sort()).toEqual(Object.values(acme.pockets).sort());
		expect(all.results.find((r) => r.value === acme.pockets.closed)?.name).toMatch(/\(CLOSED\)$/);
		expect(all.results.every((r) => /\$[\d,]+\.\d{2}/.test(r.name))).toBe(true);
		const some = await search('searchPockets', acme.id, 'payroll');
		expect(some.results.map((r) => r.value)).toEqual([acme.pockets.payroll]);
	});

	it("lists the customer's counterparties with type, masked account and verification status", async () => {
		const list = await search('searchCounterparties', ada.id);
		expect(list.results.map((r) => r.value).sort()).toEqual(Object.values(ada.counterparties).sort());
		const verified = list.results.find((r) => r.value === ada.counterparties.achVerified);
		expect(verified?.name).toMatch(/· ACH ••\d{4} \(VERIFIED\)$/);
	});

	it('is empty until a valid customer ID is entered', async () => {
		expect((await search('searchPockets', '')).results).toEqual([]);
		expect((await search('searchCounterparties', 'nope')).results).toEqual([]);
	});
});

describe('Transaction → Get Many, 300 items', () => {
	it('walks three cursor pages of 100 and returns 300 distinct transactions', async () => {
		const { url } = (await sandbox).get();
		const before = await sandboxStats(url);
		const run = await runJiko(url, {
			resource: 'transaction',
			operation: 'getMany',
			scope: 'pocket',
			pocketId: { __rl: true, mode: 'id', value: ada.pockets.main },
			returnAll: false,
			limit: 300,
			filters: {},
		});
		expect(run.error).toBeUndefined();
		const ids = run.items.map((item) => item.json.id);
		expect(ids).toHaveLength(300);
		expect(new Set(ids).size).toBe(300);
		const times = run.items.map((item) => Date.parse(String(item.json.timestamp)));
		expect([...times].sort((a, b) => b - a)).toEqual(times);
		const after = await sandboxStats(url);
		expect(after.requests - before.requests).toBe(3);
	});
});
