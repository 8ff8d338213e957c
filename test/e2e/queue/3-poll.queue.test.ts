import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import axios from 'axios';

import { JikoRawClient } from '../../support/jikoRawClient';
import { N8n, output, ready, sandboxPost } from '../support';
import { EVENT_TYPE, executionsOf, pool, sandboxSubscriptions, triggerNode } from '../triggerSupport';
import { n8nLog, restartEveryN8nProcess, waitUntil } from './queueSupport';

/*
 * The Jiko Poll Trigger on n8n's distributed engine (PostgreSQL, Redis, main, webhook process,
 * two workers) with n8n's durable poll cursors on (scripts/local-n8n.mts --queue sets
 * N8N_POLLER_DURABLE_CURSORS_ENABLED and the scheduler flags it needs). Events happen at Jiko
 * (the sandbox) while n8n is up, down, or being killed; what counts is what a user sees: every
 * event in exactly one execution (as one item; one poll starts one execution with the events it
 * found). The poll runs every minute (n8n's shortest poll interval).
 */
const POLL_NODE = 'Jiko Poll Trigger';
let n8n: N8n;
let pollWorkflowId: string;
/** Jiko Trigger (webhook) and Jiko Poll Trigger (Read: Events the Jiko Trigger Did Not Take). */
let catchUpWorkflowId: string;
/** Every event id run so far, per workflow and execution id (each execution read once). */
const runsSeen = new Map<string, Map<string, string[]>>();

async function jiko(): Promise<JikoRawClient> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	return client;
}

/** Events happen at Jiko (the sandbox's trigger: recorded, listed, delivered to subscribers). */
async function happen(count: number, client?: JikoRawClient, eventId?: () => string, timestamp?: string): Promise<string[]> {
	const jikoClient = client ?? (await jiko());
	return await pool(count, 8, async () => {
		const id = eventId?.() ?? randomUUID();
		const res = await jikoClient.post('/api/v1/sandbox/webhook/', {
			event_id: id,
			event_type: EVENT_TYPE,
			...(timestamp ? { timestamp } : {}),
			payload: { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() },
		});
		if (res.status !== 202) throw new Error(`sandbox webhook: ${res.status}`);
		return id;
	});
}

/** A workflow "trigger(s) → Done". */
/** Events keep happening at Jiko, about 5 a second as a busy partner's Jiko might produce them,
 * until `stop()`, which gives back every event id that happened. */
async function busyJiko(): Promise<{ stop: () => Promise<string[]> }> {
	const client = await jiko();
	const happened: string[] = [];
	let stopped = false;
	const producer = (async () => {
		while (!stopped) {
			happened.push(...(await happen(5, client)));
			await new Promise((r) => setTimeout(r, 1_000));
		}
	})();
	return {
		stop: async () => {
			stopped = true;
			await producer;
			return happened;
		},
	};
}

