/*
 * The Jiko Trigger receiving deliveries: what its signature check and its duplicate check (the
 * claim at Jiko) cost. Three processes: this one posts deliveries, a receiver
 * (bench/webhookProcess.ts) runs the trigger's webhook() through n8n-core's WebhookContext with
 * a real Jiko credential, and the sandbox (bench/sandboxProcess.ts) answers the claims and the
 * activation.
 *
 * The receiver activates two trigger nodes once against the sandbox (checkExists, create: a
 * subscription, a nonce in static data): one with Duplicate Check "All Processes (Jiko Replay
 * Check)" (the default: one signed GET per fresh delivery, keyed by the event id), one with
 * "This Process Only" (no claim). This process derives each node's delivery secret the way
 * Jiko's side knows it (deriveDeliverySecret: the credential's Shared Secret, workflow id, node
 * id, the node's nonce) and posts signed deliveries in Jiko's envelope (event_id, event_type,
 * timestamp, payload), every event new, timestamp fresh, one at a time over a keep-alive
 * connection (so each delivery's times are its own, not queued behind others). Interleaved
 * runs, each N deliveries to one node; the receiver times its signature checks, its claims and
 * its webhook() calls, and reads its CPU time; the sandbox's CPU and request count are read too.
 *
 * Real n8n does more per delivery (finding the workflow, starting and saving an execution),
 * so the shares of all of n8n's handling are smaller than the shares of webhook() shown here.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';

import { deriveDeliverySecret } from '../../nodes/JikoTrigger/delivery';
import { NODE_ID, WORKFLOW_ID, sign } from '../../test/support/triggerRig';
import { forkChild, type Child } from '../child';
import { fmt, interleaved, median, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { withSandbox, type ChildSandbox } from '../sandbox';

/** The credential's Shared Secret (the sandbox's request-signing secret). */
const SHARED_SECRET = 'sandbox-shared-secret-0001';
const TYPES = ['transfers.ach.in.success', 'transfers.ach.out.sent', 'transfers.wire.out.success', 'transfers.on-us.success'];

type Route = 'jiko' | 'process';

interface RouteUsage {
	deliveries: number;
	started: number;
	statuses: Record<string, number>;
	verifyMs: number;
	verifyCalls: number;
	webhookMs: number;
	claimMs: number;
	claimCpuMs: number;
	claims: number;
	won: number;
}

/** One measured run: deltas over its N deliveries. */
interface Run extends RouteUsage {
	/** the receiving process's CPU time */
	cpuMs: number;
	wallMs: number;
	sandboxCpuMs: number;
	sandboxRequests: number;
	/** TCP connections the sandbox accepted */
	sandboxConnections: number;
}

async function usage(child: Child, route: Route): Promise<RouteUsage & { cpuMs: number }> {
	const m = await child.ask('usage');
	return { ...(m[route] as RouteUsage), cpuMs: Number(m.cpuMs) };
}

