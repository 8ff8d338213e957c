import { createHmac, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { N8n, output, ready } from '../support';
import {
	createTriggerWorkflow,
	deliver,
	eventBody,
	executionsOf,
	pool,
	post,
	settledExecutions,
	signature,
	type TriggerWorkflow,
} from '../triggerSupport';
import { restartEveryN8nProcess, n8nLog, workerThatRan } from './queueSupport';

/*
 * The Jiko Trigger on n8n's distributed engine: PostgreSQL, Redis, n8n main, one webhook
 * process, two workers, the package installed once as a community package. Deliveries are
 * signed with the secret Jiko holds and sent straight to the webhook process and to the main
 * (both receive production webhooks); executions are counted with n8n's own API.
 */
let n8n: N8n;
let wf: TriggerWorkflow;
let main: string;
let webhook: string;
/** Bodies of events n8n accepted (for the replays after the restart). */
const accepted: string[] = [];

/** Sends like Jiko: what was not taken yet (503, no answer) is sent again, a little later. */
async function deliverLikeJiko(baseUrl: string, body: string): Promise<{ status: number; retries: number }> {
	for (let attempt = 0; ; attempt++) {
		const answer = await deliver(baseUrl, wf, body).catch(() => ({ status: 0, data: {} }));
		if (![0, 429, 500, 502, 503, 504].includes(answer.status) || attempt >= 5) return { status: answer.status, retries: attempt };
		await new Promise((r) => setTimeout(r, 1_000 * (attempt + 1)));
	}
}

beforeAll(async () => {
	n8n = await N8n.login();
	({ n8nUrl: main, webhookUrl: webhook } = ready());
	wf = await createTriggerWorkflow(n8n, `Jiko trigger (queue mode) ${randomUUID()}`);
});

describe('Jiko Trigger on n8n queue mode', () => {
	it('the package loads in every n8n process; a signed delivery to the webhook process runs on a worker', async () => {
		for (const name of ['n8n', 'n8n-webhook', 'n8n-worker-1', 'n8n-worker-2']) {
			const problems = n8nLog(name)
				.split('\n')
				.filter((line) => /n8n-nodes-jiko|JikoApi|Jiko\.node|JikoTrigger/.test(line) && /error|fail|could not|unable/i.test(line));
			expect({ name, problems }).toEqual({ name, problems: [] });
		}
		const body = eventBody(randomUUID());
		expect((await deliver(webhook, wf, body)).status).toBe(200);
		accepted.push(body);
		const [execution] = await settledExecutions(n8n, wf.id, 1);
		expect(execution.status).toBe('success');
		expect(workerThatRan(execution.id)).toMatch(/^n8n-worker-[12]$/);
		const run = await n8n.execution(execution.id);
		expect(output(run, 'Jiko Trigger')[0]).toMatchObject({ event_id: JSON.parse(body).event_id, subscription_id: wf.subscriptionId });
	});

	it('50 copies of one signed event sent at once over the webhook process and the main → 1 execution', async () => {
		const before = (await executionsOf(n8n, wf.id)).length;
		const body = eventBody(randomUUID());
		const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => deliverLikeJiko(i % 2 ? main : webhook, body)));
		expect(answers.every((a) => a.status === 200)).toBe(true);
		accepted.push(body);
		const after = await settledExecutions(n8n, wf.id, before + 1);
		expect(after.length - before).toBe(1);
	});

	it('1,000 distinct events over both processes → 1,000 executions, none lost, none twice', async () => {
		const before = new Set((await executionsOf(n8n, wf.id)).map((e) => e.id));
		const bodies = Array.from({ length: 1_000 }, () => eventBody(randomUUID()));
		const started = Date.now();
		const answers = await pool(bodies.length, 16, (i) => deliverLikeJiko(i % 2 ? main : webhook, bodies[i]));
		const retries = answers.reduce((sum, a) => sum + a.retries, 0);
		const delivered = Math.round((Date.now() - started) / 1000);
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		accepted.push(...bodies);
		const all = await settledExecutions(n8n, wf.id, before.size + 1_000, 300_000);
		const fresh = all.filter((e) => !before.has(String(e.id)));
		expect(fresh).toHaveLength(1_000);
		expect(fresh.filter((e) => e.status !== 'success')).toEqual([]);
		// Every event ran exactly once: read each execution's event id.
		const ids = await pool(fresh.length, 8, async (i) => String(output(await n8n.execution(fresh[i].id), 'Jiko Trigger')[0].event_id));
		expect(new Set(ids).size).toBe(1_000);
		expect(new Set(ids)).toEqual(new Set(bodies.map((b) => JSON.parse(b).event_id as string)));
		process.stdout.write(`queue: 1,000 events delivered in ${delivered} s (${retries} resends after a 503), run and checked in ${Math.round((Date.now() - started) / 1000)} s\n`);
	});

	it('signed garbage → 4xx with a reason, 0 executions, one log line each and no error', async () => {
		const before = (await executionsOf(n8n, wf.id)).length;
		const signed = (text: string) => ({ 'x-jiko-signature': signature(wf.secret, text) });
		const garbage: Array<[string, string, Record<string, string>]> = [
			['empty body', '', { 'content-type': 'application/json' }],
			['null', 'null', {}],
			['[]', '[]', {}],
			['non-JSON text (text/plain)', 'event 42 happened', { 'content-type': 'text/plain' }],
			['non-JSON text (application/json)', 'event 42 happened', {}],
			['number event_id', JSON.stringify({ event_id: 42, event_type: 'transfers.on-us.success', timestamp: new Date().toISOString(), payload: {} }), {}],
			['object event_id', JSON.stringify({ event_id: { id: 1 }, event_type: 'transfers.on-us.success', timestamp: new Date().toISOString(), payload: {} }), {}],
			['too old', eventBody(randomUUID(), { timestamp: new Date(Date.now() - 3 * 3600_000).toISOString() }), {}],
		];
		for (const base of [webhook, main]) {
			for (const [name, text, headers] of garbage) {
				const answer = await post(base, wf.path, text, { ...signed(text), ...headers });
				expect({ name, status: answer.status }).toEqual({ name, status: expect.any(Number) });
				expect({ name, client: answer.status >= 400 && answer.status < 500 }).toEqual({ name, client: true });
			}
		}
		await new Promise((r) => setTimeout(r, 3_000));
		expect((await executionsOf(n8n, wf.id)).length).toBe(before);
		for (const name of ['n8n', 'n8n-webhook']) {
			const log = n8nLog(name);
			expect(log).not.toMatch(/TypeError|Cannot read properties/);
			expect(log).toMatch(/Jiko Trigger "Jiko Trigger": refused a delivery \(400\)/);
		}
	});

	it('a reader of the stored workflow (the editor API, the static data) cannot forge a delivery', async () => {
		const before = (await executionsOf(n8n, wf.id)).length;
		const stored = await n8n.data<Record<string, unknown>>('get', `/workflows/${wf.id}`);
		const text = JSON.stringify(stored);
		expect(text).not.toContain(wf.secret);
		expect(text).not.toContain('sandbox-shared-secret-0001');
		// Every string the attacker sees, and every HMAC of the obvious inputs keyed by one of them.
		const strings = new Set<string>();
		const walk = (value: unknown): void => {
			if (typeof value === 'string') strings.add(value);
			else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
		};
		walk(stored);
		walk(typeof stored.staticData === 'string' ? JSON.parse(stored.staticData) : stored.staticData);
		const candidates = new Set<string>(strings);
		const state = JSON.stringify(stored.staticData ?? {});
		const nonce = /"secretNonce":"([^"]+)"/.exec(state)?.[1];
		expect(nonce).toBeDefined();
		for (const key of strings) {
			candidates.add(createHmac('sha256', key).update(`jiko-trigger:v1:${wf.id}:${wf.nodeId}:${nonce}`).digest('base64url'));
		}
		const body = eventBody(randomUUID());
		const answers = await pool([...candidates].length, 8, async (i) => (await post(webhook, wf.path, body, { 'x-jiko-signature': signature([...candidates][i], body) })).status);
		expect(new Set(answers)).toEqual(new Set([401]));
		expect((await executionsOf(n8n, wf.id)).length).toBe(before);
	});

	it('after a restart of every n8n process: 100 replays of accepted events → 0 executions; a new event still runs', async () => {
		expect(accepted.length).toBeGreaterThanOrEqual(100);
		await restartEveryN8nProcess();
		const before = (await executionsOf(n8n, wf.id)).length;
		const replays = accepted.slice(0, 100);
		const answers = await pool(replays.length, 10, (i) => deliverLikeJiko(i % 2 ? main : webhook, replays[i]));
		expect(answers.filter((a) => a.status !== 200)).toEqual([]);
		await new Promise((r) => setTimeout(r, 5_000));
		expect((await executionsOf(n8n, wf.id)).length).toBe(before);

		const body = eventBody(randomUUID());
		expect((await deliverLikeJiko(webhook, body)).status).toBe(200);
		expect((await settledExecutions(n8n, wf.id, before + 1)).length).toBe(before + 1);
		// what the webhook process logged for the replays: nothing but success lines
		expect(readFileSync(join(ready().dataDir, 'n8n-webhook.log'), 'utf8')).not.toMatch(/TypeError/);
	});
});
