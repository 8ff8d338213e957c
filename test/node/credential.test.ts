import { Jiko } from '../../nodes/Jiko/Jiko.node';
import { jikoCredentials, runNode } from '../support/harness';
import { DEMO_IDS, expireTokens, sandboxStats, useSandbox } from '../support/sandbox';

/*
 * The JikoApi credential through n8n's engine, against the sandbox over HTTP: one login serves
 * every request until Jiko refuses the token, then exactly one more; a wrong password and a
 * wrong shared secret each get their own message; no secret reaches an output or an error.
 */
const sandbox = useSandbox();
const ada = DEMO_IDS.customers.ada;

function getCustomerFor(count: number) {
	return {
		nodeType: new Jiko(),
		typeName: 'n8n-nodes-jiko.jiko',
		parameters: { resource: 'customer', operation: 'get', customerId: ada.id },
		items: Array.from({ length: count }, (_, index) => ({ index })),
	};
}

describe('JikoApi credential against the sandbox', () => {
	it('logs in once for 50 requests, and exactly once more after the tokens expire', async () => {
		const { url } = (await sandbox).get();
		const credentials = jikoCredentials(url);
		const before = await sandboxStats(url);

		const first = await runNode({ ...getCustomerFor(50), credentials });
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(50);
		expect(first.items.every((item) => item.json.id === ada.id)).toBe(true);
		let stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(1);

		// A second execution reuses the stored token: no login at all.
		const second = await runNode({ ...getCustomerFor(10), credentials });
		expect(second.error).toBeUndefined();
		stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(1);

		await expireTokens(url);
		const third = await runNode({ ...getCustomerFor(50), credentials });
		expect(third.error).toBeUndefined();
		expect(third.items).toHaveLength(50);
		stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(2);
		expect(credentials.preAuthentications).toBe(2);
	});

	it('says the username or password is wrong, and leaks neither', async () => {
		const { url } = (await sandbox).get();
		const run = await runNode({
			...getCustomerFor(1),
			credentials: jikoCredentials(url, { password: 'not-the-password-xyz' }),
		});
		expect(run.error?.message).toMatch(/username or password/i);
		expect(JSON.stringify(run.error)).not.toContain('not-the-password-xyz');
	});

	it('says the shared secret is wrong when the login works but the signature does not', async () => {
		const { url } = (await sandbox).get();
		const run = await runNode({
			...getCustomerFor(1),
			credentials: jikoCredentials(url, { sharedSecret: 'wrong-shared-secret-value-42' }),
		});
		expect(run.error?.message).toMatch(/signature/i);
		expect(String(run.error?.description)).toMatch(/Shared Secret/);
		const everything = JSON.stringify({ error: run.error, data: run.run.data });
		for (const secret of ['wrong-shared-secret-value-42', 'sandbox-password']) {
			expect(everything).not.toContain(secret);
		}
	});

	it('never puts the token, password or shared secret in outputs', async () => {
		const { url } = (await sandbox).get();
		const credentials = jikoCredentials(url);
		const run = await runNode({ ...getCustomerFor(3), credentials });
		const token = String(credentials.stored('jikoApi')?.sessionToken);
		expect(token.length).toBeGreaterThan(10);
		const everything = JSON.stringify(run.run.data);
		for (const secret of [token, 'sandbox-password', 'sandbox-shared-secret-0001']) {
			expect(everything).not.toContain(secret);
		}
	});
});
