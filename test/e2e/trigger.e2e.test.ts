import { randomUUID } from 'node:crypto';

import { JikoRawClient } from '../support/jikoRawClient';
import { N8n, output, ready, sandboxPost } from './support';
import {
	EVENT_TYPE,
	createTriggerWorkflow,
	deliver,
	eventBody,
	executionsOf,
	jikoSubscriptions,
	post,
	sandboxSubscriptions,
	settledExecutions,
	signature,
} from './triggerSupport';

/*
 * The Jiko Trigger in a real n8n (one process): activation subscribes at the sandbox with a
 * secret only the credential can derive, signed deliveries start the workflow once per event,
 * forgeries and signed garbage are refused without an execution, deactivation unsubscribes.
 * The queue-mode suite (jest.queue.config.js) runs the same trigger across processes.
 */
async function fire(eventId: string): Promise<void> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	const res = await client.post('/api/v1/sandbox/webhook/', {
		event_id: eventId,
		event_type: EVENT_TYPE,
		payload: { on_us_id: randomUUID(), origin_account_id: randomUUID(), destination_account_id: randomUUID() },
	});
	expect(res.status).toBe(202);
	await sandboxPost('/_sandbox/webhooks/idle');
}

describe('Jiko Trigger in a real n8n', () => {
	it('subscribes on activation, runs once per event, refuses forgeries and garbage, unsubscribes on deactivation', async () => {
		const n8n = await N8n.login();
		const wf = await createTriggerWorkflow(n8n);
		const url = `${ready().webhookUrl}${wf.path}`;
		const [subscription] = sandboxSubscriptions().filter((s) => s.url === url);
		expect(subscription.events).toEqual([EVENT_TYPE]);
		expect(subscription.retryPolicy).toMatchObject({ maximum_attempts: expect.any(Number), retry_on_status_codes: expect.arrayContaining([503]) });

		// Jiko delivers the same event twice (a retry): one execution.
		const eventId = randomUUID();
		await fire(eventId);
		await fire(eventId);
		const executions = await settledExecutions(n8n, wf.id, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const run = await n8n.execution(executions[0].id);
		expect(output(run, 'Jiko Trigger')).toEqual([expect.objectContaining({ event_id: eventId, event_type: EVENT_TYPE, subscription_id: wf.subscriptionId })]);

		// The subscription's secret is stored nowhere in n8n: not in the workflow, not in the run.
		const stored = JSON.stringify(await n8n.data('get', `/workflows/${wf.id}`));
		expect(stored).toMatch(/secretNonce/);
		expect(stored).not.toContain(wf.secret);
		expect(run.raw).not.toContain(wf.secret);

		// Forged (another secret) → 401; signed garbage → 4xx; too old → 422: no execution.
		const forged = eventBody(randomUUID());
		expect((await post(ready().webhookUrl, wf.path, forged, { 'x-jiko-signature': signature('not-the-subscription-secret', forged) })).status).toBe(401);
		for (const text of ['', 'null', '[]', 'not json', JSON.stringify({ event_id: 7, event_type: EVENT_TYPE, timestamp: new Date().toISOString() })]) {
			const answer = await post(ready().webhookUrl, wf.path, text, { 'x-jiko-signature': signature(wf.secret, text), ...(text === 'not json' ? { 'content-type': 'text/plain' } : {}) });
			expect({ text, client: answer.status >= 400 && answer.status < 500 }).toEqual({ text, client: true });
		}
		const old = eventBody(randomUUID(), { timestamp: new Date(Date.now() - 2 * 3600_000).toISOString() });
		expect((await deliver(ready().webhookUrl, wf, old)).status).toBe(422);
		await new Promise((r) => setTimeout(r, 1_000));
		expect(await executionsOf(n8n, wf.id)).toHaveLength(1);

		// A new event runs again.
		await fire(randomUUID());
		expect(await settledExecutions(n8n, wf.id, 2)).toHaveLength(2);

		await n8n.data('post', `/workflows/${wf.id}/deactivate`, {});
		let mine = await jikoSubscriptions();
		for (const deadline = Date.now() + 20_000; mine.some((s) => s.url === url) && Date.now() < deadline; ) {
			await new Promise((r) => setTimeout(r, 300));
			mine = await jikoSubscriptions();
		}
		expect(mine.filter((s) => s.url === url)).toHaveLength(0);
	});
});
