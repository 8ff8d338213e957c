import { spawnSync } from 'node:child_process';
import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { join } from 'node:path';
import axios from 'axios';

import { JikoRawClient } from '../support/jikoRawClient';
import { N8n, ready } from './support';

/*
 * Jiko Trigger helpers for the real-n8n suites (one process and queue mode): a workflow with
 * the trigger, its subscription as Jiko (the sandbox) holds it, signed deliveries sent straight
 * to a chosen n8n process, and execution counts from n8n's own API.
 */
export const EVENT_TYPE = 'transfers.on-us.success';

export interface TriggerWorkflow {
	id: string;
	webhookId: string;
	nodeId: string;
	/** /webhook/<id>/webhook on the given n8n base URL. */
	path: string;
	subscriptionId: string;
	/** The subscription's shared secret as Jiko holds it (read from the sandbox's data). */
	secret: string;
}

interface SandboxSubscription {
	id: string;
	url: string;
	sharedSecret: string;
	events: string[];
	retryPolicy?: unknown;
}

/** The sandbox's own record of a subscription (what Jiko knows), from its data file. */
export function sandboxSubscriptions(): SandboxSubscription[] {
	const file = join(ready().dataDir, 'sandbox-state.json');
	const state = JSON.parse(readFileSync(file, 'utf8')) as { data: { subscriptions: Record<string, SandboxSubscription> } };
	return Object.values(state.data.subscriptions);
}

export async function jikoSubscriptions(): Promise<Array<{ id: string; url: string; events: string[] }>> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	const list = await client.get<{ items: Array<{ id: string; url: string; events: string[] }> }>('/api/v1/subscriptions/', { query: { limit: 100 } });
	return list.data.items;
}

export function triggerNode(credentialId: string, extra: Record<string, unknown> = {}) {
	return {
		id: randomUUID(),
		name: 'Jiko Trigger',
		type: 'n8n-nodes-jiko.jikoTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: randomUUID(),
		parameters: { events: [EVENT_TYPE] },
		credentials: { jikoApi: { id: credentialId, name: 'Jiko (local sandbox)' } },
		...extra,
	};
}

/** Activates a saved workflow and waits for its subscription at Jiko (activation is async). */
export async function activate(n8n: N8n, workflowId: string, versionId: string, webhookId: string): Promise<{ subscriptionId: string; secret: string }> {
	await n8n.data('post', `/workflows/${workflowId}/activate`, { versionId });
	const url = `${ready().webhookUrl}/webhook/${webhookId}/webhook`;
	for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
		const mine = sandboxSubscriptions().filter((s) => s.url === url);
		if (mine.length === 1) return { subscriptionId: mine[0].id, secret: mine[0].sharedSecret };
		await new Promise((r) => setTimeout(r, 300));
	}
	throw new Error(`no subscription for ${url} at the sandbox`);
}

/** A workflow "Jiko Trigger → Done", created and activated. */
export async function createTriggerWorkflow(n8n: N8n, name = `Jiko trigger ${randomUUID()}`): Promise<TriggerWorkflow> {
	const trigger = triggerNode(ready().credentialId);
	const created = await n8n.data<{ id: string; versionId: string }>('post', '/workflows', {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: { 'Jiko Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		nodes: [trigger, { id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} }],
	});
	const { subscriptionId, secret } = await activate(n8n, created.id, created.versionId, trigger.webhookId);
	return { id: created.id, webhookId: trigger.webhookId, nodeId: trigger.id, path: `/webhook/${trigger.webhookId}/webhook`, subscriptionId, secret };
}

export function eventBody(eventId: string, overrides: Record<string, unknown> = {}): string {
	return JSON.stringify({
		event_id: eventId,
		event_type: EVENT_TYPE,
		timestamp: new Date().toISOString(),
		payload: { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() },
		...overrides,
	});
}

export function signature(secret: string, body: string | Buffer): string {
	return createHmac('sha256', secret).update(body).digest('base64');
}

const noKeepAlive = new Agent({ keepAlive: false });

/** POSTs the exact bytes to one n8n process, as Jiko does; never throws on a status. */
export async function post(baseUrl: string, path: string, body: string, headers: Record<string, string> = {}) {
	const answer = await axios.post(`${baseUrl}${path}`, body, {
		headers: { 'content-type': 'application/json', ...headers },
		httpAgent: noKeepAlive,
		transformRequest: [(d: unknown) => d],
		validateStatus: () => true,
		timeout: 60_000,
	});
	return { status: answer.status, data: answer.data as Record<string, unknown> };
}

export async function deliver(baseUrl: string, workflow: TriggerWorkflow, body: string) {
	return await post(baseUrl, workflow.path, body, { 'x-jiko-signature': signature(workflow.secret, body) });
}

/** Runs `tasks` with at most `concurrency` at a time; results in order. */
export async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
	const results: T[] = new Array(count);
	let next = 0;
	await Promise.all(
		Array.from({ length: Math.min(concurrency, count) }, async () => {
			while (next < count) {
				const index = next++;
				results[index] = await task(index);
			}
		}),
	);
	return results;
}

export interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
}

/**
 * Every execution of a workflow. In queue mode straight from n8n's PostgreSQL database (exact:
 * n8n's list API pages by id while it sorts by start time, and skips some under load); with one
 * n8n process from its executions API.
 */
export async function executionsOf(n8n: N8n, workflowId: string): Promise<ExecutionSummary[]> {
	const queue = ready().queue;
	if (queue) {
		const { host, port, user, database } = queue.postgres;
		const sql = `SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId.replace(/'/g, "''")}' AND "deletedAt" IS NULL ORDER BY id`;
		const result = spawnSync('psql', ['-h', host, '-p', String(port), '-U', user, '-d', database, '-At', '-F', '|', '-c', sql], { encoding: 'utf8' });
		if (result.status !== 0) throw new Error(`psql: ${result.stderr}`);
		return result.stdout
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [id, status] = line.split('|');
				return { id, status, workflowId };
			});
	}
	const byId = new Map<string, ExecutionSummary>();
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	let cursor: string | null = null;
	do {
		const page: { results: ExecutionSummary[]; nextCursor: string | null } = await n8n.data(
			'get',
			`/executions?filter=${filter}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
		);
		for (const execution of page.results) byId.set(String(execution.id), execution);
		cursor = page.nextCursor;
	} while (cursor);
	return [...byId.values()];
}

/** Waits until `count` executions of the workflow have finished and none is still queued or
 * running, then `settleMs` more to catch a late extra one. */
export async function settledExecutions(n8n: N8n, workflowId: string, count: number, timeoutMs = 120_000, settleMs = 3_000): Promise<ExecutionSummary[]> {
	const deadline = Date.now() + timeoutMs;
	const busy = (e: ExecutionSummary) => ['new', 'running', 'waiting'].includes(e.status);
	let found = await executionsOf(n8n, workflowId);
	while ((found.length < count || found.some(busy)) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 500));
		found = await executionsOf(n8n, workflowId);
	}
	await new Promise((r) => setTimeout(r, settleMs));
	found = await executionsOf(n8n, workflowId);
	while (found.some(busy) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 500));
		found = await executionsOf(n8n, workflowId);
	}
	return found;
}
