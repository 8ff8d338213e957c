import { randomUUID } from 'node:crypto';

import { N8n, output, ready, sandboxGet } from './support';

/* The escape hatch: n8n's own HTTP Request node with the Jiko credential as a predefined
 * credential type makes signed calls to endpoints the Jiko node does not cover. */
function request(name: string, parameters: Record<string, unknown>, credentialId: string) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		position: [300, 0],
		parameters: { authentication: 'predefinedCredentialType', nodeCredentialType: 'jikoApi', options: {}, ...parameters },
		credentials: { jikoApi: { id: credentialId, name: 'Jiko (local sandbox)' } },
	};
}

describe('HTTP Request node with the Jiko credential', () => {
	it('makes a signed GET and a signed POST that the sandbox accepts', async () => {
		const { sandboxUrl, credentialId } = ready();
		const n8n = await N8n.login();
		const secret = `e2e-subscription-secret-${randomUUID()}`;
		const before = await sandboxGet<{ rejected: Record<string, number> }>('/_sandbox/stats');
		const id = await n8n.createWorkflow({
			name: `Jiko HTTP Request ${randomUUID()}`,
			active: false,
			settings: { executionOrder: 'v1' },
			connections: {
				Start: { main: [[{ node: 'List event types', type: 'main', index: 0 }]] },
				'List event types': { main: [[{ node: 'Create subscription', type: 'main', index: 0 }]] },
			},
			nodes: [
				{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				request('List event types', { method: 'GET', url: `${sandboxUrl}/api/v1/events/types/` }, credentialId),
				{
					...request(
						'Create subscription',
						{
							method: 'POST',
							url: `${sandboxUrl}/api/v1/subscriptions/`,
							sendBody: true,
							specifyBody: 'json',
							jsonBody: JSON.stringify({ events: ['transfers.on-us.success'], url: 'http://127.0.0.1:9/hook', shared_secret: secret, description: 'Café – e2e ✓' }),
						},
						credentialId,
					),
					position: [600, 0],
				},
			],
		});
		const execution = await n8n.run(id, 'Start');
		expect(execution.error).toBeUndefined();
		expect(execution.status).toBe('success');
		const types = output(execution, 'List event types')[0] as { items: Array<{ event: string }> };
		expect(types.items.map((t) => t.event)).toContain('transfers.on-us.success');
		const created = output(execution, 'Create subscription')[0];
		expect(created).toMatchObject({ events: ['transfers.on-us.success'], description: 'Café – e2e ✓', status: 'enabled' });
		const after = await sandboxGet<{ rejected: Record<string, number> }>('/_sandbox/stats');
		expect(after.rejected.signature).toBe(before.rejected.signature);
	});
});
