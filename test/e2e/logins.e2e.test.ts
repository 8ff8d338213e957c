import { randomUUID } from 'node:crypto';

import { DEMO_IDS } from '../../sandbox/seed';
import { N8n, logins, output, ready, sandboxPost } from './support';

/*
 * Login reuse and refresh live in n8n's CLI (CredentialsHelper), which the jest harness can
 * only imitate: here a real n8n runs a 100-item workflow and the sandbox counts the logins.
 */
function workflow(credentialId: string) {
	return {
		name: `Jiko 100 customers ${randomUUID()}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			'When clicking Execute': { main: [[{ node: 'Make 100 items', type: 'main', index: 0 }]] },
			'Make 100 items': { main: [[{ node: 'Get customer', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: randomUUID(), name: 'When clicking Execute', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'Make 100 items',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: 'return Array.from({ length: 100 }, (_, i) => ({ json: { i } }));' },
			},
			{
				id: randomUUID(),
				name: 'Get customer',
				type: 'n8n-nodes-jiko.jiko',
				typeVersion: 1,
				position: [440, 0],
				parameters: { resource: 'customer', operation: 'get', customerId: DEMO_IDS.customers.grace.id },
				credentials: { jikoApi: { id: credentialId, name: 'Jiko logins' } },
			},
		],
	};
}

describe('credential login lifecycle in a real n8n', () => {
	it('logs in once for 100 items, reuses the token, and logs in exactly once more after expiry', async () => {
		const n8n = await N8n.login();
		const credential = await n8n.data<{ id: string }>('post', '/credentials', {
			name: `Jiko logins ${randomUUID()}`,
			type: 'jikoApi',
			data: {
				environment: 'custom',
				baseUrl: ready().sandboxUrl,
				username: 'sandbox-partner',
				password: 'sandbox-password',
				sharedSecret: 'sandbox-shared-secret-0001',
				partnerId: '',
			},
		});
		const id = await n8n.createWorkflow(workflow(credential.id));

		const before = await logins();
		const first = await n8n.run(id, 'When clicking Execute');
		expect(first.status).toBe('success');
		expect(output(first, 'Get customer')).toHaveLength(100);
		expect(await logins()).toBe(before + 1);

		const second = await n8n.run(id, 'When clicking Execute');
		expect(second.status).toBe('success');
		expect(await logins()).toBe(before + 1);

		await sandboxPost('/_sandbox/tokens/expire');
		const third = await n8n.run(id, 'When clicking Execute');
		expect(third.status).toBe('success');
		const items = output(third, 'Get customer');
		expect(items).toHaveLength(100);
		expect(items.every((item) => item.id === DEMO_IDS.customers.grace.id && item.error === undefined)).toBe(true);
		expect(await logins()).toBe(before + 2);
		// the token never reaches the execution data
		expect(third.raw).not.toContain('sandbox-password');
		expect(third.raw).not.toContain('sandbox-shared-secret-0001');
	});
});
