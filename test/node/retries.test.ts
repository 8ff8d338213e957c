import type { IDataObject } from 'n8n-workflow';

import { confirmPolicy } from '../../nodes/Jiko/money/patience';
import { runJiko } from '../support/jiko';
import { JikoRawClient } from '../support/jikoRawClient';
import { retryPolicy } from '../../nodes/Jiko/transport';
import { paths } from '../../core/paths';
import { DEMO_IDS, clearFaults, ledger, sandboxStats, setAssumptions, setFaults, settleAll, useSandbox, type Ledger } from '../support/sandbox';

/*
 * n8n runs a node again in two ways: Retry On Fail re-runs the whole node (every item) in the
 * same execution, and the editor's "Retry" of a failed execution re-runs the failed node with
 * the same items in a new execution. Without a Business Key, items that already moved money
 * must not move it again either way. The failures are real ones: ACH and wire item 5 finds the
 * pocket empty (Jiko's 422) and money arrives before the re-run; on-us item 5 meets an outage
 * (every attempt answered 503, so its outcome is unknown) that is over before the re-run.
 */
const sandbox = useSandbox();
const { grace, acme } = DEMO_IDS.customers;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const ITEMS = Array.from({ length: 10 }, (_, i) => ({ cents: 100 + i }));
const WIRE_FEE = 2500;

interface RailCase {
	name: string;
	pocket: string;
	sibling: string;
	params: Record<string, unknown>;
	/** What one item takes from the pocket. */
	cost: (cents: number) => number;
	/** This rail's records in the ledger that came from the pocket. */
	records: (book: Ledger) => Array<{ id: string }>;
	/** Makes item 5 fail on the first try, and mends that before the re-run. */
	failure: 'empty pocket' | 'outage';
}

const common = { amountInCents: true, amount: '={{ $json.cents }}', options: {} };
const RAILS: RailCase[] = [
	{
		name: 'on-us',
		pocket: grace.pockets.main,
		sibling: grace.pockets.savings,
		params: { resource: 'onUsTransfer', operation: 'create', transferType: 'INTERNAL_REALLOCATION', fromPocketId: byId(grace.pockets.main), toPocketId: byId(grace.pockets.savings), amountType: 'REQUESTED_AMOUNT', asyncMode: false, ...common },
		cost: (cents) => cents,
		records: (book) => book.onUs.filter((t) => (t.transfer as IDataObject | undefined)?.from_account && ((t.transfer as IDataObject).from_account as IDataObject).id === grace.pockets.main),
		failure: 'outage',
	},
	{
		name: 'on-us (rejected at once for insufficient funds)',
		pocket: grace.pockets.main,
		sibling: grace.pockets.savings,
		params: { resource: 'onUsTransfer', operation: 'create', transferType: 'INTERNAL_REALLOCATION', fromPocketId: byId(grace.pockets.main), toPocketId: byId(grace.pockets.savings), amountType: 'REQUESTED_AMOUNT', asyncMode: false, ...common },
		cost: (cents) => cents,
		// transfers that moved money (Jiko keeps the rejected first attempt of item 5 too)
		records: (book) =>
			book.onUs.filter((t) => {
				const transfer = (t.transfer ?? {}) as IDataObject;
				const cents = (transfer.amount as IDataObject | undefined)?.value as number;
				return t.status !== 'REJECTED' && (transfer.from_account as IDataObject | undefined)?.id === grace.pockets.main && cents >= 100 && cents < 110;
			}),
		failure: 'empty pocket',
	},
	{
		name: 'ACH',
		pocket: grace.pockets.main,
		sibling: grace.pockets.savings,
		params: { resource: 'achTransfer', operation: 'create', pocketId: byId(grace.pockets.main), counterpartyId: byId(grace.counterparties.achVerified), direction: 'out', secCode: 'WEB', ...common },
		cost: (cents) => cents,
		records: (book) => book.ach.filter((a) => a.jiko_account_id === grace.pockets.main),
		failure: 'empty pocket',
	},
	{
		name: 'wire',
		pocket: acme.pockets.payroll,
		sibling: acme.pockets.operating,
		params: { resource: 'wireTransfer', operation: 'create', pocketId: byId(acme.pockets.payroll), counterpartyId: byId(acme.counterparties.wireVerified), ...common },
		cost: (cents) => cents + WIRE_FEE,
		records: (book) => book.wires.filter((w) => w.jiko_account_id === acme.pockets.payroll),
		failure: 'empty pocket',
	},
];

