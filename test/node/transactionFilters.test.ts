import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { forgetReadings } from '../../nodes/Jiko/money/readings';
import type { Assumptions, RunningSandbox } from '../../sandbox/server';
import { runJiko } from '../support/jiko';
import { startReplayProxy, type ReplayProxy } from '../support/replayProxy';
import { DEMO_IDS, openSandbox, sandboxStats } from '../support/sandbox';

/*
 * Transaction → Get Many for one pocket with the filters whose meaning Jiko does not document:
 * Amount From / To (cents or dollars? sandbox switch v2AmountFilterUnit) and Wire ID / On-Us
 * Transfer ID (applied? v2WireFilter). Under every setting the output is exactly the pocket's
 * transactions that match, as the pocket's unfiltered list shows them: no row left out, none of
 * another wire's.
 */
const { ada, grace } = DEMO_IDS.customers;
const POCKET = ada.pockets.main;

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });
const list = (url: string, filters: IDataObject, limit: number | 'all' = 'all', pocketId = POCKET) =>
	runJiko(url, {
		resource: 'transaction',
		operation: 'getMany',
		scope: 'pocket',
		pocketId: byId(pocketId),
		returnAll: limit === 'all',
		limit: limit === 'all' ? 50 : limit,
		pocketFilters: filters,
	});

const cents = (item: IDataObject) => Math.abs(((item.amount as IDataObject).value as number) ?? NaN);
const wireOf = (item: IDataObject) =>
	(item.wire_id ?? ((item.details as IDataObject | undefined)?.wire_transaction as IDataObject | undefined)?.wire_id ??
		((item.details as IDataObject | undefined)?.wire_fee_transaction as IDataObject | undefined)?.wire_id) as string | undefined;
const ids = (items: IDataObject[]) => items.map((item) => item.id);

async function unfiltered(url: string, pocketId = POCKET): Promise<IDataObject[]> {
	const run = await list(url, {}, 'all', pocketId);
	expect(run.error).toBeUndefined();
	return run.items.map((item) => item.json);
}

const SETTINGS: Array<Partial<Assumptions>> = [
	{},
	{ v2AmountFilterUnit: 'dollars' },
	{ v2AmountFilterUnit: 'ignored' },
	{ v2WireFilter: 'ignored' },
	{ v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored' },
	{ v2AmountFilterUnit: 'ignored', v2WireFilter: 'ignored' },
	{ v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored', v2TransferIds: 'nested' },
];

describe.each(SETTINGS)('Get Many (One Pocket) with amount and transfer filters — %j', (assumptions) => {
	let sandbox: RunningSandbox;
	let all: IDataObject[];
	beforeAll(async () => {
		forgetReadings();
		sandbox = await openSandbox({ assumptions });
		all = await unfiltered(sandbox.url);
		expect(all.length).toBeGreaterThan(300);
	});
	afterAll(async () => {
		await sandbox.close();
		forgetReadings();
	});

	it('Amount From and To: exactly the transactions in the range, in cents, inclusive', async () => {
		const run = await list(sandbox.url, { amountFrom: '100', amountTo: '$500.00' });
		expect(run.error).toBeUndefined();
		const expected = all.filter((item) => cents(item) >= 10_000 && cents(item) <= 50_000);
		expect(expected.length).toBeGreaterThan(10);
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(expected));
	});

	it('Amount From alone leaves no row out (a bound read as dollars would drop $100 to $10,000)', async () => {
		const run = await list(sandbox.url, { amountFrom: '100.00' });
		expect(run.error).toBeUndefined();
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => cents(item) >= 10_000)));
	});

	it('one exact amount: Jiko filters only where the node proved its unit, the node itself otherwise', async () => {
		const amount = cents(all[7]);
		const before = await sandboxStats(sandbox.url);
		const run = await list(sandbox.url, { amountFrom: (amount / 100).toFixed(2), amountTo: (amount / 100).toFixed(2) });
		const requests = (await sandboxStats(sandbox.url)).requests - before.requests;
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => cents(item) === amount)));
		// proven in cents: one filtered page; otherwise the pocket's 4 pages, filtered by the node
		expect(requests).toBe((assumptions.v2AmountFilterUnit ?? 'cents') === 'cents' ? 1 : Math.ceil(all.length / 100));
	});

	it('Amount From 0 is a bound like any other; Limit counts matching rows', async () => {
		const from0 = await list(sandbox.url, { amountFrom: '0' }, 5);
		expect(from0.error).toBeUndefined();
		expect(ids(from0.items.map((item) => item.json))).toEqual(ids(all.slice(0, 5)));
		const small = await list(sandbox.url, { amountTo: '50' }, 3);
		expect(ids(small.items.map((item) => item.json))).toEqual(ids(all.filter((item) => cents(item) <= 5_000).slice(0, 3)));
	});

	it("Wire ID: that wire's transactions only, never the rest of the pocket", async () => {
		const wireId = all.map(wireOf).find(Boolean) as string;
		const expected = all.filter((item) => wireOf(item) === wireId);
		expect(expected.length).toBeGreaterThan(0);
		const run = await list(sandbox.url, { wire: wireId.toUpperCase() });
		expect(run.error).toBeUndefined();
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(expected));
	});

	it("On-Us Transfer ID: that transfer's transactions only", async () => {
		const onUsId = all.map((item) => item.on_us_transfer_id).find(Boolean) as string;
		const run = await list(sandbox.url, { onUsTransfer: onUsId });
		expect(run.error).toBeUndefined();
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => item.on_us_transfer_id === onUsId)));
	});

	it('Wire ID and an amount range together', async () => {
		const wireItems = all.filter((item) => wireOf(item));
		const wireId = wireOf(wireItems[0]) as string;
		const run = await list(sandbox.url, { wire: wireId, amountFrom: '0.01', amountTo: '1000000' });
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => wireOf(item) === wireId && cents(item) >= 1 && cents(item) <= 100_000_000)));
	});
});