function poster(url: string) {
	const u = new URL(url);
	const agent = new Agent({ keepAlive: true, maxSockets: 1 });
	let n = 0;
	const post = (route: Route, secret: string) =>
		new Promise<number>((resolve, reject) => {
			const i = n++;
			const body = Buffer.from(
				JSON.stringify({
					event_id: randomUUID(),
					event_type: TYPES[i % TYPES.length],
					timestamp: new Date().toISOString(),
					payload: { jiko_account_id: '6f1c2a3b-4d5e-5f60-8a7b-9c0d1e2f3a4b', transfer_id: randomUUID(), amount_usdc: 125_050 + i },
				}),
				'utf8',
			);
			const req = request(
				{
					host: u.hostname,
					port: Number(u.port),
					method: 'POST',
					path: `/${route}`,
					agent,
					headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-jiko-signature': sign(secret, body) },
				},
				(res) => {
					res.resume();
					res.on('end', () => resolve(res.statusCode ?? 0));
					res.on('error', reject);
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	/** `count` deliveries one after another; throws unless every one was answered 200. */
	const run = async (route: Route, secret: string, count: number) => {
		const refused: Record<number, number> = {};
		for (let i = 0; i < count; i++) {
			const status = await post(route, secret);
			if (status !== 200) refused[status] = (refused[status] ?? 0) + 1;
		}
		if (Object.keys(refused).length) throw new Error(`${route}: deliveries answered ${JSON.stringify(refused)} (of ${count})`);
	};
	return { run, close: () => agent.destroy() };
}

export const group: FigureGroup = {
	id: 'webhook',
	title: "Jiko Trigger deliveries: the signature check's and the duplicate check's (claim at Jiko) share",
	estimateSeconds: 35,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const deliveries = ctx.quick ? 300 : 1_500;
		const reps = ctx.quick ? 3 : 7;
		return await withSandbox({}, async (sandbox: ChildSandbox) => {
			const child = await forkChild('webhookProcess.js', [sandbox.url]);
			try {
				const state = await child.ask('state');
				const nonces = state.nonces as Record<Route, string>;
				const secrets: Record<Route, string> = {
					jiko: deriveDeliverySecret(SHARED_SECRET, WORKFLOW_ID, NODE_ID, nonces.jiko),
					process: deriveDeliverySecret(SHARED_SECRET, WORKFLOW_ID, NODE_ID, nonces.process),
				};
				const client = poster(child.url);
				// warm-up: V8's optimiser, the credential's login, the sandbox's routes
				const warm = ctx.quick ? 300 : 1_000;
				await client.run('jiko', secrets.jiko, warm);
				await client.run('process', secrets.process, warm);

				const measure = async (route: Route): Promise<Run> => {
					const before = await usage(child, route);
					const sbBefore = await sandbox.usage();
					const statsBefore = await sandbox.stats();
					const start = performance.now();
					await client.run(route, secrets[route], deliveries);
					const wallMs = performance.now() - start;
					const after = await usage(child, route);
					const sbAfter = await sandbox.usage();
					const statsAfter = await sandbox.stats();
					const run: Run = {
						cpuMs: after.cpuMs - before.cpuMs,
						deliveries: after.deliveries - before.deliveries,
						started: after.started - before.started,
						statuses: after.statuses,
						verifyMs: after.verifyMs - before.verifyMs,
						verifyCalls: after.verifyCalls - before.verifyCalls,
						webhookMs: after.webhookMs - before.webhookMs,
						claimMs: after.claimMs - before.claimMs,
						claimCpuMs: after.claimCpuMs - before.claimCpuMs,
						claims: after.claims - before.claims,
						won: after.won - before.won,
						wallMs,
						sandboxCpuMs: sbAfter.cpuMs - sbBefore.cpuMs,
						sandboxRequests: statsAfter.requests - statsBefore.requests,
						sandboxConnections: sbAfter.connections - sbBefore.connections,
					};
					const claims = route === 'jiko' ? deliveries : 0;
					if (run.deliveries !== deliveries || run.started !== deliveries || run.verifyCalls !== deliveries || run.claims !== claims || run.won !== claims || run.sandboxRequests !== claims) {
						throw new Error(
							`${route}: ${deliveries} deliveries gave ${run.started} runs, ${run.verifyCalls} signature checks, ${run.claims} claims (${run.won} won), ${run.sandboxRequests} requests at the sandbox (expected ${claims})`,
						);
					}
					return run;
				};
				const per = (r: Run, key: 'cpuMs' | 'verifyMs' | 'webhookMs' | 'claimMs' | 'claimCpuMs' | 'sandboxCpuMs') => r[key] / deliveries;
				const runs = await interleaved(reps, { jiko: () => measure('jiko'), process: () => measure('process') }, (route, rep, r) =>
					ctx.log(
						`webhook ${route} #${rep + 1}: per delivery ${fmt(1000 * per(r, 'verifyMs'), 1)} µs signature, ${fmt(per(r, 'claimMs'), 3)} ms claim (${fmt(per(r, 'claimCpuMs'), 3)} ms CPU), ${fmt(per(r, 'webhookMs'), 3)} ms webhook(), ${fmt(per(r, 'cpuMs'), 3)} ms receiver CPU, ${fmt(per(r, 'sandboxCpuMs'), 3)} ms sandbox CPU`,
					),
				);
				client.close();

				const { jiko, process: local } = runs;
				const med = (list: Run[], key: Parameters<typeof per>[1], scale = 1) => median(list.map((r) => scale * per(r, key)));
				const µs = (list: Run[], key: Parameters<typeof per>[1]) => `${fmt(med(list, key, 1000), 1)} µs`;
				const msOf = (list: Run[], key: Parameters<typeof per>[1]) => `${fmt(med(list, key), 3)} ms`;
				const n = `${deliveries.toLocaleString('en-US')} deliveries per run, one at a time`;
				return [
					{
						name: "signature check ÷ the receiving process's CPU per delivery (Duplicate Check: Jiko)",
						ratio: jiko.map((r) => (100 * r.verifyMs) / r.cpuMs),
						unit: '%',
						decimals: 1,
						detail: `${µs(jiko, 'verifyMs')} of ${msOf(jiko, 'cpuMs')} CPU per delivery (HTTP, body, webhook() with its claim, answer); This Process Only: ${µs(local, 'verifyMs')} of ${msOf(local, 'cpuMs')}, ${fmt(median(local.map((r) => (100 * r.verifyMs) / r.cpuMs)), 1)}%`,
					},
					{
						name: "signature check ÷ the Jiko Trigger's webhook() per delivery (Duplicate Check: Jiko)",
						ratio: jiko.map((r) => (100 * r.verifyMs) / r.webhookMs),
						unit: '%',
						decimals: 1,
						detail: `${µs(jiko, 'verifyMs')} of ${msOf(jiko, 'webhookMs')} in webhook() (wall time inside the call); This Process Only: of ${msOf(local, 'webhookMs')}, ${fmt(median(local.map((r) => (100 * r.verifyMs) / r.webhookMs)), 1)}%`,
					},
					{
						name: "duplicate check (one claim at Jiko) ÷ the Jiko Trigger's webhook() per delivery",
						ratio: jiko.map((r) => (100 * r.claimMs) / r.webhookMs),
						unit: '%',
						decimals: 1,
						detail: `${msOf(jiko, 'claimMs')} of ${msOf(jiko, 'webhookMs')} (wall time: a signed GET through the credential and n8n's request helper to the sandbox, its answer); ${n}`,
					},
					{
						name: 'webhook() per delivery, Duplicate Check Jiko ÷ This Process Only (wall time)',
						ratio: jiko.map((r, i) => r.webhookMs / local[i].webhookMs),
						decimals: 2,
						detail: `${msOf(jiko, 'webhookMs')} vs ${msOf(local, 'webhookMs')}; deliveries/s ${fmt(median(jiko.map((r) => (1000 * deliveries) / r.wallMs)), 0)} vs ${fmt(median(local.map((r) => (1000 * deliveries) / r.wallMs)), 0)}`,
					},
					{
						name: "receiving process's CPU per delivery, Duplicate Check Jiko ÷ This Process Only",
						ratio: jiko.map((r, i) => r.cpuMs / local[i].cpuMs),
						decimals: 2,
						detail: `${msOf(jiko, 'cpuMs')} vs ${msOf(local, 'cpuMs')}: the claim adds ${fmt(median(jiko.map((r, i) => (r.cpuMs - local[i].cpuMs) / deliveries)), 3)} ms CPU per delivery (paired runs); read around each claim: ${msOf(jiko, 'claimCpuMs')}`,
					},
					{
						name: 'duplicate check (one claim at Jiko): wall time per delivery',
						ratio: jiko.map((r) => per(r, 'claimMs')),
						unit: 'ms',
						decimals: 3,
						detail: `the receiver's CPU during the claim ${msOf(jiko, 'claimCpuMs')}; the sandbox's CPU per delivery ${msOf(jiko, 'sandboxCpuMs')} (This Process Only: ${msOf(local, 'sandboxCpuMs')}); one request and ${fmt(median(jiko.map((r) => r.sandboxConnections / deliveries)), 2)} new TCP connections at the sandbox per delivery`,
					},
					{
						name: "duplicate check (one claim at Jiko): the receiving process's CPU per delivery",
						ratio: jiko.map((r) => per(r, 'claimCpuMs')),
						unit: 'ms',
						decimals: 3,
						detail: `process.cpuUsage() around each claim (one delivery in flight at a time); by difference of paired runs ${fmt(median(jiko.map((r, i) => (r.cpuMs - local[i].cpuMs) / deliveries)), 3)} ms`,
					},
				];
			} finally {
				await child.stop();
			}
		});
	},
};
