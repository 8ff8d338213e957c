/*
 * Transaction → Reconcile over a busy pocket: 1,000 expected payments over a pocket holding
 * 5,000 transactions in the period, and 10,000 expected over 30,000 (full runs only). The
 * sandbox is made to hold every class: payments paid once, executed twice (the duplicate-id
 * switch for on-us and wires; two originations with one marker for ACH), returned after
 * PROCESSED (ACH) or rejected (wires), never sent, and paid with another amount, plus
 * payments and transactions nobody expected. Figures: misclassified items (must be 0), page
 * requests against the ideal (the pocket's transactions, its ACH originations and the period's
 * events, each ceil(N/100)), and the client heap the run keeps per expected payment.
 */
import { performance } from 'node:perf_hooks';

import axios from 'axios';

import type { IDataObject } from 'n8n-workflow';

import { achMarker, deriveTransferId } from '../../nodes/Jiko/money/ids';
import { JikoRawClient } from '../../test/support/jikoRawClient';
import { fmt, heapAfterGc, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, byId, credentialsFor, runJiko, warmUp } from '../jiko';
import { withSandbox, type ChildSandbox } from '../sandbox';

const PAGE = 100;
const { acme } = DEMO_IDS.customers;
const POCKET = acme.pockets.operating;

type Rail = 'on-us' | 'wire' | 'ach';
interface Expected {
	rail: Rail;
	key: string;
	cents: number;
	verdict: string;
}

/** Runs `tasks` `width` at a time. */
async function inBatches(tasks: Array<() => Promise<unknown>>, width = 8): Promise<void> {
	let next = 0;
	await Promise.all(
		Array.from({ length: width }, async () => {
			while (next < tasks.length) await tasks[next++]();
		}),
	);
}

async function count(raw: JikoRawClient, path: string, query: Record<string, string> = {}): Promise<number> {
	let n = 0;
	let cursor: string | undefined;
	do {
		const page = await raw.get<{ items: unknown[]; next_page?: string | null }>(path, { query: { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) } });
		if (page.status !== 200) throw new Error(`${path}: HTTP ${page.status}`);
		n += page.data.items.length;
		cursor = page.data.next_page ?? undefined;
	} while (cursor);
	return n;
}

/** Makes the sandbox hold `expectedCount` expected payments of every class and `background`
 * other transactions in the period; returns what each expected item must be reported as. */
