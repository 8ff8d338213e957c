import { randomUUID } from 'node:crypto';

import { JikoTrigger } from '../../nodes/JikoTrigger/JikoTrigger.node';
import { claimKey, deriveDeliverySecret, retryPolicyFor, ACCEPT_MINUTES } from '../../nodes/JikoTrigger/delivery';
import { type RunningSandbox } from '../../sandbox/server';
import { jikoCredentials } from '../support/harness';
import { startReplayProxy, type ReplayProxy } from '../support/replayProxy';
import { NODE_ID, TriggerRig, WORKFLOW_ID, envelope, newProcess, sign, type Answer } from '../support/triggerHarness';
import { openSandbox, useSandbox } from '../support/sandbox';

/*
 * The Jiko Trigger through n8n-core's HookContext and WebhookContext, against the local sandbox.
 * Several "processes" (fresh copies of the node module) receive deliveries: only what they share
 * — Jiko — can stop a copy that reached another process.
 */
const CREDENTIAL_SECRET = 'sandbox-shared-secret-0001';

const sandbox = useSandbox();
let sb: RunningSandbox;
beforeAll(() => {
	sb = sandbox.get();
});

function subscriptionsAt(url: string) {
	return Object.values(sb.state.data.subscriptions).filter((s) => s.url === url);
}

function state(rig: TriggerRig): Record<string, unknown> {
	return (rig.staticData['node:Jiko Trigger'] ?? {}) as Record<string, unknown>;
}

/** The delivery secret, computed as Jiko's side knows it: from the credential's secret. */
function secretOf(rig: TriggerRig): string {
	return deriveDeliverySecret(CREDENTIAL_SECRET, WORKFLOW_ID, NODE_ID, String(state(rig).secretNonce));
}

async function activeRig(baseUrl = sb.url, parameters = {}): Promise<TriggerRig> {
	const rig = new TriggerRig(jikoCredentials(baseUrl), parameters);
	expect(await rig.activate()).toBe('created');
	return rig;
}

function signedDelivery(rig: TriggerRig, body: Buffer) {
	return { 'content-type': 'application/json', 'x-jiko-signature': sign(secretOf(rig), body) };
}

const started = (answers: Answer[]) => answers.filter((a) => a.started).length;

