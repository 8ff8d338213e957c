import { randomUUID } from 'node:crypto';
import axios from 'axios';

import { DEMO_IDS } from '../../../sandbox/seed';
import { JikoRawClient } from '../../support/jikoRawClient';
import { N8n, balances, logins, output, ready, sandboxGet, sandboxPost } from '../support';
import { activate, deliver, eventBody, executionsOf, settledExecutions, type TriggerWorkflow } from '../triggerSupport';
import { waitUntil, workerThatRan } from './queueSupport';

/*
 * Money on n8n's distributed engine: the event-driven example under duplicated deliveries, the
 * credential under two workers' load with tokens expiring mid-run, and a worker killed in the
 * middle of a keyed transfer batch. Assertions are on the sandbox's ledger.
 */
const EXAMPLE = 'Jiko: set aside part of every ACH deposit (keyed by event_id)';
const SET_ASIDE_CENTS = 2500; // the example's setting
const { ada, grace } = DEMO_IDS.customers;

interface LedgerOnUs {
	id: string;
	status: string;
	transfer: { transfer_id?: string; description?: string; from_account?: { id: string } };
}

async function onUsLedger(): Promise<LedgerOnUs[]> {
	return (await sandboxGet<{ onUs: LedgerOnUs[] }>('/_sandbox/ledger')).onUs;
}

let n8n: N8n;
beforeAll(async () => {
	n8n = await N8n.login();
});

describe('event-driven money on n8n queue mode', () => {
	it('the example "Jiko Trigger → on-us transfer keyed by event_id" moves money once under 20 duplicated deliveries, and once more workflow receiving it', async () => {
		const { workflows, n8nUrl: main, webhookUrl: webhook, sandboxUrl } = ready();
		const workflowId = workflows[EXAMPLE];
		expect(workflowId).toBeDefined();
		const stored = await n8n.data<{ versionId: string; nodes: Array<{ id: string; type: string; webhookId?: string }> }>('get', `/workflows/${workflowId}`);
		const trigger = stored.nodes.find((node) => node.type === 'n8n-nodes-jiko.jikoTrigger');
		if (!trigger?.webhookId) throw new Error('the example has no Jiko Trigger');
		const { secret, subscriptionId } = await activate(n8n, workflowId, stored.versionId, trigger.webhookId);
		const example: TriggerWorkflow = { id: workflowId, webhookId: trigger.webhookId, nodeId: trigger.id, path: `/webhook/${trigger.webhookId}/webhook`, subscriptionId, secret };

		const before = await balances();
		const eventId = randomUUID();
		const body = eventBody(eventId, { event_type: 'transfers.ach.in.success', payload: { jiko_account_id: ada.pockets.main } });
		// 20 deliveries of one event: 10 by Jiko itself (its Trigger Webhook, to the address it
		// holds: the webhook process), 10 resends of the same bytes to the webhook process and the main.
		const jiko = new JikoRawClient(sandboxUrl);
		await jiko.login();
		const answers = await Promise.all([
			...Array.from({ length: 10 }, async () => (await jiko.post('/api/v1/sandbox/webhook/', JSON.parse(body))).status),
			...Array.from({ length: 10 }, async (_, i) => (await deliver(i % 2 ? main : webhook, example, body)).status),
		]);
		expect(answers.slice(0, 10)).toEqual(Array(10).fill(202));
		expect(answers.slice(10)).toEqual(Array(10).fill(200));
		await sandboxPost('/_sandbox/webhooks/idle');
		const executions = await settledExecutions(n8n, workflowId, 1);
		expect(executions).toHaveLength(1);
		expect(executions[0].status).toBe('success');
		const run = await n8n.execution(executions[0].id);
		expect(output(run, 'Move the set-aside to the reserve')[0]).toMatchObject({ outcome: 'created', requested_amount_cents: SET_ASIDE_CENTS });
		let mine = (await onUsLedger()).filter((t) => String(t.transfer.description).includes(eventId));
		expect(mine).toHaveLength(1);
		let after = await balances();
		expect(after[ada.pockets.main].cash).toBe(before[ada.pockets.main].cash - SET_ASIDE_CENTS);
		expect(after[ada.pockets.reserve].cash).toBe(before[ada.pockets.reserve].cash + SET_ASIDE_CENTS);

		// The same event reaches a second workflow (a copy with its own subscription): it runs
		// there too — and the transfer keyed by the event is found, not made again.
		const copy = { ...(await n8n.data<Record<string, unknown>>('get', `/workflows/${workflowId}`)) };
		const copyTrigger = { ...trigger, id: randomUUID(), webhookId: randomUUID() };
		const nodes = (copy.nodes as Array<{ type: string }>).map((node) => (node.type === 'n8n-nodes-jiko.jikoTrigger' ? { ...node, ...copyTrigger } : node));
		const created = await n8n.data<{ id: string; versionId: string }>('post', '/workflows', {
			name: `${EXAMPLE} (copy ${randomUUID()})`,
			nodes,
			connections: copy.connections,
			settings: copy.settings,
			active: false,
		});
		const second = await activate(n8n, created.id, created.versionId, copyTrigger.webhookId);
		const copyWf: TriggerWorkflow = { id: created.id, webhookId: copyTrigger.webhookId, nodeId: copyTrigger.id, path: `/webhook/${copyTrigger.webhookId}/webhook`, ...second };
		expect((await deliver(webhook, copyWf, body)).status).toBe(200);
		const copyRuns = await settledExecutions(n8n, created.id, 1);
		expect(copyRuns).toHaveLength(1);
		const copyRun = await n8n.execution(copyRuns[0].id);
		expect(output(copyRun, 'Move the set-aside to the reserve')[0]).toMatchObject({ outcome: 'existing', transfer_id: mine[0].transfer.transfer_id ?? mine[0].id });
		mine = (await onUsLedger()).filter((t) => String(t.transfer.description).includes(eventId));
		expect(mine).toHaveLength(1);
		after = await balances();
		expect(after[ada.pockets.main].cash).toBe(before[ada.pockets.main].cash - SET_ASIDE_CENTS);

		for (const id of [workflowId, created.id]) await n8n.data('post', `/workflows/${id}/deactivate`, {});
		expect((await executionsOf(n8n, workflowId)).length).toBe(1);
	});
});