async function prepare(sandbox: ChildSandbox, raw: JikoRawClient, tag: string, expectedCount: number, background: number): Promise<Expected[]> {
	const expected: Expected[] = [];
	const ok = (status: number, what: string) => {
		if (status >= 300) throw new Error(`${what}: HTTP ${status}`);
	};
	const onUs = (key: string, cents: number) => async () =>
		ok(
			(await raw.post('/api/v1/transfers/on-us/', {
				type: 'INTERNAL_REALLOCATION',
				transfer_id: deriveTransferId('on-us', key),
				from_account: { id: POCKET, type: 'JIKO_ACCOUNT' },
				to_account: { id: acme.pockets.payroll, type: 'JIKO_ACCOUNT' },
				amount: { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
				async_mode: false,
			})).status,
			'on-us',
		);
	const wire = (key: string, cents: number) => async () =>
		ok((await raw.post(`/api/v1/jiko-accounts/${POCKET}/wires/`, { counterparty_id: acme.counterparties.wireVerified, amount_usdc: cents, wire_id: deriveTransferId('wire', key) })).status, 'wire');
	const achIds = new Map<string, string>();
	const ach = (key: string, cents: number) => async () => {
		const res = await raw.post<{ id: string }>(`/api/v1/jiko-accounts/${POCKET}/ach-originating/`, {
			counterparty_id: acme.counterparties.achVerified,
			direction: 'CREDIT',
			sec_code: 'WEB',
			amount_usdc: cents,
			payment_related_information: [achMarker(deriveTransferId('ach', key))],
		});
		ok(res.status, 'ach');
		achIds.set(key, res.data.id);
	};
	const send = { 'on-us': onUs, wire, ach } as const;
	const admin = async (path: string) => (await axios.post(`${sandbox.url}${path}`, {}, { validateStatus: () => true })).status;

	// Per 100 expected: 40 on-us, 30 wires, 30 ACH; of each rail, 2 paid twice, 2 for another
	// amount, 2 never sent, 2 wires rejected, 2 ACH returned; the rest paid once.
	const once: Array<() => Promise<unknown>> = [];
	const twice: Array<() => Promise<unknown>> = [];
	const rejectWires: string[] = [];
	const returnAch: string[] = [];
	for (let i = 0; i < expectedCount; i++) {
		const slot = i % 100;
		const rail: Rail = slot < 40 ? 'on-us' : slot < 70 ? 'wire' : 'ach';
		const within = rail === 'on-us' ? slot : rail === 'wire' ? slot - 40 : slot - 70;
		const key = `${tag}-${i}`;
		const cents = 1_000 + (i % 5_000);
		if (within < 2) {
			expected.push({ rail, key, cents, verdict: 'paid_twice' });
			// ACH has no client id: two originations carrying one marker. On-us and wires: the same
			// id sent twice while Jiko executes an existing id again.
			const list = rail === 'ach' ? once : twice;
			list.push(send[rail](key, cents), send[rail](key, cents));
		} else if (within < 4) {
			expected.push({ rail, key, cents, verdict: 'amount_differs' });
			once.push(send[rail](key, cents + 1));
		} else if (within < 6) {
			expected.push({ rail, key, cents, verdict: 'missing' });
		} else if (within < 8 && rail !== 'on-us') {
			expected.push({ rail, key, cents, verdict: 'returned_or_rejected' });
			once.push(send[rail](key, cents));
			(rail === 'wire' ? rejectWires : returnAch).push(key);
		} else {
			expected.push({ rail, key, cents, verdict: 'paid' });
			once.push(send[rail](key, cents));
		}
	}
	await inBatches(once);
	await sandbox.config({ assumptions: { duplicateTransferId: 'execute-again' } });
	// The same id twice, one after the other (Jiko executes an existing id again).
	for (const task of twice) await task();
	await sandbox.config({ assumptions: { duplicateTransferId: 'conflict' } });
	await inBatches(rejectWires.map((key) => async () => ok(await admin(`/_sandbox/wires/${deriveTransferId('wire', key)}/reject`), 'reject')));
	ok(await admin('/_sandbox/settle'), 'settle');
	await inBatches(returnAch.map((key) => async () => ok(await admin(`/_sandbox/ach/${String(achIds.get(key))}/return`), 'return')));
	// Nobody expected these: other ACH originations, wires and transactions of the pocket.
	await sandbox.seed('ach', { pocket_id: POCKET, count: Math.round(background * 0.05) });
	await sandbox.seed('wires', { pocket_id: POCKET, count: Math.round(background * 0.02) });
	const have = await count(raw, `/api/v2/pockets/${POCKET}/transactions/`, { time_booked_from: new Date(Date.now() - 3_600_000).toISOString() });
	if (have < background) await sandbox.seed('transactions', { pocket_id: POCKET, count: background - have });
	return expected;
}

interface Measured {
	misclassified: number;
	requests: number;
	ideal: number;
	heapKb: number;
	peakMb: number;
	wallMs: number;
	transactions: number;
	unexpected: number;
}

async function scenario(ctx: BenchContext, expectedCount: number, background: number): Promise<Measured> {
	return await withSandbox({ achSettleMs: 3_600_000, asyncSettleMs: 3_600_000 } as never, async (sandbox) => {
		const raw = new JikoRawClient(sandbox.url);
		await raw.login();
		const periodStart = new Date(Date.now() - 60_000).toISOString();
		const started = performance.now();
		const expected = await prepare(sandbox, raw, `bench-${expectedCount}`, expectedCount, background);
		ctx.log(`reconcile ${expectedCount}: sandbox prepared in ${fmt((performance.now() - started) / 1000, 1)} s`);
		const credentials = credentialsFor(sandbox.url);
		await warmUp(credentials, POCKET);
		const transactions = await count(raw, `/api/v2/pockets/${POCKET}/transactions/`, { time_booked_from: new Date(Date.parse(periodStart) - 86_400_000).toISOString() });
		const originations = await count(raw, `/api/v1/jiko-accounts/${POCKET}/ach-originating/`);
		const events = await count(raw, '/api/v1/events/', { after: new Date(Date.parse(periodStart) - 86_400_000).toISOString() });
		const ideal = Math.ceil(transactions / PAGE) + Math.ceil(originations / PAGE) + Math.ceil(events / PAGE);

		const items: IDataObject[] = expected.map((e) => ({ rail: e.rail, key: e.key, cents: e.cents }));
		const stats0 = await sandbox.stats();
		const heap0 = heapAfterGc();
		// Peak heap while the node runs (sampled every 10 ms): what reading the pocket costs.
		let peak = process.memoryUsage().heapUsed;
		const sampler = setInterval(() => {
			peak = Math.max(peak, process.memoryUsage().heapUsed);
		}, 10);
		const t0 = performance.now();
		const run = await runJiko(
			credentials,
			{
				resource: 'transaction',
				operation: 'reconcile',
				pocketId: byId(POCKET),
				rail: '={{ $json.rail }}',
				businessKey: '={{ $json.key }}',
				expectedAmount: '={{ $json.cents }}',
				expectedAmountInCents: true,
				periodStart,
				reconcileOptions: { unexpected: 'all' },
			},
			items,
		);
		const wallMs = performance.now() - t0;
		clearInterval(sampler);
		peak = Math.max(peak, process.memoryUsage().heapUsed);
		const heap1 = heapAfterGc(); // the output is still referenced by `run`
		const stats1 = await sandbox.stats();
		let misclassified = 0;
		expected.forEach((e, index) => {
			const json = run.run.items[index]?.json;
			if (!json || json.reconciliation !== e.verdict || json.business_key !== e.key) misclassified++;
		});
		const unexpected = run.run.items.length - expected.length;
		return { misclassified, requests: stats1.requests - stats0.requests, ideal, heapKb: (heap1 - heap0) / 1024 / expectedCount, peakMb: (peak - heap0) / 2 ** 20, wallMs, transactions, unexpected };
	});
}

export const group: FigureGroup = {
	id: 'reconcile',
	title: 'Reconcile: 1,000 expected over 5,000 transactions (and 10,000 over 30,000): classes, requests, memory',
	estimateSeconds: 15,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const sizes = ctx.quick ? [{ expected: 1_000, background: 5_000 }] : [{ expected: 1_000, background: 5_000 }, { expected: 10_000, background: 30_000 }];
		const figures: FigureInput[] = [];
		for (const size of sizes) {
			const m = await scenario(ctx, size.expected, size.background);
			const label = `Reconcile ${size.expected.toLocaleString('en-US')} expected / ${m.transactions.toLocaleString('en-US')} transactions`;
			ctx.log(`${label}: ${m.misclassified} misclassified, ${m.requests} requests (ideal ${m.ideal}), ${fmt(m.heapKb, 2)} KB/expected, ${fmt(m.wallMs / 1000, 2)} s, ${m.unexpected} unexpected`);
			figures.push({
				name: `${label}: items misclassified`,
				ratio: m.misclassified,
				unit: 'items',
				target: { op: '==', value: 0, source: 'issue 23: every class reported exactly' },
				detail: `paid, missing, amount_differs, paid_twice, returned_or_rejected over the three rails; ${m.unexpected} unexpected items after them`,
			});
			figures.push({
				name: `${label}: page requests ÷ ideal (transactions + originations + events, each ceil(N/100))`,
				ratio: m.requests / m.ideal,
				target: { op: '<=', value: 1.05, source: 'README: one read per pocket and period, never per item' },
				detail: `${m.requests} requests, ideal ${m.ideal}; ${fmt(m.wallMs / 1000, 2)} s wall`,
			});
			figures.push({
				name: `${label}: client heap kept per expected payment`,
				ratio: m.heapKb,
				unit: 'KB',
				target: { op: '<=', value: 8, source: 'README: at most 8 KB per expected payment (80 MB at 10,000)' },
				detail: `heap after GC with the output (${size.expected} items + ${m.unexpected} unexpected) referenced, minus before: ${fmt((m.heapKb * size.expected) / 1024, 1)} MB`,
			});
			figures.push({
				name: `${label}: peak client heap growth during the run`,
				ratio: m.peakMb,
				unit: 'MB',
				target: { op: '<=', value: size.expected <= 1_000 ? 128 : 512, source: 'README: peak heap growth 128 MB at 1,000 / 5,000, 512 MB at 10,000 / 30,000' },
				detail: 'heap sampled every 10 ms while the node ran, minus the heap after a GC before it (garbage included)',
			});
		}
		return figures;
	},
};