describe.each([{ v2WireFilter: 'applied' as const }, { v2WireFilter: 'ignored' as const }])('items that show no wire id (v2TransferIds absent, %j)', (setting) => {
	let sandbox: RunningSandbox;
	beforeAll(async () => {
		forgetReadings();
		sandbox = await openSandbox({ assumptions: { ...setting, v2TransferIds: 'absent' } });
	});
	afterAll(async () => await sandbox.close());

	it('Wire ID fails the item: the node cannot tell whose wire transactions they are', async () => {
		// a wire sent out of the pocket (Jiko shows the id of those; of wires received, maybe not)
		const sent = Object.values(sandbox.state.data.transactions).find((t) => t.accountId === POCKET && t.amount < 0 && t.details.wire_transaction?.wire_id);
		const wireId = sent?.details.wire_transaction?.wire_id as string;
		expect(wireId).toEqual(expect.any(String));
		const run = await list(sandbox.url, { wire: wireId });
		expect(run.error?.message).toBe(`Filters → Wire ID (item 0): the wire transactions of pocket ${POCKET} show no wire id, so the node cannot tell which are wire ${wireId}'s`);
		expect(run.error?.description).toBe("Nothing is returned rather than transactions that may be another wire's. Wire Transfer → Get finds one wire by its ID.");
	});
});

describe('a Jiko that ignores filter[on_us_transfer], or the amount bounds after the node proved them', () => {
	let sandbox: RunningSandbox;
	let proxy: ReplayProxy;
	let all: IDataObject[];
	const dropped: string[] = [];
	beforeAll(async () => {
		forgetReadings();
		sandbox = await openSandbox();
		proxy = await startReplayProxy(sandbox.url, {
			replay: false,
			forward: (url) => {
				const query = url.searchParams;
				const proof = query.get('amount_from') !== null && query.get('amount_from') === query.get('amount_to');
				for (const name of ['filter[on_us_transfer]', ...(proof ? [] : ['amount_from', 'amount_to'])]) {
					if (query.has(name)) dropped.push(name);
					query.delete(name);
				}
				return url;
			},
		});
		all = await unfiltered(proxy.url);
	});
	afterAll(async () => {
		await proxy.close();
		await sandbox.close();
		forgetReadings();
	});

	it('On-Us Transfer ID: the stray rows are seen, and the node filters the pocket itself', async () => {
		const onUsId = all.map((item) => item.on_us_transfer_id).find(Boolean) as string;
		const run = await list(proxy.url, { onUsTransfer: onUsId });
		expect(dropped).toContain('filter[on_us_transfer]');
		expect(run.error).toBeUndefined();
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => item.on_us_transfer_id === onUsId)));
	});

	it('Amount From / To: a proven unit that then returns rows out of range is dropped, and the node filters itself', async () => {
		const run = await list(proxy.url, { amountFrom: '100', amountTo: '500' });
		expect(dropped).toContain('amount_from');
		expect(run.error).toBeUndefined();
		expect(ids(run.items.map((item) => item.json))).toEqual(ids(all.filter((item) => cents(item) >= 10_000 && cents(item) <= 50_000)));
	});
});