function itemsWorkflow(name: string, count: number, code: string, jikoNode: Record<string, unknown>) {
	return {
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Jiko', type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: randomUUID(), name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: code.replace('COUNT', String(count)) } },
			{ id: randomUUID(), name: 'Jiko', type: 'n8n-nodes-jiko.jiko', typeVersion: 1, position: [440, 0], credentials: { jikoApi: { id: ready().credentialId, name: 'Jiko (local sandbox)' } }, ...jikoNode },
		],
	};
}

async function requests(): Promise<number> {
	return (await sandboxGet<{ requests: number }>('/_sandbox/stats')).requests;
}

describe('the Jiko credential under two workers', () => {
	it('two workers, 500 items each at the same time: ≤ 3 logins per token lifetime; tokens expired mid-run fail no item', async () => {
		const id = await n8n.createWorkflow(
			itemsWorkflow(`Jiko 500 customers ${randomUUID()}`, 500, 'return Array.from({ length: COUNT }, (_, i) => ({ json: { i } }));', {
				parameters: { resource: 'customer', operation: 'get', customerId: grace.id },
			}),
		);
		const loginsAtStart = await logins();
		const requestsAtStart = await requests();
		const started = await Promise.all([0, 1].map(() => n8n.data<{ executionId: string }>('post', `/workflows/${id}/run`, { triggerToStartFrom: { name: 'Start' } })));
		// Mid-run: once 400 of the 1,000 customer reads went through, every token expires.
		await waitUntil('400 requests of the run', 180_000, async () => (await requests()) - requestsAtStart >= 400);
		const loginsAtExpiry = await logins();
		await sandboxPost('/_sandbox/tokens/expire');
		const runs = await Promise.all(started.map((s) => n8n.execution(s.executionId, 300_000)));
		const loginsAtEnd = await logins();
		for (const run of runs) {
			expect(run.status).toBe('success');
			const items = output(run, 'Jiko');
			expect(items).toHaveLength(500);
			expect(items.filter((item) => item.error !== undefined || item.id !== grace.id)).toEqual([]);
		}
		const where = started.map((s) => workerThatRan(s.executionId));
		expect(new Set(where).size).toBe(2); // one run on each worker
		expect(loginsAtExpiry - loginsAtStart).toBeLessThanOrEqual(3);
		expect(loginsAtEnd - loginsAtExpiry).toBeLessThanOrEqual(3);
		expect(loginsAtEnd - loginsAtExpiry).toBeGreaterThanOrEqual(1); // the expiry was noticed mid-run
		process.stdout.write(`queue: 2×500 items on ${where.join(' + ')}: logins ${loginsAtExpiry - loginsAtStart} before the expiry, ${loginsAtEnd - loginsAtExpiry} after\n`);
	});
});

