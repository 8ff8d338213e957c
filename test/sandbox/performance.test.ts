/*
 * "Cost per request must not grow with history": sorted indexes with binary-search cursor pages
 * (checked by counting the index entries a page reads), running balances (checked against a
 * recomputation from every transaction), bulk seeding, latency, and debounced persistence.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import fc from 'fast-check';
import { DEFAULT_ASSUMPTIONS } from '../../sandbox/assumptions';
import { cursorPage, pagingStats } from '../../sandbox/http/pagination';
import { Latency, parseLatency } from '../../sandbox/latency';
import { Persister } from '../../sandbox/persistence';
import { seedData } from '../../sandbox/seed';
import { SortedIndex } from '../../sandbox/sortedIndex';
import { SandboxState } from '../../sandbox/state';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { seedPocket, settleAll, openSandbox, useSandbox } from '../support/sandbox';

const { ada, grace, acme } = DEMO_IDS.customers;

describe('SortedIndex and cursor pages', () => {
	test('in-order appends, out-of-order inserts, bulk merges and removals keep (key, id) order', () => {
		const idx = new SortedIndex<string>();
		idx.insert(5, 'b', 'x');
		idx.insert(7, 'a', 'x');
		idx.insert(5, 'a', 'x'); // tie on the key: ordered by id
		idx.insert(1, 'z', 'x');
		idx.insertMany([{ k: 6, id: 'm', v: 'x' }, { k: 0, id: 'q', v: 'x' }, { k: 9, id: 'c', v: 'x' }]);
		const keys = () => Array.from({ length: idx.size }, (_, i) => `${idx.at(i).k}${idx.at(i).id}`);
		expect(keys()).toEqual(['0q', '1z', '5a', '5b', '6m', '7a', '9c']);
		expect(idx.remove(5, 'a')).toBe(true);
		expect(idx.remove(5, 'a')).toBe(false);
		expect([idx.lowerBound(5, 'b'), idx.upperBound(5, 'b'), idx.firstAtOrAfter(6), idx.firstAfter(6)]).toEqual([2, 3, 3, 4]);
	});

	test('property: walking next_page (and back with prev_page) lists exactly the filtered, sorted items', () => {
		const item = fc.record({ k: fc.integer({ min: 0, max: 20 }), id: fc.uuid(), even: fc.boolean() });
		fc.assert(
			fc.property(fc.uniqueArray(item, { selector: (x) => x.id, maxLength: 60 }), fc.integer({ min: 1, max: 7 }), fc.constantFrom('asc' as const, 'desc' as const), fc.boolean(), fc.integer({ min: 1, max: 4 }), (items, limit, order, filtered, nSources) => {
				// split over several sources, as a customer-wide list merges its pockets
				const sources = Array.from({ length: nSources }, (_, s) => SortedIndex.from(items.filter((_, i) => i % nSources === s), (x) => [x.k, x.id]));
				const match = filtered ? (x: { even: boolean }) => x.even : undefined;
				const expected = items
					.filter((x) => !match || match(x))
					.sort((a, b) => (a.k - b.k || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)) * (order === 'asc' ? 1 : -1))
					.map((x) => x.id);
				const pages: string[][] = [];
				const prevs: (string | null | undefined)[] = [];
				let cursor: string | undefined;
				for (;;) {
					const p = cursorPage(sources, { order, cursor, limit, match, view: (x) => x.id, assumptions: DEFAULT_ASSUMPTIONS });
					pages.push(p.items);
					prevs.push(p.prev_page);
					if (!p.next_page) break;
					cursor = p.next_page;
				}
				expect(pages.flat()).toEqual(expected);
				expect(prevs[0]).toBeNull();
				for (let i = 1; i < pages.length; i++) {
					const back = cursorPage(sources, { order, cursor: prevs[i] as string, limit, match, view: (x) => x.id, assumptions: DEFAULT_ASSUMPTIONS });
					expect(back.items).toEqual(pages[i - 1]);
				}
			}),
			{ numRuns: 300 },
		);
	});
});

describe('against a pocket with a long history', () => {
	let sb: RunningSandbox;
	let client: JikoRawClient;
	const POCKET = grace.pockets.savings;
	const N = 20_000;

	const sandbox = useSandbox({ held: true, login: true });
	beforeAll(() => {
		sb = sandbox.get();
		client = sandbox.raw();
	});

	test('bulk seeding: N transactions, ACH originations and wires in one call each', async () => {
		const before = sb.state.transactionIndex(POCKET).size;
		expect(await seedPocket(sb.url, 'transactions', { pocket_id: POCKET, count: N })).toBe(N);
		expect(sb.state.transactionIndex(POCKET).size).toBe(before + N);
		expect(await seedPocket(sb.url, 'ach', { pocket_id: grace.pockets.main, count: 40, direction: 'DEBIT' })).toBe(40);
		const achList = await client.get(`/api/v1/jiko-accounts/${grace.pockets.main}/ach-originating/`, { query: { limit: 100, 'filter[status]': 'PROCESSED' } });
		expect(achList.data.items).toHaveLength(40);
		expect(achList.data.items[0]).toMatchObject({ direction: 'DEBIT', status: 'PROCESSED', company_entry_description: 'Funding TX' });
		expect(await seedPocket(sb.url, 'wires', { pocket_id: acme.pockets.payroll, count: 15 })).toBe(15);
		const wires = (await axios.get(`${sb.url}/_sandbox/ledger`)).data.wires.filter((w: { jiko_account_id: string }) => w.jiko_account_id === acme.pockets.payroll);
		expect(wires).toHaveLength(15);
		const wireTx = await client.get(`/api/v2/pockets/${acme.pockets.payroll}/transactions/`, { query: { 'filter[wire]': wires[0].wire_id } });
		expect(wireTx.data.items.map((t: { type: string; status: string }) => `${t.type}:${t.status}`).sort()).toEqual(['WIRE:SETTLED', 'WIRE_FEE:SETTLED']);
		const bad = await axios.post(`${sb.url}/_sandbox/seed/transactions`, { pocket_id: randomUUID(), count: 0 }, { validateStatus: () => true });
		expect(bad.status).toBe(422);
	});

	test('a page reads O(limit) index entries, wherever the cursor is, in v1 and v2', async () => {
		const size = sb.state.transactionIndex(POCKET).size;
		expect(size).toBeGreaterThan(N);
		for (const path of [`/api/v1/jiko-accounts/${POCKET}/transactions/`, `/api/v2/pockets/${POCKET}/transactions/`]) {
			let cursor: string | undefined;
			for (let page = 0; page < 120; page++) {
				const read0 = pagingStats.entriesRead;
				const r = await client.get(path, { query: { limit: 100, cursor } });
				expect(r.data.items).toHaveLength(100);
				// the page, one look-ahead for next_page, one look-behind for prev_page
				expect(pagingStats.entriesRead - read0).toBeLessThanOrEqual(102);
				cursor = r.data.next_page;
			}
			// a date range is found by binary search: a one-day window reads only that day
			const read0 = pagingStats.entriesRead;
			const q = path.includes('/v2/') ? { time_booked_from: '2026-02-01T00:00:00Z', time_booked_to: '2026-02-01T23:59:59Z' } : { timestamp_from: '2026-02-01T00:00:00Z', timestamp_to: '2026-02-01T23:59:59Z' };
			await client.get(path, { query: q });
			expect(pagingStats.entriesRead - read0).toBeLessThan(10);
		}
	});

	test('a full walk reads each entry about once (linear), with no gap or duplicate', async () => {
		const size = sb.state.transactionIndex(POCKET).size;
		const read0 = pagingStats.entriesRead;
		const ids = new Set<string>();
		let cursor: string | undefined;
		let pages = 0;
		for (;;) {
			const r = await client.get(`/api/v2/pockets/${POCKET}/transactions/`, { query: { limit: 100, order: 'asc', cursor } });
			for (const t of r.data.items) ids.add(t.id);
			pages += 1;
			if (!r.data.next_page) break;
			cursor = r.data.next_page;
		}
		expect(ids.size).toBe(size);
		expect(pagingStats.entriesRead - read0).toBeLessThanOrEqual(size + 2 * pages);
	});

	test('the customer-wide v1 list merges the pockets’ indexes: a page still reads O(limit)', async () => {
		const read0 = pagingStats.entriesRead;
		const r = await client.get(`/api/v1/customers/${grace.id}/transactions/`, { query: { limit: 50 } });
		expect(r.data.items).toHaveLength(50);
		expect(pagingStats.entriesRead - read0).toBeLessThanOrEqual(52);
	});

	test('running balances equal a recomputation from every transaction after mixed money movement', async () => {
		const onUs = (body: object) => client.post('/api/v1/transfers/on-us/', body);
		const acct = (id: string) => ({ id, type: 'JIKO_ACCOUNT' });
		for (let i = 0; i < 5; i++) {
			await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.reserve), amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 100 + i }, async_mode: i % 2 === 0 });
			await client.post(`/api/v1/jiko-accounts/${ada.pockets.main}/ach-originating/`, { counterparty_id: ada.counterparties.achVerified, direction: i % 2 ? 'DEBIT' : 'CREDIT', amount_usdc: 50 + i });
			const wireId = randomUUID();
			await client.post(`/api/v1/jiko-accounts/${ada.pockets.main}/wires/`, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: 70 + i, wire_id: wireId });
			if (i === 2) await axios.post(`${sb.url}/_sandbox/wires/${wireId}/reject`);
		}
		const check = () => {
			for (const id of Object.keys(sb.state.data.accounts)) {
				const txs = Object.values(sb.state.data.transactions).filter((t) => t.accountId === id);
				const cash = txs.filter((t) => t.status === 'COMPLETED').reduce((s, t) => s + t.amount, 0);
				const pending = txs.filter((t) => t.status === 'PENDING').reduce((s, t) => s + t.amount, 0);
				const available = txs.filter((t) => t.status === 'COMPLETED' || t.amount < 0).reduce((s, t) => s + t.amount, 0);
				expect([id, sb.state.balanceOf(id).cash, sb.state.balanceOf(id).pending, sb.state.availableOf(id)]).toEqual([id, cash, pending, available]);
			}
		};
		check();
		await settleAll(sb.url);
		check();
		// a reset rebuilds indexes and sums from the fresh seed
		await axios.post(`${sb.url}/_sandbox/reset`);
		check();
		expect(sb.state.transactionIndex(POCKET).size).toBe(Object.values(sb.state.data.transactions).filter((t) => t.accountId === POCKET).length);
	});
});

describe('latency', () => {
	test('a fixed or uniformly drawn delay (seeded: the same sequence again) on API answers, never on admin routes', async () => {
		const sb = await openSandbox({ options: { latencyMs: 150 } });
		try {
			const c = new JikoRawClient(sb.url);
			let t0 = Date.now();
			await c.login();
			expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
			t0 = Date.now();
			expect((await c.get('/api/v1/sandbox/demo/')).status).toBe(200);
			expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
			t0 = Date.now();
			await axios.get(`${sb.url}/_sandbox/stats`);
			expect(Date.now() - t0).toBeLessThan(100);
			const cfg = await axios.put(`${sb.url}/_sandbox/config`, { latencyMs: 0 });
			expect(cfg.data.latencyMs).toBe(0);
			t0 = Date.now();
			await c.get('/api/v1/sandbox/demo/');
			expect(Date.now() - t0).toBeLessThan(100);
		} finally {
			await sb.close();
		}
		const l = new Latency({ min: 10, max: 20 });
		const a = Array.from({ length: 50 }, () => l.draw());
		l.set({ min: 10, max: 20 });
		expect(Array.from({ length: 50 }, () => l.draw())).toEqual(a);
		expect(Math.min(...a)).toBeGreaterThanOrEqual(10);
		expect(Math.max(...a)).toBeLessThanOrEqual(20);
		expect(new Set(a).size).toBeGreaterThan(3);
		expect([parseLatency('50'), parseLatency('5-9'), parseLatency('{"min":1,"max":2}')]).toEqual([50, { min: 5, max: 9 }, { min: 1, max: 2 }]);
		expect(() => parseLatency('9-5')).toThrow();
	});
});

describe('persistence', () => {
	test('a burst of changes is saved once, after the delay, not synchronously on every change', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'jiko-sandbox-save-'));
		try {
			const file = join(dir, 'state.json');
			const state = new SandboxState(seedData());
			let saves = 0;
			const snapshot = state.authSnapshot.bind(state);
			state.authSnapshot = () => {
				saves += 1;
				return snapshot();
			};
			const p = new Persister(file, state, (err) => {
				throw err;
			}, 50);
			for (let i = 0; i < 1000; i++) state.changed();
			expect(existsSync(file)).toBe(false);
			await new Promise((r) => setTimeout(r, 120));
			expect(saves).toBe(1);
			state.changed();
			p.close(); // close flushes what is pending
			expect(saves).toBe(2);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