describe('bounds: the node filters at most 5,000 transactions itself for one item', () => {
	let sandbox: RunningSandbox;
	beforeAll(async () => {
		forgetReadings();
		sandbox = await openSandbox({ assumptions: { v2AmountFilterUnit: 'dollars' } });
		await axios.post(`${sandbox.url}/_sandbox/seed/transactions`, { pocket_id: grace.pockets.main, count: 5_100 });
	});
	afterAll(async () => await sandbox.close());

	it('Return All over a bigger pocket with an unproven amount unit fails, saying why and how to narrow it', async () => {
		const before = await sandboxStats(sandbox.url);
		const run = await list(sandbox.url, { amountFrom: '100' }, 'all', grace.pockets.main);
		expect(run.error?.message).toMatch(
			new RegExp(
				`^Filters → Amount From / To \\(item 0\\): Jiko's unit for amount_from / amount_to is not proven on this Jiko \\(transaction [0-9a-f-]{36} of \\d+ cents did not come back from amount_from = amount_to = \\d+\\), so the node filters the transactions of pocket ${grace.pockets.main} itself, and the 5000 it read \\(the most it reads for one item\\) did not reach the end of the list$`,
			),
		);
		expect(run.error?.description).toContain('Narrow the list with Booked From / Booked To');
		// the proof (2) and 50 pages
		expect((await sandboxStats(sandbox.url)).requests - before.requests).toBe(52);
	});

	it('with a Limit the node stops as soon as it has that many', async () => {
		// the seeded history: ACH of $10.00 to $10.96 between card payments under $4
		const run = await list(sandbox.url, { amountFrom: '10' }, 10, grace.pockets.main);
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(10);
		expect(run.items.every((item) => cents(item.json) >= 1_000)).toBe(true);
	});
});

describe('filter values', () => {
	let sandbox: RunningSandbox;
	beforeAll(async () => {
		forgetReadings();
		sandbox = await openSandbox();
	});
	afterAll(async () => await sandbox.close());

	it.each([
		[{ amountFrom: '-5' }, 'Filters → Amount From (item 0): "-5" is negative: the filter compares amounts without their sign (Direction picks money in or out)'],
		[{ amountTo: '1.005' }, 'Filters → Amount To (item 0): "1.005" has more than 2 decimal places: amounts are whole cents (e.g. 1.01)'],
		[{ amountFrom: '500', amountTo: '100' }, 'Filters → Amount From (item 0): $500.00 is above Amount To ($100.00), so no transaction can match — swap them or clear one'],
		[{ wire: 'abc' }, 'Filters → Wire ID (item 0): "abc" is not a Jiko ID — Jiko IDs are UUIDs such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427'],
		[{ onUsTransfer: 'abc' }, 'Filters → On-Us Transfer ID (item 0): "abc" is not a Jiko ID — Jiko IDs are UUIDs such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427'],
	])('%j is refused before any request: %s', async (filters, message) => {
		const before = await sandboxStats(sandbox.url);
		const run = await list(sandbox.url, filters);
		expect(run.error?.message).toBe(message);
		expect((await sandboxStats(sandbox.url)).requests - before.requests).toBe(0);
	});

	it('an amount above $1,000,000,000 is a bound, not a typo to refuse', async () => {
		const run = await list(sandbox.url, { amountFrom: '2,000,000,000' });
		expect(run.error).toBeUndefined();
		expect(run.items).toEqual([]);
	});
});