describe('a worker killed in the middle of a keyed transfer batch', () => {
	it('SIGKILL mid-run, the execution run again: 200 transfers, 0 duplicates, 0 lost', async () => {
		const batch = `kill-${randomUUID().slice(0, 8)}`;
		// Where the sandbox can, a repeated transfer id moves money again: only the node's own
		// look-up before a send may stop a duplicate then.
		await axios.put(`${ready().sandboxUrl}/_sandbox/config`, { assumptions: { duplicateTransferId: 'execute-again' } }, { validateStatus: () => true });
		const id = await n8n.createWorkflow(
			itemsWorkflow(`Jiko keyed batch ${batch}`, 200, `return Array.from({ length: COUNT }, (_, i) => ({ json: { key: '${batch}-' + i } }));`, {
				parameters: {
					resource: 'onUsTransfer',
					operation: 'create',
					transferType: 'INTERNAL_REALLOCATION',
					customerId: ada.id,
					fromPocketId: { __rl: true, mode: 'id', value: ada.pockets.main },
					toPocketId: { __rl: true, mode: 'id', value: ada.pockets.reserve },
					amountType: 'REQUESTED_AMOUNT',
					amountInCents: true,
					amount: 1,
					businessKey: '={{ $json.key }}',
					transferDescription: '={{ $json.key }}',
					asyncMode: false,
					options: {},
				},
			}),
		);
		const mine = async () => (await onUsLedger()).filter((t) => String(t.transfer.description).startsWith(`${batch}-`));
		const before = await balances();
		const { executionId } = await n8n.data<{ executionId: string }>('post', `/workflows/${id}/run`, { triggerToStartFrom: { name: 'Start' } });
		await waitUntil('40 transfers of the batch', 120_000, async () => (await mine()).length >= 40);
		const worker = workerThatRan(executionId);
		expect(worker).toBeDefined();
		const pid = ready().queue?.processes.workers[Number(String(worker).slice(-1)) - 1] as number;
		process.kill(pid, 'SIGKILL');
		const doneAtKill = (await mine()).length;
		expect(doneAtKill).toBeLessThan(200);

		// n8n marks the execution crashed (its worker is gone); then it is run again.
		await waitUntil('the killed execution to end', 300_000, async () => !['new', 'running', 'waiting'].includes((await n8n.data<{ status: string }>('get', `/executions/${executionId}`)).status));
		const crashed = await n8n.data<{ status: string }>('get', `/executions/${executionId}`);
		const retried = await n8n.http.post(`/executions/${executionId}/retry`, { loadWorkflow: false }, { validateStatus: () => true });
		let again: string;
		if (retried.status === 200 && retried.data?.data) {
			// n8n answers once the retry finished; its id is the newest execution of the workflow
			await waitUntil('the retry to finish', 300_000, async () => (await executionsOf(n8n, id)).filter((e) => e.status === 'success').length >= 1);
			again = (await executionsOf(n8n, id)).find((e) => e.status === 'success')?.id as string;
		} else {
			again = (await n8n.data<{ executionId: string }>('post', `/workflows/${id}/run`, { triggerToStartFrom: { name: 'Start' } })).executionId;
		}
		const rerun = await n8n.execution(again, 300_000);
		expect(rerun.status).toBe('success');
		const outcomes = output(rerun, 'Jiko').map((item) => String(item.outcome));
		expect(outcomes).toHaveLength(200);

		const transfers = await mine();
		const keys = transfers.map((t) => String(t.transfer.description));
		expect(new Set(keys).size).toBe(200); // 0 lost
		expect(transfers).toHaveLength(200); // 0 duplicates
		const after = await balances();
		expect(before[ada.pockets.main].cash - after[ada.pockets.main].cash).toBe(200);
		expect(outcomes.filter((o) => o === 'existing').length).toBeGreaterThanOrEqual(doneAtKill);
		process.stdout.write(
			`queue: worker killed after ${doneAtKill} of 200 transfers (execution ${crashed.status}); run again via ${retried.status === 200 ? 'Retry' : `a new run (Retry answered ${retried.status}: ${JSON.stringify(retried.data).slice(0, 160)})`}: ${outcomes.filter((o) => o === 'existing').length} existing, ${outcomes.filter((o) => o === 'created').length} created\n`,
		);
		await axios.put(`${ready().sandboxUrl}/_sandbox/config`, { assumptions: { duplicateTransferId: 'conflict' } }, { validateStatus: () => true });
	});
});
