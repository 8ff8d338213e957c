/*
 * Return All (Transaction → Get Many, one pocket) over pockets holding exactly 2,000, 10,000
 * and 20,000 transactions: page requests against the ideal ceil(N / 100), the client heap kept
 * per output item (read after a garbage collection, with the run's output still referenced),
 * and the sandbox's CPU time (its own process) at 20,000 against ten times that at 2,000.
 * The three sizes run interleaved, in a rotating order.
 */
import { performance } from 'node:perf_hooks';

import { JikoRawClient } from '../../test/support/jikoRawClient';
import { fmt, heapAfterGc, interleaved, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, byId, credentialsFor, runJiko, warmUp } from '../jiko';
import { withSandbox, type ChildSandbox } from '../sandbox';

const PAGE = 100;

interface PagingRun {
	requests: number;
	items: number;
	wallMs: number;
	sandboxCpuMs: number;
	heapPerItemBytes: number;
}

async function countTransactions(raw: JikoRawClient, pocketId: string): Promise<number> {
	let count = 0;
	let cursor: string | undefined;
	do {
		const page = await raw.get<{ items: unknown[]; next_page?: string | null }>(`/api/v2/pockets/${pocketId}/transactions/`, { query: { limit: PAGE, ...(cursor ? { cursor } : {}) } });
		if (page.status !== 200) throw new Error(`listing pocket ${pocketId}: HTTP ${page.status}`);
		count += page.data.items.length;
		cursor = page.data.next_page ?? undefined;
	} while (cursor);
	return count;
}

const returnAll = (pocketId: string) => ({ resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: byId(pocketId), returnAll: true, pocketFilters: {} });

export const group: FigureGroup = {
	id: 'paging',
	title: 'Return All at 2,000 / 10,000 / 20,000 transactions: requests, memory, sandbox CPU',
	estimateSeconds: 15,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const reps = ctx.quick ? 1 : 5;
		const { grace, acme } = DEMO_IDS.customers;
		const sizes = [
			{ n: 2_000, pocketId: grace.pockets.savings },
			{ n: 10_000, pocketId: grace.pockets.main },
			{ n: 20_000, pocketId: acme.pockets.payroll },
		];
		return await withSandbox({}, async (sandbox: ChildSandbox) => {
			const raw = new JikoRawClient(sandbox.url);
			await raw.login();
			for (const size of sizes) {
				const base = await countTransactions(raw, size.pocketId);
				if (base > size.n) throw new Error(`pocket ${size.pocketId} already has ${base} transactions`);
				if (base < size.n) await sandbox.seed('transactions', { pocket_id: size.pocketId, count: size.n - base });
				const now = await countTransactions(raw, size.pocketId);
				if (now !== size.n) throw new Error(`pocket ${size.pocketId} holds ${now} transactions, not ${size.n}`);
			}
			const credentials = credentialsFor(sandbox.url);
			await warmUp(credentials, sizes[0].pocketId);
			await runJiko(credentials, returnAll(sizes[0].pocketId)); // JIT warm-up, client and sandbox

			const measure = async (size: (typeof sizes)[number]): Promise<PagingRun> => {
				const stats0 = await sandbox.stats();
				const heap0 = heapAfterGc();
				const usage0 = await sandbox.usage();
				const start = performance.now();
				let kept: Awaited<ReturnType<typeof runJiko>> | undefined = await runJiko(credentials, returnAll(size.pocketId));
				const wallMs = performance.now() - start;
				const usage1 = await sandbox.usage();
				const heap1 = heapAfterGc(); // the run's output is still referenced by `kept`
				const items = kept.run.items.length;
				kept = undefined;
				const stats1 = await sandbox.stats();
				return { requests: stats1.requests - stats0.requests, items, wallMs, sandboxCpuMs: usage1.cpuMs - usage0.cpuMs, heapPerItemBytes: (heap1 - heap0) / items };
			};
			const variants = Object.fromEntries(sizes.map((s) => [String(s.n), () => measure(s)])) as Record<string, () => Promise<PagingRun>>;
			const runs = await interleaved(reps, variants, (name, rep, r) =>
				ctx.log(`paging ${name} #${rep + 1}: ${r.requests} requests, ${r.items} items, ${fmt(r.wallMs, 0)} ms, sandbox ${fmt(r.sandboxCpuMs, 0)} ms CPU, ${fmt(r.heapPerItemBytes / 1024, 2)} KB/item`),
			);

			const figures: FigureInput[] = [];
			for (const s of sizes) {
				const list = runs[String(s.n)];
				const ideal = Math.ceil(s.n / PAGE);
				const wrongCount = list.find((r) => r.items !== s.n);
				figures.push({
					name: `Return All ${s.n.toLocaleString('en-US')}: page requests ÷ ideal ceil(N/100)`,
					ratio: list.map((r) => r.requests / ideal),
					target: { op: '==', value: 1, source: 'issue: exactly ceil(N/100) page requests' },
					detail: `${median(list.map((r) => r.requests))} requests for ${ideal} pages; ${median(list.map((r) => r.items))} items out; ${fmt(median(list.map((r) => r.wallMs)) / 1000, 2)} s wall`,
					...(wrongCount ? { failure: `returned ${wrongCount.items} items, not ${s.n}` } : {}),
				});
			}
			for (const s of sizes) {
				const list = runs[String(s.n)];
				figures.push({
					name: `Return All ${s.n.toLocaleString('en-US')}: client heap kept per output item`,
					ratio: list.map((r) => r.heapPerItemBytes / 1024),
					unit: 'KB',
					detail: `heap after GC with the output referenced, minus before: ${fmt((median(list.map((r) => r.heapPerItemBytes)) * s.n) / 2 ** 20, 1)} MB`,
				});
			}
			const small = runs[String(sizes[0].n)];
			const large = runs[String(sizes[2].n)];
			const factor = sizes[2].n / sizes[0].n;
			figures.push({
				name: `sandbox CPU: Return All 20,000 ÷ (${factor} × Return All 2,000)`,
				ratio: ratios(large.map((r) => r.sandboxCpuMs), small.map((r) => factor * r.sandboxCpuMs)),
				target: { op: '<=', value: 1.2, source: 'acceptance' },
				detail: `sandbox process CPU: ${fmt(median(small.map((r) => r.sandboxCpuMs)), 0)} ms at 2,000, ${fmt(median(runs[String(sizes[1].n)].map((r) => r.sandboxCpuMs)), 0)} ms at 10,000, ${fmt(median(large.map((r) => r.sandboxCpuMs)), 0)} ms at 20,000`,
			});
			figures.push({
				name: `client wall time: Return All 20,000 ÷ (${factor} × Return All 2,000)`,
				ratio: ratios(large.map((r) => r.wallMs), small.map((r) => factor * r.wallMs)),
				detail: `${fmt(median(small.map((r) => r.wallMs)), 0)} ms at 2,000, ${fmt(median(large.map((r) => r.wallMs)), 0)} ms at 20,000`,
			});
			return figures;
		});
	},
};