async function createWorkflow(name: string, ...triggers: Array<Record<string, unknown>>): Promise<{ id: string; versionId: string }> {
	const connections = Object.fromEntries(triggers.map((trigger) => [String(trigger.name), { main: [[{ node: 'Done', type: 'main', index: 0 }]] }]));
	return await n8n.data<{ id: string; versionId: string }>('post', '/workflows', {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: [...triggers, { id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
	});
}

function pollTrigger(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		id: randomUUID(),
		name: POLL_NODE,
		type: 'n8n-nodes-jiko.jikoPollTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, events: [EVENT_TYPE], lateMinutes: 10, catchUpHours: 24, ...extra },
		credentials: { jikoApi: { id: ready().credentialId, name: 'Jiko (local sandbox)' } },
	};
}

/** Event ids of every finished execution of a workflow (by either trigger), one entry per run of an event. */
async function eventRuns(workflowId = pollWorkflowId): Promise<{ runs: string[]; executions: number; busy: number }> {
	const executions = await executionsOf(n8n, workflowId);
	const seen = runsSeen.get(workflowId) ?? new Map<string, string[]>();
	runsSeen.set(workflowId, seen);
	let busy = 0;
	for (const execution of executions) {
		if (['new', 'running', 'waiting'].includes(execution.status)) {
			busy++;
			continue;
		}
		if (!seen.has(execution.id)) {
			const run = await n8n.execution(execution.id);
			const started = [POLL_NODE, 'Jiko Trigger'].filter((name) => run.runData[name]);
			seen.set(execution.id, started.flatMap((name) => output(run, name).map((item) => String(item.event_id))));
		}
	}
	const runs = [...seen.values()].flat();
	return { runs, executions: executions.length, busy };
}

/** Waits until every one of `ids` has run (or the time is up); how often each ran. */
async function waitForRuns(ids: string[], timeoutMs: number, workflowId = pollWorkflowId): Promise<{ missing: string[]; twice: string[]; seconds: number }> {
	const started = Date.now();
	const wanted = new Set(ids);
	let counts = new Map<string, number>();
	for (const deadline = Date.now() + timeoutMs; ; ) {
		const { runs, busy } = await eventRuns(workflowId);
		counts = new Map();
		for (const id of runs) if (wanted.has(id)) counts.set(id, (counts.get(id) ?? 0) + 1);
		if ((counts.size === wanted.size && busy === 0) || Date.now() > deadline) break;
		await new Promise((r) => setTimeout(r, 2_000));
	}
	const seconds = Math.round((Date.now() - started) / 1000);
	return { missing: ids.filter((id) => !counts.has(id)), twice: [...counts].filter(([, n]) => n > 1).map(([id]) => id), seconds };
}

/** Polls run and start executions: an event made now is run (emitted until one runs). */
async function armed(): Promise<void> {
	for (let attempt = 0; attempt < 4; attempt++) {
		const [probe] = await happen(1);
		const result = await waitForRuns([probe], 75_000);
		if (result.missing.length === 0) return;
	}
	throw new Error('the Jiko Poll Trigger never ran an event');
}

async function sandboxStats(): Promise<{ eventListReads: number }> {
	return (await axios.get(`${ready().sandboxUrl}/_sandbox/stats`)).data as { eventListReads: number };
}

/**
 * Kills n8n's main in the middle of a poll: Jiko (the sandbox) answers slowly meanwhile, the
 * poll's first read of the event list is seen arriving, and the main is killed at a random
 * moment of the next 2.5 s — before the list's answer, while the poll reads it, or while n8n
 * commits the execution and the cursor. Returns the seconds until the main was ready again.
 */
async function killMidPoll(): Promise<number> {
	await axios.put(`${ready().sandboxUrl}/_sandbox/config`, { latencyMs: 1_000 });
	try {
		const before = (await sandboxStats()).eventListReads;
		for (const deadline = Date.now() + 150_000; (await sandboxStats()).eventListReads === before; ) {
			if (Date.now() > deadline) throw new Error('no poll started');
			await new Promise((r) => setTimeout(r, 50));
		}
		await new Promise((r) => setTimeout(r, Math.floor(Math.random() * 2_500)));
	} finally {
		await axios.put(`${ready().sandboxUrl}/_sandbox/config`, { latencyMs: 0 });
	}
	const at = Date.now();
	await killMain();
	return Math.round((Date.now() - at) / 1000);
}

async function mainReady(): Promise<boolean> {
	try {
		return (await axios.get(`${ready().n8nUrl}/healthz/readiness`, { timeout: 2_000 })).status === 200;
	} catch {
		return false;
	}
}

/** SIGKILL to n8n's main; the launcher starts it again (as a process manager would). */
async function killMain(): Promise<void> {
	const pid = ready().queue?.processes.main;
	if (!pid) throw new Error('no main pid');
	process.kill(pid, 'SIGKILL');
	await waitUntil('main restarted', 240_000, async () => ready().queue?.processes.main !== pid && (await mainReady()));
}

async function restartWith(plan: { downSeconds?: number; env?: Record<string, string> }, whileDown?: () => Promise<void>): Promise<void> {
	writeFileSync(join(ready().dataDir, 'restart-plan.json'), JSON.stringify(plan));
	const generation = ready().queue?.generation ?? 0;
	process.kill(ready().launcherPid, 'SIGUSR2');
	await waitUntil('every n8n process stopped', 60_000, async () => !(await mainReady()));
	await whileDown?.();
	await waitUntil('every n8n process back', 300_000, () => (ready().queue?.generation ?? 0) > generation);
	expect(existsSync(join(ready().dataDir, 'restart-plan.json'))).toBe(false);
}

beforeAll(async () => {
	n8n = await N8n.login();
	const poll = await createWorkflow(`Jiko poll trigger (queue mode) ${randomUUID()}`, pollTrigger());
	pollWorkflowId = poll.id;
	await n8n.data('post', `/workflows/${poll.id}/activate`, { versionId: poll.versionId });
	// Webhook mode with catch-up: both triggers in one workflow (its webhook path is the
	// comparison with Webhook mode alone).
	const catchUp = await createWorkflow(`Jiko trigger with catch-up ${randomUUID()}`, triggerNode(ready().credentialId), pollTrigger({ source: 'missed' }));
	catchUpWorkflowId = catchUp.id;
	await n8n.data('post', `/workflows/${catchUp.id}/activate`, { versionId: catchUp.versionId });
	await armed();
});

describe('Jiko Poll Trigger on n8n queue mode, durable poll cursors on', () => {
	it('every n8n process down while 200 events happen and Jiko gives up delivering → back up: all 200 run, each once', async () => {
		let happened: string[] = [];
		await restartWith({ downSeconds: 30 }, async () => {
			happened = await happen(200);
			// Jiko's deliveries to the webhook workflow fail (nothing listens) until it gives up.
			await sandboxPost('/_sandbox/webhooks/idle');
		});
		const back = Date.now();
		const result = await waitForRuns(happened, 300_000);
		expect(result).toMatchObject({ missing: [], twice: [] });
		// Webhook mode: Jiko gave up while n8n was down; the webhook started none of them (its
		// catch-up takes them 56 minutes after they happened, beyond this test).
		const { runs: byWebhook } = await eventRuns(catchUpWorkflowId);
		const webhookRan = happened.filter((id) => byWebhook.includes(id)).length;
		expect(webhookRan).toBe(0);
		process.stdout.write(
			`queue poll: 200 events while every n8n process was down → all 200 run once, ${Math.round((Date.now() - back) / 1000)} s after n8n was back; Webhook mode alone ran ${webhookRan} of them\n`,
		);
	});

	it('webhook mode with catch-up: every n8n process down for over an hour while 200 events happen, Jiko gives up → back up: all 200 run once by the catch-up; a late delivery refused (422) is run by it too', async () => {
		// "Over an hour": the events are timestamped 58 minutes before now, so no delivery can
		// start them any more (the Jiko Trigger refuses them by age) and the catch-up takes them.
		const longAgo = new Date(Date.now() - 58 * 60_000).toISOString();
		let happened: string[] = [];
		await restartWith({ downSeconds: 30 }, async () => {
			happened = await happen(200, undefined, undefined, longAgo);
			await sandboxPost('/_sandbox/webhooks/idle');
		});
		const back = Date.now();
		const result = await waitForRuns(happened, 300_000, catchUpWorkflowId);
		expect(result).toMatchObject({ missing: [], twice: [] });
		const seconds = Math.round((Date.now() - back) / 1000);
		// n8n up: a delivery Jiko makes of an event that is already too old is refused with a 422
		// (Jiko does not retry it); the catch-up runs the event.
		const [late] = await happen(1, undefined, undefined, new Date(Date.now() - 58 * 60_000).toISOString());
		await sandboxPost('/_sandbox/webhooks/idle');
		expect(await waitForRuns([late], 180_000, catchUpWorkflowId)).toMatchObject({ missing: [], twice: [] });
		process.stdout.write(`queue catch-up: 200 events missed while every n8n process was down → all 200 run once, ${seconds} s after n8n was back; a delivery refused as late → run once by the catch-up\n`);
	});

	it('1,000 events → each in exactly one execution, none lost', async () => {
		const started = Date.now();
		const happened = await happen(1_000);
		const result = await waitForRuns(happened, 300_000);
		expect(result).toMatchObject({ missing: [], twice: [] });
		const { executions } = await eventRuns();
		process.stdout.write(`queue poll: 1,000 events run once each in ${Math.round((Date.now() - started) / 1000)} s (${executions} executions of the poll workflow so far)\n`);
	});

	it("the main killed with SIGKILL mid-poll three times while events happen → 0 lost, 0 twice", async () => {
		const events = await busyJiko();
		const kills: number[] = [];
		for (let kill = 0; kill < 3; kill++) kills.push(await killMidPoll());
		const happened = await events.stop();
		const result = await waitForRuns(happened, 300_000);
		expect(result).toMatchObject({ missing: [], twice: [] });
		process.stdout.write(`queue poll: main SIGKILLed 3 times (back in ${kills.join(', ')} s) while ${happened.length} events happened → 0 lost, 0 twice\n`);
	});

	it('a restart of every n8n process → no event runs again; a new one runs', async () => {
		const before = (await eventRuns()).runs.length;
		await restartEveryN8nProcess();
		await new Promise((r) => setTimeout(r, 130_000)); // two polls
		const after = await eventRuns();
		expect(after.runs.length).toBe(before);
		expect(new Set(after.runs).size).toBe(after.runs.length);
		const [fresh] = await happen(1);
		expect(await waitForRuns([fresh], 180_000)).toMatchObject({ missing: [], twice: [] });
	});

	it("a Jiko that ignores events/types' offset and replays a repeated key with 200: the Jiko Trigger refuses to activate (nothing subscribed); the Poll Trigger runs 50 copies of one event once", async () => {
		const config = (await axios.get(`${ready().sandboxUrl}/_sandbox/config`)).data as { assumptions: Record<string, unknown> };
		await axios.put(`${ready().sandboxUrl}/_sandbox/config`, { assumptions: { eventTypesOffset: 'ignore', repeatedKey: 'replay' } });
		try {
			const hook = triggerNode(ready().credentialId);
			const webhook = await createWorkflow(`Jiko trigger on a replaying Jiko ${randomUUID()}`, hook);
			// With n8n's publication service on, the activation is answered at once and the triggers
			// are activated after it: the refusal reaches n8n's log (the words the user is given,
			// the node error's description, are checked in test/node/trigger.test.ts), and nothing
			// is subscribed at Jiko.
			await n8n.data('post', `/workflows/${webhook.id}/activate`, { versionId: webhook.versionId }).catch(() => undefined);
			const url = `${ready().webhookUrl}/webhook/${String(hook.webhookId)}/webhook`;
			await waitUntil('the refusal in n8n\'s log', 60_000, () => /Jiko's repeated-request check cannot be used to stop duplicate runs/.test(n8nLog('n8n')));
			expect(sandboxSubscriptions().filter((subscription) => subscription.url === url)).toHaveLength(0);
			const refusal = "Jiko's repeated-request check cannot be used to stop duplicate runs";

			const eventId = randomUUID();
			const copies = await happen(50, undefined, () => eventId);
			expect(copies).toHaveLength(50);
			expect(await waitForRuns([eventId], 180_000)).toMatchObject({ missing: [], twice: [] });
			process.stdout.write(`queue poll: replaying Jiko without the offset echo: activation refused ("${refusal}" in n8n's log, no subscription at Jiko); 50 copies of one event → run once by the Poll Trigger\n`);
		} finally {
			await axios.put(`${ready().sandboxUrl}/_sandbox/config`, {
				assumptions: { eventTypesOffset: config.assumptions.eventTypesOffset, repeatedKey: config.assumptions.repeatedKey },
			});
		}
	});

	it('durable poll cursors off: the same three SIGKILLs, measured (n8n promises nothing here)', async () => {
		const off = { N8N_POLLER_DURABLE_CURSORS_ENABLED: 'false', N8N_SCHEDULER_ENABLED: 'false', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'false', N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'false' };
		await restartWith({ env: off });
		await armed();
		const events = await busyJiko();
		for (let kill = 0; kill < 3; kill++) await killMidPoll();
		const happened = await events.stop();
		const result = await waitForRuns(happened, 240_000);
		process.stdout.write(
			`queue poll, durable cursors OFF: main SIGKILLed 3 times while ${happened.length} events happened → ${result.missing.length} lost, ${result.twice.length} run twice\n`,
		);
		expect(happened.length).toBeGreaterThan(0);
	});
});
