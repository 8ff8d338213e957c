import { randomUUID } from 'node:crypto';

import { tcpListener } from './guardSupport';
import { N8n, output, ready, sandboxGet } from './support';

/*
 * n8n's HTTP Request node with the Jiko credential, as a careless user or an attacker would use
 * it: a URL taken from input data that points somewhere else, the same server under another
 * name, and a transfer posted directly. The credential signs none of them, and a listener on
 * the other host receives nothing at all.
 */
function workflow(credentialId: string, urls: string[], request: Record<string, unknown>) {
	return {
		name: `Jiko host restriction ${randomUUID()}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'URLs from input data', type: 'main', index: 0 }]] },
			'URLs from input data': { main: [[{ node: 'Split', type: 'main', index: 0 }]] },
			Split: { main: [[{ node: 'Request', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'URLs from input data',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [200, 0],
				parameters: { mode: 'raw', jsonOutput: JSON.stringify({ items: urls.map((url) => ({ url })) }), options: {} },
			},
			{ id: randomUUID(), name: 'Split', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [400, 0], parameters: { fieldToSplitOut: 'items', options: {} } },
			{
				id: randomUUID(),
				name: 'Request',
				type: 'n8n-nodes-base.httpRequest',
				typeVersion: 4.2,
				position: [600, 0],
				onError: 'continueRegularOutput',
				parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'jikoApi', url: '={{ $json.url }}', options: {}, ...request },
				credentials: { jikoApi: { id: credentialId, name: 'Jiko (local sandbox)' } },
			},
		],
	};
}

function errorText(item: Record<string, unknown>): string {
	const error = item.error as unknown;
	if (typeof error === 'string') return error;
	return String((error as { message?: unknown })?.message ?? JSON.stringify(error));
}

describe('the Jiko credential in n8n\'s HTTP Request node', () => {
	it('refuses a URL on another host, from input data, before a single byte leaves', async () => {
		const { sandboxUrl, credentialId } = ready();
		const sandboxPort = new URL(sandboxUrl).port;
		const other = await tcpListener();
		try {
			const n8n = await N8n.login();
			const urls = [
				`${other.url}/api/v1/events/types/`,
				// user info that looks like the sandbox, in front of the other host
				`http://127.0.0.1:${sandboxPort}@127.0.0.1:${new URL(other.url).port}/api/v1/events/types/`,
				`http://localhost:${sandboxPort}/api/v1/events/types/`,
				`${sandboxUrl}/api/v1/events/types/`,
			];
			const id = await n8n.createWorkflow(workflow(credentialId, urls, { method: 'GET' }));
			const execution = await n8n.run(id, 'Start');
			const items = output(execution, 'Request');
			expect(items).toHaveLength(4);
			const refusal = (target: string) =>
				`The Jiko credential only signs requests for ${sandboxUrl}, and this request was going to ${target}: nothing was signed or sent.`;
			expect(errorText(items[0])).toContain(refusal(other.url));
			expect(errorText(items[1])).toContain(refusal(other.url));
			expect(errorText(items[2])).toContain(refusal(`http://localhost:${sandboxPort}`));
			// Its own Jiko still works: the escape hatch stays open for what the Jiko node does not cover.
			expect(items[3].error).toBeUndefined();
			expect((items[3] as { items?: unknown[] }).items?.length).toBeGreaterThan(0);
			// Nothing reached the other host: no connection, no byte, so no token and no signature.
			expect(other.connections()).toBe(0);
			expect(other.bytes()).toBe(0);
			expect(execution.raw).not.toMatch(/Bearer [A-Za-z0-9]/);
		} finally {
			await other.close();
		}
	});

	it('refuses to sign a transfer posted directly, so the money rules cannot be bypassed', async () => {
		const { sandboxUrl, credentialId } = ready();
		const n8n = await N8n.login();
		const before = await sandboxGet<{ onUs: unknown[]; ach: unknown[]; wires: unknown[] }>('/_sandbox/ledger');
		const body = {
			type: 'INTERNAL_REALLOCATION',
			from_account: { id: '00000000-0000-4000-8000-000000000001', type: 'JIKO_ACCOUNT' },
			to_account: { id: '00000000-0000-4000-8000-000000000002', type: 'JIKO_ACCOUNT' },
			amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 100 },
		};
		const urls = [`${sandboxUrl}/api/v1/transfers/on-us/`, `${sandboxUrl}/api/v1/Transfers/on-us`, `${sandboxUrl}/api/v1/jiko-accounts/x/wires/`];
		const id = await n8n.createWorkflow(workflow(credentialId, urls, { method: 'POST', sendBody: true, specifyBody: 'json', jsonBody: JSON.stringify(body) }));
		const items = output(await n8n.run(id, 'Start'), 'Request');
		expect(items).toHaveLength(3);
		for (const item of items) {
			expect(errorText(item)).toContain("The Jiko credential signs transfers only for the Jiko node's create operations");
		}
		const after = await sandboxGet<{ onUs: unknown[]; ach: unknown[]; wires: unknown[] }>('/_sandbox/ledger');
		expect([after.onUs.length, after.ach.length, after.wires.length]).toEqual([before.onUs.length, before.ach.length, before.wires.length]);
	});
});
