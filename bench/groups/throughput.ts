/*
 * Does the sandbox stay fast as it is used? A fresh sandbox (own process) takes 104,000 signed
 * requests in batches of 1,000, 8 at a time over keep-alive connections, each with a new
 * idempotency key (the sandbox remembers every key for an hour): 80% Get Pocket, 10% a page of
 * pocket transactions, 10% an on-us transfer of 1 cent (so history grows too). Throughput of
 * requests 100,001–103,000 (three batches) against
 *   - the first 1,000 (the acceptance's wording; they include the JIT's warm-up, which makes
 *     the ratio look better than it is), and
 *   - requests 10,001–13,000: warm, with a tenth of the history (the stricter comparison).
 * Two measures for the strict one: wall time (what a client sees, but the machine is shared)
 * and the sandbox process's CPU time per request (steadier under noise).
 */
import { performance } from 'node:perf_hooks';

import { fmt, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, KeepAliveClient } from '../jiko';
import { withSandbox } from '../sandbox';

const BATCH = 1_000;
const CONCURRENCY = 8;

interface Batch {
	index: number;
	wallMs: number;
	cpuMs?: number;
	heapUsed?: number;
}

export const group: FigureGroup = {
	id: 'throughput',
	title: 'Sandbox throughput after 100,000 requests vs its first 1,000 and vs warm early requests',
	estimateSeconds: 60,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const afterRequests = ctx.quick ? 20_000 : 100_000;
		const { ada } = DEMO_IDS.customers;
		const a = ada.pockets.main;
		const b = ada.pockets.reserve;
		// batches whose time is read: the first, three warm ones and the three after `afterRequests`
		const early = [0, 1, 2].map((i) => afterRequests / 10 / BATCH + i);
		const late = [0, 1, 2].map((i) => afterRequests / BATCH + i);
		const measured = new Set([0, ...early, ...late]);
		const trendEvery = afterRequests / 10 / BATCH;
		const total = late[late.length - 1] + 1;
		return await withSandbox({}, async (sandbox) => {
			const client = new KeepAliveClient(sandbox.url, CONCURRENCY);
			await client.login();
			let sent = 0;
			let failures = 0;
			let lastFailure = '';
			const one = async (i: number) => {
				const kind = i % 10;
				let res: { status: number; body: string };
				if (kind < 8) res = await client.signed('GET', `/api/v2/pockets/${a}/`);
				else if (kind === 8) res = await client.signed('GET', `/api/v2/pockets/${a}/transactions/?limit=20`);
				else {
					const [from, to] = (i / 10) % 2 < 1 ? [a, b] : [b, a];
					res = await client.signed('POST', '/api/v1/transfers/on-us/', {
						type: 'INTERNAL_REALLOCATION',
						from_account: { id: from, type: 'JIKO_ACCOUNT' },
						to_account: { id: to, type: 'JIKO_ACCOUNT' },
						amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 1 },
						description: 'bench',
					});
				}
				if (res.status >= 300) {
					failures += 1;
					lastFailure = `HTTP ${res.status} ${res.body.slice(0, 200)}`;
				}
			};
			const batch = async (): Promise<void> => {
				const end = sent + BATCH;
				const worker = async () => {
					while (sent < end) await one(sent++);
				};
				await Promise.all(Array.from({ length: CONCURRENCY }, worker));
			};
			const batches: Batch[] = [];
			const trend: string[] = [];
			for (let index = 0; index < total; index++) {
				const read = measured.has(index) || index % trendEvery === 0;
				const u0 = read ? await sandbox.usage() : undefined;
				const start = performance.now();
				await batch();
				const wallMs = performance.now() - start;
				const u1 = read ? await sandbox.usage() : undefined;
				const entry: Batch = { index, wallMs, cpuMs: u0 && u1 ? u1.cpuMs - u0.cpuMs : undefined, heapUsed: u1?.heapUsed };
				batches[index] = entry;
				if (index % trendEvery === 0) {
					trend.push(`${fmt((index * BATCH) / 1000, 0)}k: ${fmt((BATCH / wallMs) * 1000, 0)}/s`);
					ctx.log(`throughput: ${(index * BATCH).toLocaleString('en-US')} requests sent, this batch ${fmt((BATCH / wallMs) * 1000, 0)} requests/s, ${fmt((entry.cpuMs ?? 0) / BATCH, 3)} ms sandbox CPU/request, sandbox heap ${fmt((entry.heapUsed ?? 0) / 2 ** 20, 0)} MB`);
				}
			}
			client.close();
			if (failures) throw new Error(`${failures} of ${sent} requests failed; last: ${lastFailure}`);
			const rate = (list: number[]) => list.map((i) => (BATCH / batches[i].wallMs) * 1000);
			const perCpu = (list: number[]) => list.map((i) => (BATCH / (batches[i].cpuMs as number)) * 1000);
			const label = (list: number[]) => `${(list[0] * BATCH + 1).toLocaleString('en-US')}–${((list[list.length - 1] + 1) * BATCH).toLocaleString('en-US')}`;
			const firstRate = (BATCH / batches[0].wallMs) * 1000;
			const heapGrowth = ((batches[late[late.length - 1]].heapUsed ?? 0) - (batches[0].heapUsed ?? 0)) / 2 ** 20;
			return [
				{
					name: `sandbox throughput (wall): requests ${label(late)} ÷ the first 1,000`,
					ratio: rate(late).map((r) => r / firstRate),
					target: { op: '>=', value: 0.8, source: 'acceptance' },
					detail: `${fmt(median(rate(late)), 0)} vs ${fmt(firstRate, 0)} requests/s, 8 keep-alive connections (the first 1,000 include the JIT warm-up); every ${fmt(afterRequests / 10000, 0)}k: ${trend.join(', ')}`,
				},
				{
					name: `sandbox throughput (wall): requests ${label(late)} ÷ requests ${label(early)}`,
					ratio: ratios(rate(late), rate(early)),
					target: { op: '>=', value: 0.8, source: 'acceptance, warm baseline' },
					detail: `${fmt(median(rate(late)), 0)} vs ${fmt(median(rate(early)), 0)} requests/s`,
				},
				{
					name: `sandbox throughput (its CPU time): requests ${label(late)} ÷ requests ${label(early)}`,
					ratio: ratios(perCpu(late), perCpu(early)),
					target: { op: '>=', value: 0.8, source: 'acceptance, warm baseline' },
					detail: `${fmt(median(late.map((i) => (batches[i].cpuMs as number) / BATCH)), 3)} vs ${fmt(median(early.map((i) => (batches[i].cpuMs as number) / BATCH)), 3)} ms sandbox CPU per request; sandbox heap +${fmt(heapGrowth, 0)} MB over the run (it keeps every idempotency key for an hour)`,
				},
			];
		});
	},
};
