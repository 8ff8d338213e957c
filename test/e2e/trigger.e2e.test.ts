import { createHmac, randomUUID } from 'node:crypto';
import axios from 'axios';

import { JikoRawClient } from '../support/jikoRawClient';
import { N8n, output, ready, sandboxPost } from './support';

/*
 * The Jiko Trigger in a real n8n: activation subscribes at the sandbox, signed deliveries
 * start the workflow, a replayed event starts nothing, a forged one is refused, deactivation
 * unsubscribes.
 */
interface Subscription {
	id: string;
	url: string;
	events: string[];
}

async function subscriptions(): Promise<Subscription[]> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	const list = await client.get<{ items: Subscription[] }>('/api/v1/subscriptions/', { query: { limit: 100 } });
	return list.data.items;
}

async function fire(eventId: string): Promise<void> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	const res = await client.post('/api/v1/sandbox/webhook/', {
		event_id: eventId,
		event_type: 'transfers.on-us.success',
		payload: { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() },
	});
	expect(res.status).toBe(202);
	await sandboxPost('/_sandbox/webhooks/idle');
}

async function executionsOf(n8n: N8n, workflowId: string): Promise<Array<{ id: string; status: string }>> {
	const page = await n8n.data<{ results: Array<{ id: string; status: string }> }>(
		'get',
		`/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId }))}`,
	);
	return page.results;
}

async function waitForExecutions(n8n: N8n, workflowId: string, count: number) {
	const deadline = Date.now() + 30_000;
	let found = await executionsOf(n8n, workflowId);
	while (found.filter((e) => e.status === 'success').length < count && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 300));
		found = await executionsOf(n8n, workflowId);
	}
	return found;
}

describe('Jiko Trigger in a real n8n', () => {
	it('subscribes on activation, runs once per event, refuses forgeries, unsubscribes on deactivation', async () => {
		const { n8nUrl, credentialId } = ready();
		const n8n = await N8n.login();
		const webhookId = randomUUID();
		const created = await n8n.data<{ id: string; versionId: string }>('post', '/workflows', {
			name: `Jiko trigger ${randomUUID()}`,
			active: false,
			settings: { executionOrder: 'v1' },
			connections: { 'Jiko Trigger': { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
			nodes: [
				{
					id: randomUUID(),
					name: 'Jiko Trigger',
					type: 'n8n-nodes-jiko.jikoTrigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId,
					parameters: { events: ['transfers.on-us.success'] },
					credentials: { jikoApi: { id: credentialId, name: 'Jiko (local sandbox)' } },
				},
				{ id: randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
			],
		});
		const activated = await n8n.data<{ active?: boolean; activeVersionId?: string | null }>('post', `/workflows/${created.id}/activate`, {
			versionId: created.versionId,
		});
		expect(activated.activeVersionId).toBe(created.versionId);

		const webhookUrl = `${n8nUrl}/webhook/${webhookId}/webhook`;
		// n8n activates in the background: the subscription appears shortly after.
		let mine: Subscription[] = [];
		for (const deadline = Date.now() + 20_000; mine.length === 0 && Date.now() < deadline; ) {
			await new Promise((r) => setTimeout(r, 300));
			mine = (await subscriptions()).filter((s) => s.url === webhookUrl);
		}
		expect(mine).toHaveLength(1);
		expect(mine[0].events).toEqual(['transfers.on-us.success']);

		// Jiko delivers the same event twice (a retry): one execution.
		const eventId = randomUUID();
		await fire(eventId);
		await fire(eventId);
		const executions = await waitForExecutions(n8n, created.id, 1);
		await new Promise((r) => setTimeout(r, 1_000));
		expect((await executionsOf(n8n, created.id)).length).toBe(1);
		expect(executions[0].status).toBe('success');
		const run = await n8n.execution(executions[0].id);
		expect(output(run, 'Jiko Trigger')).toEqual([
			expect.objectContaining({ event_id: eventId, event_type: 'transfers.on-us.success', subscription_id: mine[0].id }),
		]);
		// The subscription's secret lives in the workflow's static data, never in execution data.
		const workflow = await n8n.data<{ staticData?: unknown }>('get', `/workflows/${created.id}`);
		const staticText = typeof workflow.staticData === 'string' ? workflow.staticData : JSON.stringify(workflow.staticData ?? {});
		const secret = /"deliverySecret":"([^"]+)"/.exec(staticText)?.[1] ?? '';
		expect(secret.length).toBeGreaterThanOrEqual(32);
		expect(run.raw).not.toContain(secret);

		// A delivery signed with another secret is refused and starts nothing.
		const forged = JSON.stringify({ event_id: randomUUID(), event_type: 'transfers.on-us.success', payload: {} });
		const answer = await axios.post(webhookUrl, forged, {
			headers: {
				'content-type': 'application/json',
				'x-jiko-signature': createHmac('sha256', 'not-the-subscription-secret').update(forged).digest('base64'),
			},
			validateStatus: () => true,
		});
		expect(answer.status).toBe(401);
		await new Promise((r) => setTimeout(r, 1_000));
		expect((await executionsOf(n8n, created.id)).length).toBe(1);

		// A new event runs again.
		await fire(randomUUID());
		expect((await waitForExecutions(n8n, created.id, 2)).length).toBe(2);

		await n8n.data('post', `/workflows/${created.id}/deactivate`, {});
		for (const deadline = Date.now() + 20_000; mine.length > 0 && Date.now() < deadline; ) {
			await new Promise((r) => setTimeout(r, 300));
			mine = (await subscriptions()).filter((s) => s.url === webhookUrl);
		}
		expect(mine).toHaveLength(0);
	});
});
