/*
 * The Jiko node as n8n runs it (n8n-core's WorkflowExecute through test/support/harness.ts),
 * and a raw signed keep-alive client to compare it with.
 */
import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request as httpRequest } from 'node:http';

import type { IDataObject } from 'n8n-workflow';

import { Jiko } from '../nodes/Jiko/Jiko.node';
import { DEMO_IDS } from '../sandbox/server';
import { jikoCredentials, runNode, type NodeRun } from '../test/support/harness';

export { DEMO_IDS };

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

export type Credentials = ReturnType<typeof jikoCredentials>;

export function credentialsFor(url: string, overrides: IDataObject = {}): Credentials {
	return jikoCredentials(url, overrides as never);
}

export interface JikoRun {
	run: NodeRun;
	/** output items that are `{error}` items (Continue On Fail) */
	failedItems: number;
}

/** One execution of `Items → Jiko` with the given parameters and input items. */
export async function runJiko(credentials: Credentials, parameters: Record<string, unknown>, items: IDataObject[] = [{}], continueOnFail = false): Promise<JikoRun> {
	const run = await runNode({
		nodeType: new Jiko(),
		typeName: 'n8n-nodes-jiko.jiko',
		parameters: parameters as never,
		items,
		credentials,
		continueOnFail,
	});
	if (run.error && !continueOnFail) throw new Error(`the Jiko node failed: ${run.error.message}`);
	return { run, failedItems: run.items.filter((item) => item.json.error !== undefined).length };
}

/** `count` Pocket Gets, one per input item, `parallel` at a time (the node's Parallel Requests). */
export function pocketGets(pocketId: string, parallel = 1): Record<string, unknown> {
	return {
		resource: 'pocket',
		operation: 'get',
		pocketId: byId(pocketId),
		...(parallel > 1 ? { requestOptions: { parallelRequests: parallel } } : {}),
	};
}

export function emptyItems(count: number): IDataObject[] {
	return Array.from({ length: count }, () => ({}));
}

/** Logs in once (n8n keeps the session token in the credential, so later runs reuse it). */
export async function warmUp(credentials: Credentials, pocketId: string): Promise<void> {
	await runJiko(credentials, pocketGets(pocketId), [{}]);
}

const SECRET = 'sandbox-shared-secret-0001';

export function sign(key: string, pathname: string, body: string): string {
	return createHmac('sha256', SECRET).update(key + pathname + body, 'utf8').digest('base64');
}

/**
 * Signed requests over node:http with a keep-alive agent: the cheapest a client can be, for
 * load generation (throughput) where the client must not be the bottleneck.
 */
export class KeepAliveClient {
	readonly agent: Agent;
	private token = '';
	private readonly host: string;
	private readonly port: number;

	constructor(baseUrl: string, sockets = 8) {
		const u = new URL(baseUrl);
		this.host = u.hostname;
		this.port = Number(u.port);
		this.agent = new Agent({ keepAlive: true, maxSockets: sockets });
	}

	async login(): Promise<void> {
		const res = await this.send('POST', '/api/v1/login/', { 'content-type': 'application/json' }, JSON.stringify({ username: 'sandbox-partner', password: 'sandbox-password' }));
		if (res.status !== 200) throw new Error(`login: HTTP ${res.status}`);
		this.token = (JSON.parse(res.body) as { token: string }).token;
	}

	/** A signed request with a fresh idempotency key; resolves with status and body text. */
	signed(method: string, path: string, body?: object): Promise<{ status: number; body: string }> {
		const text = body === undefined ? '' : JSON.stringify(body);
		const key = randomUUID();
		const pathname = path.split('?')[0];
		const headers: Record<string, string> = {
			authorization: `Bearer ${this.token}`,
			'x-jiko-idempotency': key,
			'x-jiko-signature': sign(key, pathname, text),
		};
		if (text) headers['content-type'] = 'application/json';
		return this.send(method, path, headers, text || undefined);
	}

	private send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
		return new Promise((resolve, reject) => {
			const req = httpRequest({ host: this.host, port: this.port, method, path, headers, agent: this.agent }, (res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
				res.on('error', reject);
			});
			req.on('error', reject);
			if (body !== undefined) req.end(body);
			else req.end();
		});
	}

	close(): void {
		this.agent.destroy();
	}
}
