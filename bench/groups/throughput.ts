/*
 * Does the sandbox stay fast as it is used? Signed requests in batches of 1,000, 8 at a time
 * over keep-alive connections, each with a new idempotency key (the sandbox remembers every key
 * for an hour): 80% Get Pocket, 10% a page of pocket transactions, 10% an on-us transfer of
 * 1 cent (so history grows too).
 *
 * Two sandboxes, each in its own process: the "used" one takes 100,000 requests; the "fresh"
 * one only 20,000 (its throughput still climbs over the first ~20,000 requests while V8
 * optimises, so an unwarmed comparison would flatter the used one). Then batches alternate
 * between them, 3,000 requests at a time — fresh, used, used, fresh, ... — so both are measured
 * under the same load from other jobs on the machine: requests 100,001–121,000 of the used one
 * against requests 20,001–41,000 of the fresh one, by wall time (what a client sees) and by the sandbox
 * process's CPU time per request (steadier under noise). Also shown, in the acceptance's own
 * words: the used sandbox's late batches against its very first 1,000 requests (cold; not
 * interleaved, and flattered by the JIT warm-up).
 */
import { performance } from 'node:perf_hooks';

import { fmt, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, KeepAliveClient } from '../jiko';
import { startChildSandbox, type ChildSandbox } from '../sandbox';

const BATCH = 1_000;
const CONCURRENCY = 8;
/** interleaved measurements per sandbox, each of WINDOW batches */
const MEASURED = 7;
const WINDOW = 3;

interface Batch {
	wallMs: number;
	cpuMs: number;
	heapUsed: number;
}

class Load {
	sent = 0;
	failures = 0;
	lastFailure = '';
	private readonly client: KeepAliveClient;

	constructor(readonly sandbox: ChildSandbox) {
		this.client = new KeepAliveClient(sandbox.url, CONCURRENCY);
	}

	login = () => this.client.login();
	close = () => this.client.close();

	private async one(i: number): Promise<void> {
		const { ada } = DEMO_IDS.customers;
		const [a, b] = [ada.pockets.main, ada.pockets.reserve];
		const kind = i % 10;
		let res: { status: number; body: string };
		if (kind < 8) res = await this.client.signed('GET', `/api/v2/pockets/${a}/`);
		else if (kind === 8) res = await this.client.signed('GET', `/api/v2/pockets/${a}/transactions/?limit=20`);
		else {
			const [from, to] = (i / 10) % 2 < 1 ? [a, b] : [b, a];
			res = await this.client.signed('POST', '/api/v1/transfers/on-us/', {
				type: 'INTERNAL_REALLOCATION',
				from_account: { id: from, type: 'JIKO_ACCOUNT' },
				to_account: { id: to, type: 'JIKO_ACCOUNT' },
				amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 1 },
				description: 'bench',
			});
		}
		if (res.status >= 300) {
			this.failures += 1;
			this.lastFailure = `HTTP ${res.status} ${res.body.slice(0, 200)}`;
		}
	}

	/** `batches` × 1,000 requests; `measure` reads the sandbox's CPU before and after. */
	async batch(measure = false, batches = 1): Promise<Batch | undefined> {
		const u0 = measure ? await this.sandbox.usage() : undefined;
		const start = performance.now();
		const end = this.sent + BATCH * batches;
		const worker = async () => {
			while (this.sent < end) await this.one(this.sent++);
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		// per 1,000 requests
		const wallMs = (performance.now() - start) / batches;
		if (!u0) return undefined;
		const u1 = await this.sandbox.usage();
		return { wallMs, cpuMs: (u1.cpuMs - u0.cpuMs) / batches, heapUsed: u1.heapUsed };
	}

	check(): void {
		if (this.failures) throw new Error(`${this.failures} of ${this.sent} requests failed; last: ${this.lastFailure}`);
	}
}

const rate = (b: Batch) => (BATCH / b.wallMs) * 1000;
const perCpu = (b: Batch) => (BATCH / b.cpuMs) * 1000;
const range = (from: number, n: number) => `${(from + 1).toLocaleString('en-US')}–${(from + n).toLocaleString('en-US')}`;