describe('Jiko Trigger activation', () => {
	it('subscribes with a secret derived from the credential, a retry policy inside the window, and keeps no secret', async () => {
		const rig = await activeRig(sb.url, { acceptMinutes: 30 });
		const [subscription] = subscriptionsAt(rig.webhookUrl());
		expect(subscription).toBeDefined();
		expect(subscription.sharedSecret).toBe(secretOf(rig));
		expect(subscription.retryPolicy).toEqual(retryPolicyFor(30));
		const kept = JSON.stringify(rig.staticData);
		expect(kept).not.toContain(subscription.sharedSecret);
		expect(kept).not.toContain(CREDENTIAL_SECRET);
		expect(state(rig)).toMatchObject({ subscriptionId: subscription.id, acceptMinutes: 30, duplicateCheck: 'jiko', repeated: 409 });
		// n8n restarts: the subscription is found, nothing is re-created
		expect(await rig.activate()).toBe('existed');
		await rig.deactivate();
		expect(subscriptionsAt(rig.webhookUrl())).toHaveLength(0);
		expect(rig.staticData['node:Jiko Trigger']).toEqual({});
	});

	it('re-subscribes a workflow activated by the older version (its secret was stored) and deletes that subscription', async () => {
		const rig = await activeRig();
		const old = subscriptionsAt(rig.webhookUrl())[0];
		const legacy = state(rig);
		for (const key of Object.keys(legacy)) delete legacy[key];
		Object.assign(legacy, { subscriptionId: old.id, deliverySecret: 'an-old-secret-kept-in-static-data', seenEventIds: ['e1'] });
		expect(await rig.activate()).toBe('created');
		const now = subscriptionsAt(rig.webhookUrl());
		expect(now).toHaveLength(1);
		expect(now[0].id).not.toBe(old.id);
		expect(state(rig).deliverySecret).toBeUndefined();
		expect(state(rig).seenEventIds).toBeUndefined();
		await rig.deactivate();
	});

	it("re-subscribes when the credential's Shared Secret changed (deliveries would no longer verify)", async () => {
		const rig = await activeRig();
		const before = subscriptionsAt(rig.webhookUrl())[0].id;
		// (The sandbox checks request signatures with one fixed secret, so the rotation is
		// simulated on the fingerprint the trigger compares against.)
		expect(await rig.activate()).toBe('existed');
		state(rig).secretFingerprint = '0000000000000000';
		expect(await rig.activate()).toBe('created');
		expect(subscriptionsAt(rig.webhookUrl()).map((s) => s.id)).not.toContain(before);
		await rig.deactivate();
	});

	it('re-subscribes when Accept Events For changed (the retry policy depends on it)', async () => {
		const rig = await activeRig();
		rig.parameters.acceptMinutes = 20;
		expect(await rig.activate()).toBe('created');
		expect(subscriptionsAt(rig.webhookUrl())[0].retryPolicy).toEqual(retryPolicyFor(20));
		await rig.deactivate();
	});

	it("refuses to activate, saying what the user gets instead, when a replaying Jiko does not echo the offset; activates with the process-only check", async () => {
		const odd = await openSandbox({ assumptions: { repeatedKey: 'replay', eventTypesOffset: 'ignore' } });
		try {
			const rig = new TriggerRig(jikoCredentials(odd.url));
			const refused = rig.activate();
			await expect(refused).rejects.toThrow(/repeated-request check cannot be used/);
			const error = (await refused.catch((e: unknown) => e)) as { description?: string };
			expect(error.description).toMatch(/does not echo the offset/);
			expect(error.description).toMatch(/Jiko Poll Trigger/);
			expect(error.description).toMatch(/This Process Only/);
			expect(Object.values(odd.state.data.subscriptions).filter((s) => s.url === rig.webhookUrl())).toHaveLength(0);
			rig.parameters.options = { duplicateCheck: 'process' };
			expect(await rig.activate()).toBe('created');
			expect(state(rig).duplicateCheck).toBe('process');
			await rig.deactivate();
		} finally {
			await odd.close();
		}
	});

	it("an activation whose subscription answer was lost leaves no second subscription: the next activation deletes Jiko's orphan", async () => {
		let dropNextCreate = true;
		const proxy = await startReplayProxy(sb.url, {
			replay: false,
			fault: (path, method) => {
				if (path !== '/api/v1/subscriptions/' || method !== 'POST' || !dropNextCreate) return undefined;
				dropNextCreate = false;
				return 'drop-answer';
			},
		});
		try {
			const rig = new TriggerRig(jikoCredentials(proxy.url));
			await expect(rig.activate()).rejects.toThrow();
			expect(subscriptionsAt(rig.webhookUrl())).toHaveLength(1); // Jiko made it; n8n never heard
			expect(await rig.activate()).toBe('created');
			const left = subscriptionsAt(rig.webhookUrl());
			expect(left).toHaveLength(1);
			expect(left[0].id).toBe(state(rig).subscriptionId);
			await rig.deactivate();
			expect(subscriptionsAt(rig.webhookUrl())).toHaveLength(0);
		} finally {
			await proxy.close();
		}
	});

	it("a subscription Jiko refuses with a 422 echoing the body: the activation error does not carry the delivery secret", async () => {
		const proxy = await startReplayProxy(sb.url, {
			replay: false,
			fault: (path, method) => (path === '/api/v1/subscriptions/' && method === 'POST' ? 'refuse-echoing-input' : undefined),
		});
		try {
			const rig = new TriggerRig(jikoCredentials(proxy.url));
			const error = (await rig.activate().then(() => undefined, (thrown: unknown) => thrown)) as Record<string, unknown> & Error;
			expect(error).toBeInstanceOf(Error);
			const everything = JSON.stringify({ ...error, message: error.message, stack: error.stack, description: error.description });
			expect(everything).toContain('[redacted]');
			// The secret a delivery would be signed with: derived from the credential, never shown.
			expect(everything).toMatch(/shared_secret/); // Jiko's echo reached the error...
			expect(everything).not.toMatch(/shared_secret[\\"]*:[\\"]*(?!\[redacted\])[A-Za-z0-9_-]{20,}/); // ...not its value
			expect(everything).not.toContain(CREDENTIAL_SECRET);
		} finally {
			await proxy.close();
		}
	});

	it('declares the window field with the documented default and bounds', () => {
		const field = new JikoTrigger().description.properties.find((p) => p.name === 'acceptMinutes');
		expect(field).toMatchObject({ default: ACCEPT_MINUTES.default, typeOptions: { minValue: ACCEPT_MINUTES.min, maxValue: ACCEPT_MINUTES.max } });
	});
});

/*
 * Every reading of Jiko's repeated-request check the claim depends on (sandbox switches
 * repeatedKey, repeatedKeyStatus, eventTypesOffset): what activation measured is what the
 * claim reads, with no status assumed.
 */
