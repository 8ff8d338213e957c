/*
 * Webhook verification's share of handling a delivery. A receiver process (bench/
 * webhookProcess.ts) runs the Jiko Trigger's webhook() behind a plain node:http server; this
 * process posts signed deliveries shaped like the sandbox's (event_id, event_type, timestamp,
 * payload), 8 at a time over keep-alive connections, every event new. The receiver times each
 * signature check (verifyJikoDelivery) and each webhook() call, and reads its own CPU time.
 * First 10,000 deliveries fill the trigger's memory of seen event ids (a long-running n8n has
 * it full), then interleaved measured runs.
 *
 * Real n8n does much more per delivery (finding the workflow, starting and saving an
 * execution), so the share of all of n8n's handling is smaller than the shares shown here.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';

import { fmt, median, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { forkChild, type Child } from '../child';

const CONCURRENCY = 8;

interface ReceiverUsage {
	cpuMs: number;
	verifyMs: number;
	verifyCalls: number;
	webhookMs: number;
	rememberMs: number;
	deliveries: number;
	started: number;
}

async function usage(child: Child): Promise<ReceiverUsage> {
	const m = await child.ask('usage');
	return { cpuMs: Number(m.cpuMs), verifyMs: Number(m.verifyMs), verifyCalls: Number(m.verifyCalls), webhookMs: Number(m.webhookMs), rememberMs: Number(m.rememberMs), deliveries: Number(m.deliveries), started: Number(m.started) };
}

function poster(url: string, secret: string) {
	const u = new URL(url);
	const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
	const types = ['transfers.ach.in.success', 'transfers.ach.out.sent', 'transfers.wire.out.completed', 'transfers.on_us.completed'];
	let n = 0;
	const post = () =>
		new Promise<number>((resolve, reject) => {
			const i = n++;
			const body = Buffer.from(
				JSON.stringify({
					event_id: randomUUID(),
					event_type: types[i % types.length],
					timestamp: new Date().toISOString(),
					payload: { jiko_account_id: '6f1c2a3b-4d5e-5f60-8a7b-9c0d1e2f3a4b', transfer_id: randomUUID(), amount_usdc: 125_050 + i },
				}),
				'utf8',
			);
			const signature = createHmac('sha256', secret).update(body).digest('base64');
			const req = request(
				{ host: u.hostname, port: Number(u.port), method: 'POST', path: '/webhook', agent, headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-jiko-signature': signature } },
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	const run = async (count: number) => {
		let left = count;
		let failed = 0;
		const worker = async () => {
			while (left > 0) {
				left -= 1;
				if ((await post()) !== 200) failed += 1;
			}
		};
		await Promise.all(Array.from({ length: CONCURRENCY }, worker));
		if (failed) throw new Error(`${failed} of ${count} deliveries were not accepted`);
	};
	return { run, close: () => agent.destroy() };
}

export const group: FigureGroup = {
	id: 'webhook',
	title: "Webhook signature verification's share of handling a delivery",
	estimateSeconds: 20,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const deliveries = ctx.quick ? 1_000 : 5_000;
		const reps = ctx.quick ? 2 : 3;
		const secret = randomBytes(32).toString('base64url');
		const child = await forkChild('webhookProcess.js', [secret]);
		try {
			const client = poster(child.url, secret);
			await client.run(ctx.quick ? 2_000 : 10_000); // fills the trigger's memory of event ids
			const runs: Array<ReceiverUsage & { wallMs: number }> = [];
			for (let rep = 0; rep < reps; rep++) {
				const before = await usage(child);
				const start = performance.now();
				await client.run(deliveries);
				const wallMs = performance.now() - start;
				const after = await usage(child);
				const d: ReceiverUsage & { wallMs: number } = {
					cpuMs: after.cpuMs - before.cpuMs,
					verifyMs: after.verifyMs - before.verifyMs,
					verifyCalls: after.verifyCalls - before.verifyCalls,
					webhookMs: after.webhookMs - before.webhookMs,
					rememberMs: after.rememberMs - before.rememberMs,
					deliveries: after.deliveries - before.deliveries,
					started: after.started - before.started,
					wallMs,
				};
				if (d.verifyCalls !== deliveries || d.started !== deliveries) throw new Error(`run ${rep + 1}: ${d.verifyCalls} signature checks and ${d.started} workflow starts for ${deliveries} deliveries`);
				runs.push(d);
				ctx.log(`webhook #${rep + 1}: ${fmt((1000 * d.verifyMs) / deliveries, 1)} µs verify, ${fmt((1000 * d.rememberMs) / deliveries, 1)} µs replay check, ${fmt((1000 * d.webhookMs) / deliveries, 1)} µs webhook(), ${fmt((1000 * d.cpuMs) / deliveries, 1)} µs process CPU per delivery`);
			}
			client.close();
			const per = (key: keyof ReceiverUsage) => fmt(median(runs.map((r) => (1000 * r[key]) / deliveries)), 1);
			return [
				{
					name: "signature check ÷ the receiving process's CPU per delivery",
					ratio: runs.map((r) => (100 * r.verifyMs) / r.cpuMs),
					unit: '%',
					detail: `${per('verifyMs')} µs of ${per('cpuMs')} µs CPU per delivery (HTTP, body, webhook(), answer); ${fmt(median(runs.map((r) => (deliveries / r.wallMs) * 1000)), 0)} deliveries/s, ${deliveries.toLocaleString('en-US')} per run`,
				},
				{
					name: "signature check ÷ the Jiko Trigger's webhook() per delivery",
					ratio: runs.map((r) => (100 * r.verifyMs) / r.webhookMs),
					unit: '%',
					detail: `${per('verifyMs')} µs of ${per('webhookMs')} µs in webhook() (wall time inside the call)`,
				},
				{
					name: "replay check (rememberEvent) ÷ the Jiko Trigger's webhook() per delivery",
					ratio: runs.map((r) => (100 * r.rememberMs) / r.webhookMs),
					unit: '%',
					detail: `${per('rememberMs')} µs per delivery: two Array.includes scans, over the 10,000 ids this process remembers and the 1,000 in static data`,
				},
			];
		} finally {
			await child.stop();
		}
	},
};