async function client(): Promise<JikoRawClient> {
	const raw = new JikoRawClient((await sandbox).get().url);
	await raw.login();
	return raw;
}

/** Leaves exactly `cents` available in the pocket (everything else goes to its sibling). */
async function holdExactly(rail: RailCase, cents: number): Promise<void> {
	const { url } = (await sandbox).get();
	await settleAll(url);
	const raw = await client();
	const drained = await raw.post('/api/v1/transfers/on-us/', {
		type: 'INTERNAL_REALLOCATION',
		from_account: { id: rail.pocket, type: 'JIKO_ACCOUNT' },
		to_account: { id: rail.sibling, type: 'JIKO_ACCOUNT' },
		amount: { type: 'FULL_WITHDRAWAL' },
	});
	expect([201, 422]).toContain(drained.status); // 422: already empty
	await fund(rail, cents);
}

async function fund(rail: RailCase, cents: number): Promise<void> {
	const funded = await (await client()).post('/api/v1/sandbox/fund/', { account_id: rail.pocket, amount_usdc: cents });
	expect(funded.status).toBe(202);
}

function run(rail: RailCase, nodeSettings?: Record<string, unknown>) {
	return (async () => {
		const { url } = (await sandbox).get();
		return await runJiko(url, rail.params, { items: ITEMS, nodeSettings });
	})();
}

const original = { ...confirmPolicy };
const originalRetry = { ...retryPolicy };
beforeAll(() => {
	Object.assign(confirmPolicy, { windowMs: 1_000 });
	retryPolicy.backoffMs = () => 20;
});
afterAll(() => {
	Object.assign(confirmPolicy, original);
	Object.assign(retryPolicy, originalRetry);
});

/** Breaks item 5 of the next run (only); returns how to tell that it failed and how to mend it. */
async function breakItemFive(rail: RailCase, costOf: (items: typeof ITEMS) => number) {
	const { url } = (await sandbox).get();
	if (rail.failure === 'outage') {
		// Every send of the 6th transfer is answered 503 before Jiko acts: the node cannot know.
		await setFaults(url, { serverErrors: { count: retryPolicy.writeAttempts, skip: 5, status: 503, methods: ['POST'], paths: [paths.onUsTransfers] } });
		const served = async () => ((await (await fetch(`${url}/_sandbox/faults`)).json()) as { stats: { serverErrors: number } }).stats.serverErrors;
		return { failed: async () => (await served()) >= retryPolicy.writeAttempts, mend: async () => await clearFaults(url) };
	}
	await holdExactly(rail, costOf(ITEMS.slice(0, 5)));
	// Jiko refuses a payout beyond the available cash (422) or rejects an on-us transfer (REJECTED)
	const refusals = async () =>
		(await sandboxStats(url)).rejected.validation + (await ledger(url)).onUs.filter((t) => t.status === 'REJECTED').length;
	const refused = await refusals();
	return {
		failed: async () => (await refusals()) > refused,
		mend: async () => await fund(rail, costOf(ITEMS.slice(5))),
	};
}

