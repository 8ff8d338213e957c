/*
 * Parallel items against a Jiko far away: the sandbox holds every answer back 80 ms (about a
 * real Jiko's round trip), and 1,000 Pocket Gets run one after another, then with the node's
 * Request Options → Parallel Requests = 8. The sequential run is nearly all waiting (1,000 ×
 * 80 ms) and varies little, so it runs once, between parallel runs: parallel, sequential,
 * parallel, parallel. Ratio: sequential wall ÷ each parallel wall (8 would be perfect).
 */
import { performance } from 'node:perf_hooks';

import { fmt, median, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, credentialsFor, emptyItems, pocketGets, runJiko, warmUp } from '../jiko';
import { withSandbox } from '../sandbox';

const LATENCY_MS = 80;
const PARALLEL = 8;

export const group: FigureGroup = {
	id: 'parallel',
	title: `Parallel Requests ${PARALLEL} vs one after another, ${LATENCY_MS} ms simulated latency`,
	estimateSeconds: 135,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const items = ctx.quick ? 100 : 1_000;
		const parallelRuns = ctx.quick ? 2 : 3;
		const pocketId = DEMO_IDS.customers.ada.pockets.main;
		return await withSandbox({ latencyMs: LATENCY_MS }, async (sandbox) => {
			const credentials = credentialsFor(sandbox.url);
			await warmUp(credentials, pocketId);
			const run = async (parallel: number) => {
				const start = performance.now();
				const { run: result, failedItems } = await runJiko(credentials, pocketGets(pocketId, parallel), emptyItems(items), true);
				const ms = performance.now() - start;
				const wrong = result.items.filter((item, i) => item.json.id !== pocketId || (item.pairedItem as { item: number }).item !== i).length;
				ctx.log(`parallel ${parallel}: ${items} items in ${fmt(ms / 1000, 2)} s${failedItems || wrong ? `, ${failedItems} failed, ${wrong} out of order` : ''}`);
				return { ms, failed: failedItems + wrong };
			};
			await run(PARALLEL); // warm-up
			const par = [await run(PARALLEL)];
			const seq = await run(1);
			for (let i = 1; i < parallelRuns; i++) par.push(await run(PARALLEL));
			const failed = seq.failed + par.reduce((n, r) => n + r.failed, 0);
			const floor = (items * LATENCY_MS) / 1000;
			return [
				{
					name: `${items.toLocaleString('en-US')} Pocket Gets at ${LATENCY_MS} ms: sequential wall ÷ Parallel Requests ${PARALLEL} wall`,
					ratio: par.map((p) => seq.ms / p.ms),
					target: { op: '>=', value: 6, source: 'acceptance' },
					detail: `sequential ${fmt(seq.ms / 1000, 1)} s (latency alone: ${fmt(floor, 0)} s), parallel ${fmt(median(par.map((p) => p.ms)) / 1000, 2)} s (latency alone: ${fmt(floor / PARALLEL, 1)} s); output in input order`,
					...(failed ? { failure: `${failed} items failed or out of order` } : {}),
				},
			];
		});
	},
};
