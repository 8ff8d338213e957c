import { redactSecrets } from '../../nodes/Jiko/helpers/secrets';
import type { NodeRun } from '../support/harness';
import { jikoRunner } from '../support/jiko';
import { useSandbox } from '../support/sandbox';

const sandbox = useSandbox();

const run = jikoRunner(() => sandbox.get().url, { resource: 'subscription' });

/** Everything a run exposes: output items and the recorded error, with all their fields. */
function exposed(result: NodeRun): string {
	const error = result.error
		? JSON.stringify({
				...result.error,
				message: result.error.message,
				description: result.error.description,
				stack: result.error.stack,
			})
		: '';
	return JSON.stringify(result.items) + error + JSON.stringify(result.run.data.resultData);
}

const SECRET = 'n8n-test-secret-4f1c9a7e2b';
const NEW_SECRET = 'rotated-secret-9d8c7b6a5f4e';

describe('Webhook Subscription', () => {
	test('create → get → update → get many → delete → get (404), secret never exposed', async () => {
		const created = await run({
			operation: 'create',
			events: ['transfers.ach.in.success', 'transfers.on-us.success'],
			url: 'https://example.com/webhooks/jiko',
			sharedSecret: SECRET,
			description: 'n8n test',
		});
		expect(created.error).toBeUndefined();
		expect(created.items).toHaveLength(1);
		const sub = created.items[0].json;
		expect(sub).toMatchObject({
			events: ['transfers.ach.in.success', 'transfers.on-us.success'],
			url: 'https://example.com/webhooks/jiko',
			description: 'n8n test',
			status: 'enabled',
			object_type: 'Subscription',
		});
		const id = String(sub.id);
		// Jiko keeps the secret (it signs deliveries with it) but never returns it.
		expect(sandbox.get().state.data.subscriptions[id].sharedSecret).toBe(SECRET);
		expect(exposed(created)).not.toContain(SECRET);

		const read = await run({ operation: 'get', subscriptionId: id });
		expect(read.error).toBeUndefined();
		expect(read.items[0].json).toEqual(sub);

		const updated = await run({
			operation: 'update',
			subscriptionId: id,
			updateFields: {
				url: 'https://example.com/webhooks/jiko-v2',
				sharedSecret: NEW_SECRET,
			},
		});
		expect(updated.error).toBeUndefined();
		expect(updated.items[0].json).toMatchObject({
			id,
			url: 'https://example.com/webhooks/jiko-v2',
			status: 'enabled',
			// fields not set in the node keep their values
			description: 'n8n test',
			events: ['transfers.ach.in.success', 'transfers.on-us.success'],
		});
		expect(sandbox.get().state.data.subscriptions[id].sharedSecret).toBe(NEW_SECRET);
		expect(exposed(updated)).not.toContain(NEW_SECRET);

		const events = await run({ operation: 'update', subscriptionId: id, updateFields: { events: ['card.status.open'], description: '' } });
		expect(events.error).toBeUndefined();
		expect(events.items[0].json).toMatchObject({ events: ['card.status.open'], description: '', status: 'enabled' });
		expect(sandbox.get().state.data.subscriptions[id].sharedSecret).toBe(NEW_SECRET);

		const all = await run({ operation: 'getMany', returnAll: true });
		expect(all.error).toBeUndefined();
		expect(all.items.map((i) => i.json.id).sort()).toEqual(Object.keys(sandbox.get().state.data.subscriptions).sort());
		expect(all.items.map((i) => i.json.id)).toContain(id);
		expect(exposed(all)).not.toContain(NEW_SECRET);

		const removed = await run({ operation: 'delete', subscriptionId: id });
		expect(removed.error).toBeUndefined();
		expect(removed.items.map((i) => i.json)).toEqual([{ deleted: true, id }]);
		expect(sandbox.get().state.data.subscriptions[id]).toBeUndefined();

		const gone = await run({ operation: 'get', subscriptionId: id }, [{}], true);
		expect(gone.error).toBeUndefined();
		expect(gone.items).toHaveLength(1);
		expect(gone.items[0].pairedItem).toEqual({ item: 0 });
		expect(String(gone.items[0].json.error)).toMatch(new RegExp(`^Not found: .*get webhook subscription ${id}`));
	});

	test('Get Many with a Limit', async () => {
		for (let i = 0; i < 3; i++) {
			const r = await run({ operation: 'create', events: ['card.status.open'], url: `https://example.com/h/${i}`, sharedSecret: SECRET });
			expect(r.error).toBeUndefined();
		}
		const { items, error } = await run({ operation: 'getMany', returnAll: false, limit: 2 });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(Object.keys(sandbox.get().state.data.subscriptions).length).toBeGreaterThan(2);
	});

	test('a secret shorter than 16 characters is refused locally without repeating it', async () => {
		const short = 'tooShort-Secret';
		const before = Object.keys(sandbox.get().state.data.subscriptions).length;
		const result = await run({ operation: 'create', events: ['card.status.open'], url: 'https://example.com/h', sharedSecret: short });
		expect(result.error?.message).toContain('Shared Secret (item 0)');
		expect(result.error?.message).toContain('at least 16 characters');
		expect(exposed(result)).not.toContain(short);
		expect(Object.keys(sandbox.get().state.data.subscriptions).length).toBe(before);
	});

	test('a secret never shows in a Jiko rejection (422), thrown or as an {error} item', async () => {
		const params = {
			operation: 'create',
			events: '={{ $json.events }}',
			url: 'https://example.com/h',
			sharedSecret: SECRET,
		};
		const thrown = await run(params, [{ events: ['not.an.event'] }]);
		expect(thrown.error?.message).toMatch(/^Jiko rejected the request to create a webhook subscription.*field events\.0/);
		expect(exposed(thrown)).not.toContain(SECRET);

		const caught = await run(params, [{ events: ['card.status.open'] }, { events: ['not.an.event'] }], true);
		expect(caught.error).toBeUndefined();
		expect(caught.items).toHaveLength(2);
		expect(caught.items[0].json.status).toBe('enabled');
		expect(caught.items[1].pairedItem).toEqual({ item: 1 });
		expect(String(caught.items[1].json.error)).toContain('field events.0');
		expect(exposed(caught)).not.toContain(SECRET);
	});

	test('local checks name the field and the item: URL, events, ID, empty update', async () => {
		const badUrl = await run({ operation: 'create', events: ['card.status.open'], url: 'example.com/h', sharedSecret: SECRET });
		expect(badUrl.error?.message).toContain('URL (item 0)');
		const noEvents = await run(
			{ operation: 'create', events: '={{ $json.events }}', url: 'https://example.com/h', sharedSecret: SECRET },
			[{ events: [] }],
		);
		expect(noEvents.error?.message).toContain('Events (item 0)');
		const badId = await run({ operation: 'get', subscriptionId: 'sub_123' });
		expect(badId.error?.message).toContain('Subscription ID (item 0)');
		const empty = await run({ operation: 'update', subscriptionId: '497f6eca-6276-4993-bfeb-53cbbbba6f08', updateFields: {} });
		expect(empty.error?.message).toContain('Update Fields (item 0)');
		const shortUpdate = await run({
			operation: 'update',
			subscriptionId: '497f6eca-6276-4993-bfeb-53cbbbba6f08',
			updateFields: { sharedSecret: 'short' },
		});
		expect(shortUpdate.error?.message).toContain('Update Fields → Shared Secret (item 0)');
		// An error about another field still carries the node, whose parameters hold the secret.
		const badIdWithSecret = await run({ operation: 'update', subscriptionId: 'nope', updateFields: { sharedSecret: NEW_SECRET } });
		expect(badIdWithSecret.error?.message).toContain('Subscription ID (item 0)');
		expect(exposed(badIdWithSecret)).not.toContain(NEW_SECRET);
		const unknownWithSecret = await run({
			operation: 'update',
			subscriptionId: '497f6eca-6276-4993-bfeb-53cbbbba6f08',
			updateFields: { sharedSecret: NEW_SECRET },
		});
		expect(unknownWithSecret.error?.message).toMatch(/^Not found: .*update webhook subscription 497f6eca/);
		expect(exposed(unknownWithSecret)).not.toContain(NEW_SECRET);
		expect(exposed(shortUpdate)).not.toContain('"short"');
	});

	test('deleting an unknown subscription is a 404', async () => {
		const { error } = await run({ operation: 'delete', subscriptionId: '497f6eca-6276-4993-bfeb-53cbbbba6f08' });
		expect(error?.message).toMatch(/^Not found: .*delete webhook subscription 497f6eca/);
	});
});

test('redactSecrets removes the secret wherever an answer might echo it', () => {
	const answer = {
		detail: [{ loc: ['body', 'shared_secret'], msg: `bad value ${SECRET}!`, input: SECRET, ctx: { [SECRET]: [SECRET] } }],
	};
	const clean = redactSecrets(answer, [SECRET]);
	expect(JSON.stringify(clean)).not.toContain(SECRET);
	expect(clean.detail[0].msg).toBe('bad value [redacted]!');
	expect(JSON.stringify(answer)).toContain(SECRET); // a copy: the original is left as it was
	expect(redactSecrets(answer, [])).toBe(answer);
});