describe.each(RAILS)('$name without a Business Key', (rail) => {
	const costOf = (items: typeof ITEMS) => items.reduce((sum, item) => sum + rail.cost(item.cents), 0);

	it('Retry On Fail after item 5 failed: 10 transfers, not 15', async () => {
		const { url } = (await sandbox).get();
		const start = await ledger(url);
		const before = rail.records(start).length;
		const broken = await breakItemFive(rail, costOf);
		// While n8n waits between tries, the cause is mended.
		let mended = false;
		const watcher = (async () => {
			for (let i = 0; i < 800 && !mended; i++) {
				if (await broken.failed()) {
					await broken.mend();
					mended = true;
				}
				await new Promise((r) => setTimeout(r, 25));
			}
		})();
		const result = await run(rail, { retryOnFail: true, maxTries: 3, waitBetweenTries: 2_000 });
		mended = true;
		await watcher;
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json.outcome)).toEqual([...Array(5).fill('existing'), ...Array(5).fill('created')]);
		await settleAll(url);
		const book = await ledger(url);
		expect(rail.records(book).length - before).toBe(10);
		// an emptied pocket was refilled with exactly what items 5–9 cost; otherwise all ten were paid from it
		expect(book.balances[rail.pocket].available).toBe(rail.failure === 'outage' ? start.balances[rail.pocket].available - costOf(ITEMS) : 0);
	});

	it('"Retry" of the execution that failed at item 5: 10 transfers, not 15; the failure names the item', async () => {
		const { url } = (await sandbox).get();
		const start = await ledger(url);
		const before = rail.records(start).length;
		const broken = await breakItemFive(rail, costOf);
		const failed = await run(rail);
		expect(failed.error?.message).toMatch(/of item 5\b|\(item 5,/);
		expect(failed.error?.message).toMatch(rail.failure === 'outage' ? /Could not confirm/ : /Insufficient.funds/i);
		expect(String(failed.error?.description)).toMatch(rail.failure === 'outage' ? /Retrying this execution is safe/ : /Nothing was changed in Jiko|retry this execution/);
		// the next step for money: retry this execution, not a new run (that would pay items 0–4 again)
		expect(String(failed.error?.description)).toMatch(/retry this execution|Retrying this execution/i);
		expect(rail.records(await ledger(url)).length - before).toBe(5);

		await broken.mend();
		const retried = await failed.retry();
		expect(retried.error).toBeUndefined();
		expect(retried.items).toHaveLength(10);
		expect(retried.items.slice(0, 5).every((item) => item.json.outcome === 'existing')).toBe(true);
		await settleAll(url);
		const book = await ledger(url);
		expect(rail.records(book).length - before).toBe(10);
		// an emptied pocket was refilled with exactly what items 5–9 cost; otherwise all ten were paid from it
		expect(book.balances[rail.pocket].available).toBe(rail.failure === 'outage' ? start.balances[rail.pocket].available - costOf(ITEMS) : 0);
		// retrying the failed execution once more moves nothing more
		const again = await failed.retry();
		expect(again.error).toBeUndefined();
		expect(again.items.every((item) => item.json.outcome === 'existing')).toBe(true);
		expect(rail.records(await ledger(url)).length - before).toBe(10);
	});

	it('"Retry" hours later, when Jiko no longer remembers the request keys (and runs a duplicate id again): still 10', async () => {
		const { url } = (await sandbox).get();
		await setAssumptions(url, { repeatedKeyWindowSeconds: 1, duplicateTransferId: 'execute-again' });
		try {
			const start = await ledger(url);
			const before = rail.records(start).length;
			const broken = await breakItemFive(rail, costOf);
			const failed = await run(rail);
			expect(failed.error).toBeDefined();
			await broken.mend();
			await new Promise((resolve) => setTimeout(resolve, 1_500)); // the keys are forgotten
			const retried = await failed.retry();
			expect(retried.error).toBeUndefined();
			expect(retried.items.slice(0, 5).every((item) => item.json.outcome === 'existing')).toBe(true);
			await settleAll(url);
			const book = await ledger(url);
			expect(rail.records(book).length - before).toBe(10);
			expect(book.balances[rail.pocket].available).toBe(rail.failure === 'outage' ? start.balances[rail.pocket].available - costOf(ITEMS) : 0);
		} finally {
			await setAssumptions(url, { repeatedKeyWindowSeconds: 3600, duplicateTransferId: 'conflict' });
		}
	});
});