describe.each([
	['Jiko refuses a repeated key (409)', {}, 409],
	['Jiko refuses a repeated key with 422', { repeatedKeyStatus: 422 }, 422],
	['Jiko refuses a repeated key and events/types ignores offset', { eventTypesOffset: 'ignore' as const }, 409],
	['Jiko replays the first answer to a repeated key', { repeatedKey: 'replay' as const }, 'replay'],
])('Jiko Trigger deliveries — %s', (_name, assumptions, repeated) => {
	let jiko: RunningSandbox;
	let rig: TriggerRig;

	beforeAll(async () => {
		jiko = await openSandbox({ assumptions });
		rig = await activeRig(jiko.url);
		expect(state(rig).repeated).toBe(repeated);
	});
	afterAll(async () => {
		await rig.deactivate();
		await jiko.close();
	});

	it('starts the workflow once for a signed event, with the event as the item', async () => {
		const eventId = randomUUID();
		const body = envelope(eventId);
		const process = newProcess();
		const first = await rig.deliver(process, body, signedDelivery(rig, body));
		expect(first.started).toBe(true);
		expect(first.items).toEqual([expect.objectContaining({ event_id: eventId, event_type: 'transfers.on-us.success', payload: expect.any(Object) })]);
		// the same process again: its own memory answers
		expect(await rig.deliver(process, body, signedDelivery(rig, body))).toMatchObject({ started: false, status: 200 });
	});

	it('a copy reaching another process, or the same process after a restart, starts nothing', async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		expect((await rig.deliver(newProcess(), body, headers)).started).toBe(true);
		const again = await Promise.all(Array.from({ length: 10 }, () => rig.deliver(newProcess(), body, headers)));
		expect(started(again)).toBe(0);
		for (const answer of again) expect(answer).toMatchObject({ status: 200, body: { detail: 'Event already received' } });
		if (repeated === 'replay') expect(jiko.state.stats.replayed).toBeGreaterThan(0);
	});

	it('30 copies sent at once to 6 processes: exactly one starts the workflow', async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		const processes = Array.from({ length: 6 }, () => newProcess());
		const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => rig.deliver(processes[i % 6], body, headers)));
		expect(started(answers)).toBe(1);
		expect(answers.every((a) => a.status === 200)).toBe(true);
	});

	it('distinct events all start the workflow, in parallel across processes', async () => {
		const processes = Array.from({ length: 3 }, () => newProcess());
		const answers = await Promise.all(
			Array.from({ length: 60 }, (_, i) => {
				const body = envelope(randomUUID());
				return rig.deliver(processes[i % 3], body, signedDelivery(rig, body));
			}),
		);
		expect(started(answers)).toBe(60);
	});
});

describe.each([
	['Jiko refuses a repeated key (409)', false],
	['Jiko replays the first answer to a repeated key', true],
])('Jiko Trigger duplicate check under faults — %s', (_name, replaying) => {
	let proxy: ReplayProxy;
	let rig: TriggerRig;
	// What happens to the next duplicate-check requests (one entry per request).
	let plan: Array<'rate-limit' | 'drop-answer' | 'server-error' | undefined> = [];

	beforeAll(async () => {
		proxy = await startReplayProxy(sb.url, { replay: replaying, fault: (path) => (path === '/api/v1/events/types/' ? plan.shift() : undefined) });
		rig = await activeRig(proxy.url);
	});
	afterAll(async () => {
		await rig.deactivate();
		await proxy.close();
	});

	it('the answer to a claim is lost on its way back: the resend still starts the event, once', async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		plan = ['drop-answer'];
		const first = await rig.deliver(newProcess(), body, headers);
		expect(first.started).toBe(true);
		expect(plan).toEqual([]);
		const copies = await Promise.all(Array.from({ length: 5 }, () => rig.deliver(newProcess(), body, headers)));
		expect(started(copies)).toBe(0);
	});

	it('a claim rate-limited (429) and sent again after another process took the event: not started', async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		expect((await rig.deliver(newProcess(), body, headers)).started).toBe(true);
		plan = ['rate-limit'];
		const copy = await rig.deliver(newProcess(), body, headers);
		expect(copy).toMatchObject({ started: false, status: 200 });
		expect(plan).toEqual([]);
	});

	it("a copy reaching the same process while the claim is still being asked waits for it: the claim fails, both get 503 (never a 200 that would end Jiko's retries)", async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		const sameProcess = newProcess();
		plan = ['server-error', 'server-error', 'server-error'];
		const first = rig.deliver(sameProcess, body, headers);
		// The copy arrives once the first claim request reached Jiko (the claim then waits 1.25 s
		// between its three attempts).
		while (plan.length === 3) await new Promise((resolve) => setTimeout(resolve, 5));
		const copy = await rig.deliver(sameProcess, body, headers);
		expect(copy).toMatchObject({ started: false, status: 503 });
		expect(await first).toMatchObject({ started: false, status: 503 });
		expect(plan).toEqual([]);
		// Jiko's next copy claims again, and runs the event.
		expect((await rig.deliver(sameProcess, body, headers)).started).toBe(true);
	});

	it('Jiko keeps failing the claim: 503, so Jiko sends the delivery again later', async () => {
		const body = envelope(randomUUID());
		plan = ['server-error', 'server-error', 'server-error'];
		expect(await rig.deliver(newProcess(), body, signedDelivery(rig, body))).toMatchObject({ started: false, status: 503 });
		expect((await rig.deliver(newProcess(), body, signedDelivery(rig, body))).started).toBe(true);
	});
});

