/*
 * Per-request overhead: 1,000 Pocket Gets through n8n's engine (one item each, one after
 * another) against a raw loop sending the same 1,000 signed GETs with axios over a keep-alive
 * connection. Both talk to the same sandbox in its own process. Interleaved repetitions; the
 * figure is the median of the per-repetition ratios.
 *
 * The package's own share of the client's CPU comes from separate, profiled engine runs (the
 * profiler slows everything down, so those runs are not timed): V8's sampling profiler, each
 * sample counted for the function on top of the stack; the package is every function compiled
 * from nodes/ and credentials/ (signing, transport, the operation, the router).
 */
import { performance } from 'node:perf_hooks';

import { JikoRawClient } from '../../test/support/jikoRawClient';
import { fmt, interleaved, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, credentialsFor, emptyItems, pocketGets, runJiko, warmUp } from '../jiko';
import { profileShares, type CpuProfileShares } from '../profile';
import { withSandbox, type ChildSandbox } from '../sandbox';

interface Measured {
	wallMs: number;
	clientCpuMs: number;
	sandboxCpuMs: number;
	connections: number;
}

async function measure(sandbox: ChildSandbox, fn: () => Promise<void>): Promise<Measured> {
	const before = await sandbox.usage();
	const cpu = process.cpuUsage();
	const start = performance.now();
	await fn();
	const wallMs = performance.now() - start;
	const used = process.cpuUsage(cpu);
	const after = await sandbox.usage();
	return { wallMs, clientCpuMs: (used.user + used.system) / 1000, sandboxCpuMs: after.cpuMs - before.cpuMs, connections: after.connections - before.connections };
}

export const group: FigureGroup = {
	id: 'overhead',
	title: 'Per-request overhead: n8n engine + node vs a raw keep-alive loop',
	estimateSeconds: 45,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const items = ctx.quick ? 200 : 1_000;
		const reps = ctx.quick ? 3 : 9;
		const profiles = ctx.quick ? 1 : 3;
		const pocketId = DEMO_IDS.customers.ada.pockets.main;
		return await withSandbox({}, async (sandbox) => {
			const credentials = credentialsFor(sandbox.url);
			await warmUp(credentials, pocketId);
			const raw = new JikoRawClient(sandbox.url);
			await raw.login();
			const path = `/api/v2/pockets/${pocketId}/`;

			const engine = async () => {
				const { run } = await runJiko(credentials, pocketGets(pocketId), emptyItems(items));
				if (run.items.length !== items || run.items[0].json.id !== pocketId) throw new Error('engine run: unexpected output');
			};
			const loop = async () => {
				for (let i = 0; i < items; i++) {
					const res = await raw.get(path);
					if (res.status !== 200) throw new Error(`raw loop: HTTP ${res.status}`);
				}
			};
			// JIT warm-up of both paths
			await engine();
			await loop();

			const runs = await interleaved(reps, { engine: () => measure(sandbox, engine), raw: () => measure(sandbox, loop) }, (name, rep, m) =>
				ctx.log(`overhead ${name} #${rep + 1}: ${fmt(m.wallMs / items, 3)} ms/request, ${m.connections} connections`),
			);
			const profiled: CpuProfileShares[] = [];
			for (let i = 0; i < profiles; i++) {
				profiled.push(await profileShares(engine));
				ctx.log(`overhead profile #${i + 1}: package ${(100 * profiled[i].shares.package).toFixed(2)}% of ${profiled[i].samples} samples`);
			}

			const e = runs.engine;
			const r = runs.raw;
			const perReq = (list: Measured[], key: keyof Measured) => median(list.map((m) => m[key] / items));
			const shareOf = (bucket: keyof CpuProfileShares['shares']) => median(profiled.map((p) => 100 * p.shares[bucket]));
			return [
				{
					name: 'wall time per request: engine ÷ raw keep-alive loop',
					ratio: ratios(e.map((m) => m.wallMs), r.map((m) => m.wallMs)),
					detail: `${items} Pocket Gets, one after another: engine ${fmt(perReq(e, 'wallMs'), 3)} ms/request, raw ${fmt(perReq(r, 'wallMs'), 3)} ms/request; TCP connections per run: engine ${median(e.map((m) => m.connections))}, raw ${median(r.map((m) => m.connections))}`,
				},
				{
					name: 'client CPU per request: engine ÷ raw keep-alive loop',
					ratio: ratios(e.map((m) => m.clientCpuMs), r.map((m) => m.clientCpuMs)),
					detail: `engine ${fmt(perReq(e, 'clientCpuMs'), 3)} ms CPU/request, raw ${fmt(perReq(r, 'clientCpuMs'), 3)}; sandbox CPU/request: ${fmt(perReq(e, 'sandboxCpuMs'), 3)} vs ${fmt(perReq(r, 'sandboxCpuMs'), 3)} ms (new connection per request vs keep-alive)`,
				},
				{
					name: "package's own code, share of the engine run's client CPU (CPU profile)",
					ratio: profiled.map((p) => 100 * p.shares.package),
					unit: '%',
					detail: `rest: n8n ${fmt(shareOf('n8n'), 1)}%, axios & co ${fmt(shareOf('http library'), 1)}%, Node.js ${fmt(shareOf('Node.js'), 1)}%, GC ${fmt(shareOf('garbage collector'), 1)}%, V8/native ${fmt(shareOf('V8 / native'), 1)}%, other deps ${fmt(shareOf('other dependencies'), 1)}%, harness ${fmt(shareOf('bench harness'), 1)}%; top: ${profiled[profiled.length - 1].topPackageFunctions.join('; ')}`,
				},
			];
		});
	},
};
