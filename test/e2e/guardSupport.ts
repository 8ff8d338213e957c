import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';

import { sandboxCredentialFields } from '../support/sandboxLogin';
import { N8n, ROOT, ready, type Execution } from './support';

/*
 * Helpers for the guard-rail end-to-end tests: listeners that record what reaches them,
 * workflows built from the example files, waiting for executions.
 */

/** A TCP listener that counts connections and bytes: proof that nothing reached it. */
export async function tcpListener(): Promise<{ url: string; connections: () => number; bytes: () => number; close: () => Promise<void> }> {
	let connections = 0;
	let bytes = 0;
	const server = createTcpServer((socket) => {
		connections++;
		socket.on('data', (chunk) => (bytes += chunk.length));
		socket.on('error', () => undefined);
		socket.end();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		connections: () => connections,
		bytes: () => bytes,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export interface Received {
	method: string;
	url: string;
	headers: IncomingMessage['headers'];
	body: string;
}

/** An HTTP listener answering 200 to everything and keeping what it received. */
export async function httpListener(): Promise<{ url: string; received: Received[]; close: () => Promise<void> }> {
	const received: Received[] = [];
	const server = createHttpServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		received,
		close: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

export async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 300));
	}
}

/** An example workflow as the run command imports it, with text replaced (e.g. settings). */
export function exampleWorkflow(file: string, credentialId: string, replacements: Array<[string, string]> = []): Record<string, unknown> {
	let text = readFileSync(join(ROOT, 'examples', file), 'utf8').split('__JIKO_CREDENTIAL_ID__').join(credentialId);
	for (const [from, to] of replacements) {
		if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
		text = text.split(from).join(to);
	}
	return JSON.parse(text) as Record<string, unknown>;
}

export async function executionsOf(n8n: N8n, workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const page = await n8n.data<{ results: Array<{ id: string; status: string }> }>(
		'get',
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
	);
	return page.results;
}

/** Creates and activates a workflow; returns its id once its webhooks answer. */
export async function activate(n8n: N8n, workflow: Record<string, unknown>): Promise<string> {
	const created = await n8n.data<{ id: string; versionId: string }>('post', '/workflows', { ...workflow, name: `${String(workflow.name)} ${randomUUID()}`, active: false });
	await n8n.data('post', `/workflows/${created.id}/activate`, { versionId: created.versionId });
	return created.id;
}

/** Creates a Jiko credential through n8n's API. */
export async function jikoCredential(n8n: N8n, name: string, data: Record<string, unknown>): Promise<string> {
	const created = await n8n.data<{ id: string }>('post', '/credentials', { name: `${name} ${randomUUID()}`, type: 'jikoApi', data });
	return created.id;
}

/** The error n8n recorded for a node, if it failed. */
export function nodeError(execution: Execution, nodeName: string): string | undefined {
	return execution.runData[nodeName]?.[0]?.error?.message;
}

/** A Jiko credential's data for the run's sandbox (or another Jiko at `baseUrl`). */
export function sandboxCredentialData(extra: Record<string, unknown> = {}, baseUrl = ready().sandboxUrl) {
	return { ...sandboxCredentialFields(baseUrl), ...extra };
}

/** Start → a list of items → one Jiko node per entry of `jiko`, each continuing on failure. */
export function itemsWorkflow(items: object[], jiko: Array<{ name: string; parameters: object }>, credentialId: string) {
	const connections: Record<string, unknown> = {
		Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
		Items: { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
		Split: { main: [jiko.map(({ name }) => ({ node: name, type: 'main', index: 0 }))] },
	};
	return {
		name: `Jiko items ${randomUUID()}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections,
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: randomUUID(), name: 'Items', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0], parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items }), options: {} } },
			{ id: randomUUID(), name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'items', options: {} } },
			...jiko.map(({ name, parameters }, index) => ({
				id: randomUUID(),
				name,
				type: 'n8n-nodes-jiko.jiko',
				typeVersion: 1,
				position: [650, index * 200],
				onError: 'continueRegularOutput',
				parameters,
				credentials: { jikoApi: { id: credentialId, name: 'Jiko' } },
			})),
		],
	};
}