describe('Jiko Trigger activation errors', () => {
	it("a credential Jiko refuses fails activation with the credential's own message", async () => {
		const rig = new TriggerRig(jikoCredentials(sb.url, { password: 'not-the-password' }));
		await expect(rig.activate()).rejects.toThrow(/username or password/i);
		expect(subscriptionsAt(rig.webhookUrl())).toHaveLength(0);
	});
});

describe('Jiko Trigger refusals: an answer and a reason, never a run, never a throw', () => {
	let rig: TriggerRig;
	beforeAll(async () => {
		rig = await activeRig();
	});
	afterAll(async () => {
		await rig.deactivate();
	});

	it.each([
		['an empty body', ''],
		['null', 'null'],
		['[]', '[]'],
		['text that is not JSON', 'hello, this is not json'],
		['a number event_id', JSON.stringify({ event_id: 42, event_type: 'transfers.on-us.success', timestamp: new Date().toISOString(), payload: {} })],
		['an object event_id', JSON.stringify({ event_id: { x: 1 }, event_type: 'transfers.on-us.success', timestamp: new Date().toISOString(), payload: {} })],
		['no timestamp', JSON.stringify({ event_id: randomUUID(), event_type: 'transfers.on-us.success', payload: {} })],
	])('signed garbage (%s) → 400', async (_name, text) => {
		const body = Buffer.from(text);
		const answer = await rig.deliver(newProcess(), body, signedDelivery(rig, body));
		expect(answer.started).toBe(false);
		expect(answer.status).toBe(400);
		expect(typeof answer.body?.detail).toBe('string');
	});

	it('a delivery before n8n saved the activation (no subscription secret yet) → 503, so Jiko sends it again', async () => {
		const notYet = new TriggerRig(jikoCredentials(sb.url));
		const body = envelope(randomUUID());
		const answer = await notYet.deliver(newProcess(), body, signedDelivery(rig, body));
		expect(answer).toMatchObject({ started: false, status: 503 });
		expect(String(answer.body?.detail)).toMatch(/no subscription secret yet .*send it again later/);
	});

	it('an event older than the window → 422, even correctly signed and never seen', async () => {
		const body = envelope(randomUUID(), { timestamp: new Date(Date.now() - 51 * 60_000).toISOString() });
		const answer = await rig.deliver(newProcess(), body, signedDelivery(rig, body));
		expect(answer).toMatchObject({ started: false, status: 422 });
		expect(String(answer.body?.detail)).toMatch(/accepts events for 50 minutes/);
	});

	it('unsigned, forged or missing raw body → 401', async () => {
		const body = envelope(randomUUID());
		const forgeries: Array<Record<string, string>> = [
			{},
			{ 'x-jiko-signature': '' },
			{ 'x-jiko-signature': sign('some-guess', body) },
			{ 'x-jiko-signature': sign(CREDENTIAL_SECRET, body) },
			{ 'x-jiko-signature': sign(String(state(rig).secretNonce), body) },
			{ 'x-jiko-signature': sign(String(state(rig).secretFingerprint), body) },
			{ 'x-jiko-signature': sign(deriveDeliverySecret(CREDENTIAL_SECRET, WORKFLOW_ID, NODE_ID, 'another-nonce'), body) },
		];
		for (const headers of forgeries) {
			expect(await rig.deliver(newProcess(), body, headers)).toMatchObject({ started: false, status: 401 });
		}
		expect(await rig.deliver(newProcess(), undefined, signedDelivery(rig, body))).toMatchObject({ started: false, status: 401 });
	});

	it('Jiko unreachable for the duplicate check → 503 (Jiko retries), and the retry runs once Jiko is back', async () => {
		const body = envelope(randomUUID());
		const headers = signedDelivery(rig, body);
		const credentials = rig.credentials.stored('jikoApi');
		rig.credentials.set('jikoApi', { ...credentials, baseUrl: 'http://127.0.0.1:9' });
		const down = await rig.deliver(newProcess(), body, headers);
		expect(down).toMatchObject({ started: false, status: 503 });
		rig.credentials.set('jikoApi', credentials ?? {});
		expect((await rig.deliver(newProcess(), body, headers)).started).toBe(true);
	});

	it('the claim key does not depend on the process, so every process claims the same key', () => {
		expect(claimKey(WORKFLOW_ID, NODE_ID, 'e')).toBe(claimKey(WORKFLOW_ID, NODE_ID, 'e'));
	});
});
