/*
 * A receiver of Jiko webhook deliveries for the benchmarks, in its own process so that its CPU
 * time is its own. First argument: the URL of the benchmark's sandbox (its own process too).
 *
 * It runs the Jiko Trigger as n8n does, through n8n-core's HookContext and WebhookContext
 * (test/support/triggerRig.ts) with the test credential helper (test/support/credentialsHelper
 * .ts: the credential's login, saved token and authenticate() as in n8n): a credential
 * "Custom Base URL" → the sandbox, sandbox-partner / sandbox-password /
 * sandbox-shared-secret-0001. Two trigger nodes, each activated once against the sandbox with
 * checkExists/create (so each has real static data: a nonce and a subscription id):
 *   /jiko     Duplicate Check "All Processes (Jiko Replay Check)", the default: every verified,
 *             fresh delivery claims its event with one signed GET at the sandbox
 *   /process  Duplicate Check "This Process Only": no claim (the baseline)
 * A node:http server reads each delivery's raw body (n8n's body parser keeps it as rawBody),
 * hands it to webhook() with an express-like response (status(code).json(body)), and answers
 * 200 {"message":"Workflow was started"} when webhook() asks for a run, as n8n's "respond
 * immediately" does.
 *
 * It times, with process.hrtime, every call of verifyJikoDelivery (the signature check) and of
 * claimEvent (the duplicate check), both wrapped in place on their modules, and every webhook()
 * call; around each claim it also reads its own CPU time (exact when one delivery is in flight
 * at a time, as the benchmark sends them).
 * Messages: {id, cmd: 'state'} → {id, nonces: {jiko, process}, subscriptions: {jiko, process}}
 *           {id, cmd: 'usage'} → {id, cpuMs, and per route: deliveries, started, statuses,
 *           verifyMs, verifyCalls, webhookMs, claimMs, claimCpuMs, claims, won}
 *           {id, cmd: 'close'} → deactivates both triggers and exits.
 */
import './env';

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import * as claim from '../nodes/JikoTrigger/claim';
import * as delivery from '../nodes/JikoTrigger/delivery';
import * as triggerModule from '../nodes/JikoTrigger/JikoTrigger.node';
import { jikoCredentials } from '../test/support/harness';
import { TriggerRig, type TriggerModule, type WebhookResponse } from '../test/support/triggerRig';

type Route = 'jiko' | 'process';

interface Counters {
	deliveries: number;
	started: number;
	/** answers that were not a started run, by status */
	statuses: Record<string, number>;
	verifyNs: bigint;
	verifyCalls: number;
	webhookNs: bigint;
	claimNs: bigint;
	claimCpuUs: number;
	claims: number;
	won: number;
}

const counters: Record<Route, Counters> = {
	jiko: fresh(),
	process: fresh(),
};
function fresh(): Counters {
	return { deliveries: 0, started: 0, statuses: {}, verifyNs: 0n, verifyCalls: 0, webhookNs: 0n, claimNs: 0n, claimCpuUs: 0, claims: 0, won: 0 };
}
// The route of the delivery being handled (one at a time; see above).
let current: Route = 'jiko';

// The trigger calls verifyJikoDelivery and claimEvent through their module objects (CommonJS),
// so replacing the exports times every call it makes.
const deliveryExports = delivery as unknown as Record<string, unknown>;
const verify = delivery.verifyJikoDelivery;
deliveryExports.verifyJikoDelivery = (...args: Parameters<typeof verify>) => {
	const t = process.hrtime.bigint();
	try {
		return verify(...args);
	} finally {
		counters[current].verifyNs += process.hrtime.bigint() - t;
		counters[current].verifyCalls += 1;
	}
};
const claimExports = claim as unknown as Record<string, unknown>;
const claimEvent = claim.claimEvent;
claimExports.claimEvent = async (...args: Parameters<typeof claimEvent>) => {
	const route = current;
	const cpu = process.cpuUsage();
	const t = process.hrtime.bigint();
	const outcome = await claimEvent(...args);
	const c = counters[route];
	c.claimNs += process.hrtime.bigint() - t;
	const used = process.cpuUsage(cpu);
	c.claimCpuUs += used.user + used.system;
	c.claims += 1;
	if (outcome.result === 'won') c.won += 1;
	return outcome;
};

const credentials = jikoCredentials(process.argv[2] ?? '');
// One module: this process, as n8n loads the node once.
const load = () => triggerModule as unknown as TriggerModule;
const rigs: Record<Route, TriggerRig> = {
	jiko: new TriggerRig(credentials, {}, load),
	process: new TriggerRig(credentials, { options: { duplicateCheck: 'process' } }, load),
};

const server = createServer({ keepAlive: true }, (req, res) => {
	const route = req.url?.slice(1) as Route;
	const rig = rigs[route];
	if (!rig) {
		res.statusCode = 404;
		res.end();
		return;
	}
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		const request = Object.assign(req, { rawBody: Buffer.concat(chunks) });
		const response: WebhookResponse = {
			status(code: number) {
				res.statusCode = code;
				return {
					json(body: unknown) {
						res.setHeader('content-type', 'application/json');
						res.end(JSON.stringify(body));
					},
				};
			},
		};
		const c = counters[route];
		current = route;
		const t = process.hrtime.bigint();
		rig.webhook(load(), request, response).then(
			(result) => {
				c.webhookNs += process.hrtime.bigint() - t;
				c.deliveries += 1;
				if (result.workflowData) {
					c.started += 1;
					res.setHeader('content-type', 'application/json');
					res.end('{"message":"Workflow was started"}');
				} else {
					c.statuses[res.statusCode] = (c.statuses[res.statusCode] ?? 0) + 1;
				}
			},
			(error: unknown) => {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
			},
		);
	});
});

function ms(ns: bigint): number {
	return Number(ns) / 1e6;
}

async function main(): Promise<void> {
	for (const rig of Object.values(rigs)) {
		if ((await rig.activate()) !== 'created') throw new Error('the trigger found a subscription it never made');
	}
	server.listen(0, '127.0.0.1', () => {
		const { port } = server.address() as AddressInfo;
		process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid });
	});
}

process.on('message', (raw: unknown) => {
	const request = raw as { id: number; cmd: string };
	if (request.cmd === 'state') {
		process.send?.({
			id: request.id,
			nonces: { jiko: rigs.jiko.state().secretNonce, process: rigs.process.state().secretNonce },
			subscriptions: { jiko: rigs.jiko.state().subscriptionId, process: rigs.process.state().subscriptionId },
		});
	} else if (request.cmd === 'usage') {
		const cpu = process.cpuUsage();
		const per = (c: Counters) => ({
			deliveries: c.deliveries,
			started: c.started,
			statuses: { ...c.statuses },
			verifyMs: ms(c.verifyNs),
			verifyCalls: c.verifyCalls,
			webhookMs: ms(c.webhookNs),
			claimMs: ms(c.claimNs),
			claimCpuMs: c.claimCpuUs / 1000,
			claims: c.claims,
			won: c.won,
		});
		process.send?.({ id: request.id, cpuMs: (cpu.user + cpu.system) / 1000, jiko: per(counters.jiko), process: per(counters.process) });
	} else if (request.cmd === 'close') {
		server.close();
		void Promise.allSettled(Object.values(rigs).map((rig) => rig.deactivate())).finally(() => {
			process.send?.({ id: request.id });
			process.exit(0);
		});
	}
});
process.on('disconnect', () => process.exit(0));

main().catch((error: unknown) => {
	process.stderr.write(`bench webhook receiver: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
