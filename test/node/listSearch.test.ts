import { randomUUID } from 'node:crypto';
import axios from 'axios';

import type { RunningSandbox } from '../../sandbox/server';
import { runJiko, searchJiko } from '../support/jiko';
import { DEMO_IDS, sandboxStats, useSandbox } from '../support/sandbox';

/* Resource-locator lists as the editor loads them, and the 300-item cursor walk. */
const sandbox = useSandbox();
/** listSearch.ts: a call stops once it has this many matches, or after this many pages. */
const ENOUGH_MATCHES = 20;
const MAX_PAGES = 10;
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

/**
 * Adds a customer (a copy of Grace with a new id) and `count` pockets of it after every pocket
 * there is: Jiko's v2 list is the partner's, in creation order, so they come last.
 */
function addPockets(sb: RunningSandbox, count: number, name: (i: number) => string): { customerId: string; pocketIds: string[] } {
	const { data } = sb.state;
	const customerId = randomUUID();
	data.customers[customerId] = { ...data.customers[DEMO_IDS.customers.grace.id], id: customerId };
	const template = data.accounts[DEMO_IDS.customers.grace.pockets.main];
	const pocketIds = Array.from({ length: count }, (_, i) => {
		const id = randomUUID();
		data.accounts[id] = { ...template, id, customerId, name: name(i), securities: [], seq: ++data.seq };
		return id;
	});
	sb.state.replaceData(data);
	return { customerId, pocketIds };
}

describe("a partner with many pockets: the chosen customer's come after the first page", () => {
	const many = useSandbox();
	let late: { customerId: string; pocketIds: string[] };
	let far: { customerId: string; pocketIds: string[] };
	let needle: string;
	const pocketsOf = async (customerId: string, filter?: string, token?: string) =>
		await searchJiko(many.get().url, 'searchPockets', { resource: 'pocket', operation: 'get', customerId }, filter, token);

	beforeAll(async () => {
		const sb = many.get();
		addPockets(sb, 150, (i) => `Other customer ${i}`);
		late = addPockets(sb, 30, (i) => `Late pocket ${String(i).padStart(2, '0')}`);
		addPockets(sb, 1_100, (i) => `Another customer ${i}`);
		far = addPockets(sb, 3, (i) => `Far pocket ${i}`);
		// Jiko lists counterparties newest first: the one made first is on the second page.
		const add = async (name: string) =>
			await axios.post(`${sb.url}/_sandbox/counterparties`, { customer_id: late.customerId, type: 'ACH', name_on_account: name });
		needle = (await add('Needle Supplies')).data.id;
		await new Promise((resolve) => setTimeout(resolve, 20));
		for (let i = 0; i < 130; i++) await add(`Payee ${i}`);
	});

	it("reads past pages without the customer's pockets and returns them with the token of where it stopped", async () => {
		const { url } = many.get();
		const before = await sandboxStats(url);
		const first = await pocketsOf(late.customerId);
		// Before: the first page (100 pockets of others) gave "No results" and the editor stopped there.
		expect(first.results.map((r) => r.value)).toEqual(late.pocketIds);
		expect(late.pocketIds.length).toBeGreaterThanOrEqual(ENOUGH_MATCHES);
		expect(first.results[0].name).toMatch(/^Late pocket 00 — \$[\d,]+\.\d{2} \(OPEN\)$/);
		// Two pages, then it stops: it has enough to show (more pockets of others follow).
		expect(first.paginationToken).toEqual(expect.any(String));
		expect((await sandboxStats(url)).requests - before.requests).toBe(2);
		// Scrolling on: nothing more of this customer's, and the list ends within the page budget.
		const rest = await pocketsOf(late.customerId, undefined, first.paginationToken);
		expect(rest.results).toEqual([]);
	});

	it("search text finds a pocket beyond the first page", async () => {
		const found = await pocketsOf(late.customerId, 'pocket 27');
		expect(found.results.map((r) => r.value)).toEqual([late.pocketIds[27]]);
	});

	it(`reads at most ${MAX_PAGES} pages per call, and the next call goes on from there`, async () => {
		const { url } = many.get();
		const before = await sandboxStats(url);
		const first = await pocketsOf(far.customerId);
		expect((await sandboxStats(url)).requests - before.requests).toBe(MAX_PAGES);
		expect(first.results).toEqual([]);
		expect(first.paginationToken).toEqual(expect.any(String));
		const next = await pocketsOf(far.customerId, undefined, first.paginationToken);
		expect(next.results.map((r) => r.value)).toEqual(far.pocketIds);
		expect(next.paginationToken).toBeUndefined();
	});

	it("search text finds a counterparty beyond the customer's first page of counterparties", async () => {
		const found = await searchJiko(many.get().url, 'searchCounterparties', { resource: 'achTransfer', operation: 'create', customerId: late.customerId }, 'needle');
		expect(found.results.map((r) => r.value)).toEqual([needle]);
		expect(found.results[0].name).toMatch(/^Needle Supplies · ACH ••\d{4} \(VERIFIED\)$/);
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