export const group: FigureGroup = {
	id: 'throughput',
	title: 'Sandbox throughput after 100,000 requests vs a fresh sandbox (interleaved) and vs its first 1,000',
	estimateSeconds: 30,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const usedRequests = ctx.quick ? 20_000 : 100_000;
		const freshRequests = usedRequests / 5;
		const used = new Load(await startChildSandbox({}));
		const fresh = new Load(await startChildSandbox({}));
		try {
			await used.login();
			await fresh.login();
			const first = (await used.batch(true)) as Batch;
			const trend: string[] = [];
			while (used.sent < usedRequests) {
				const show = used.sent % (usedRequests / 10) === 0;
				const b = await used.batch(show);
				if (b) {
					trend.push(`${fmt((used.sent - BATCH) / 1000, 0)}k: ${fmt(rate(b), 0)}/s`);
					ctx.log(`throughput: used sandbox at ${(used.sent - BATCH).toLocaleString('en-US')} requests: ${fmt(rate(b), 0)} requests/s, ${fmt(b.cpuMs / BATCH, 3)} ms CPU/request, heap ${fmt(b.heapUsed / 2 ** 20, 0)} MB`);
				}
			}
			while (fresh.sent < freshRequests) await fresh.batch();
			const late: Batch[] = [];
			const early: Batch[] = [];
			for (let i = 0; i < MEASURED; i++) {
				const order = i % 2 === 0 ? [fresh, used] : [used, fresh];
				for (const load of order) (load === used ? late : early).push((await load.batch(true, WINDOW)) as Batch);
			}
			ctx.log(`throughput: used ${late.map((b) => fmt(rate(b), 0)).join(', ')} vs fresh ${early.map((b) => fmt(rate(b), 0)).join(', ')} requests/s`);
			used.check();
			fresh.check();
			const lateLabel = range(usedRequests, MEASURED * WINDOW * BATCH);
			const earlyLabel = range(freshRequests, MEASURED * WINDOW * BATCH);
			return [
				{
					name: `sandbox throughput (wall): requests ${lateLabel} ÷ requests ${earlyLabel} of a fresh sandbox, interleaved`,
					ratio: ratios(late.map(rate), early.map(rate)),
					target: { op: '>=', value: 0.8, source: 'acceptance' },
					detail: `${fmt(median(late.map(rate)), 0)} vs ${fmt(median(early.map(rate)), 0)} requests/s, 8 keep-alive connections (alternating batches run slower than the steady stream before them); the used sandbox while it was filled, every ${fmt(usedRequests / 10_000, 0)}k: ${trend.join(', ')}`,
				},
				{
					name: `sandbox throughput (its CPU time): requests ${lateLabel} ÷ requests ${earlyLabel} of a fresh sandbox`,
					ratio: ratios(late.map(perCpu), early.map(perCpu)),
					target: { op: '>=', value: 0.8, source: 'acceptance' },
					detail: `${fmt(median(late.map((b) => b.cpuMs / BATCH)), 3)} vs ${fmt(median(early.map((b) => b.cpuMs / BATCH)), 3)} ms sandbox CPU per request; heap ${fmt(median(late.map((b) => b.heapUsed)) / 2 ** 20, 0)} vs ${fmt(median(early.map((b) => b.heapUsed)) / 2 ** 20, 0)} MB (it keeps every idempotency key for an hour)`,
				},
				{
					name: `sandbox throughput (wall): requests ${lateLabel} ÷ its first 1,000 (cold, not interleaved)`,
					ratio: late.map((b) => rate(b) / rate(first)),
					target: { op: '>=', value: 0.8, source: 'acceptance, literally' },
					detail: `${fmt(median(late.map(rate)), 0)} vs ${fmt(rate(first), 0)} requests/s; the first 1,000 include V8's warm-up, which flatters this ratio`,
				},
			];
		} finally {
			used.close();
			fresh.close();
			await Promise.all([used.sandbox.close(), fresh.sandbox.close()]);
		}
	},
};
