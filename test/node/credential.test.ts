import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { JikoApi } from '../../credentials/JikoApi.credentials';
import { loginWaitMs as retryAfterMs } from '../../core/rateLimit';
import { jikoEnvironment } from '../../core/environment';
import type { TestCredentialsHelper } from '../support/credentialsHelper';
import { jikoCredentials } from '../support/harness';
import { runJiko } from '../support/jiko';
import { clearFaults, DEMO_IDS, expireTokens, openSandbox, sandboxStats, setFaults, useSandbox } from '../support/sandbox';

/*
 * The JikoApi credential through n8n's engine, against the sandbox over HTTP: one login serves
 * every request until Jiko refuses the token, then exactly one more; a wrong password and a
 * wrong shared secret each get their own message; no secret reaches an output or an error.
 */
const sandbox = useSandbox();
const ada = DEMO_IDS.customers.ada;

/** Customer → Get of Ada, once per item, through `credentials`. */
async function getCustomerFor(count: number, credentials: TestCredentialsHelper) {
	return await runJiko(credentials, { resource: 'customer', operation: 'get', customerId: ada.id }, { items: Array.from({ length: count }, (_, index) => ({ index })) });
}

describe('JikoApi credential against the sandbox', () => {
	it('logs in once for 50 requests, and exactly once more after the tokens expire', async () => {
		const { url } = (await sandbox).get();
		const credentials = jikoCredentials(url);
		const before = await sandboxStats(url);

		const first = await getCustomerFor(50, credentials);
		expect(first.error).toBeUndefined();
		expect(first.items).toHaveLength(50);
		expect(first.items.every((item) => item.json.id === ada.id)).toBe(true);
		let stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(1);

		// A second execution reuses the stored token: no login at all.
		const second = await getCustomerFor(10, credentials);
		expect(second.error).toBeUndefined();
		stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(1);

		await expireTokens(url);
		const third = await getCustomerFor(50, credentials);
		expect(third.error).toBeUndefined();
		expect(third.items).toHaveLength(50);
		stats = await sandboxStats(url);
		expect(stats.logins - before.logins).toBe(2);
		expect(credentials.preAuthentications).toBe(2);
	});

	it('says the username or password is wrong, and leaks neither', async () => {
		const { url } = (await sandbox).get();
		const run = await getCustomerFor(1, jikoCredentials(url, { password: 'not-the-password-xyz' }));
		expect(run.error?.message).toMatch(/username or password/i);
		expect(JSON.stringify(run.error)).not.toContain('not-the-password-xyz');
	});

	it('says the shared secret is wrong when the login works but the signature does not', async () => {
		const { url } = (await sandbox).get();
		const run = await getCustomerFor(1, jikoCredentials(url, { sharedSecret: 'wrong-shared-secret-value-42' }));
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
		const run = await getCustomerFor(3, credentials);
		const token = String(credentials.stored('jikoApi')?.sessionToken);
		expect(token.length).toBeGreaterThan(10);
		const everything = JSON.stringify(run.run.data);
		for (const secret of [token, 'sandbox-password', 'sandbox-shared-secret-0001']) {
			expect(everything).not.toContain(secret);
		}
	});
});

/** A plain HTTP server on a free loopback port that records every request it receives. */
async function recordingServer(answer: (req: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: string }) {
	const received: Array<{ method?: string; url?: string; body: string }> = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ method: req.method, url: req.url, body: Buffer.concat(chunks).toString('utf8') });
			const { status, headers, body } = answer(req);
			res.writeHead(status, headers).end(body);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		received,
		close: async () => await new Promise((resolve) => server.close(resolve)),
	};
}

describe('JikoApi credential: a login answered with a redirect', () => {
	it('does not follow it: the other host receives nothing, and the error names the fields to check', async () => {
		// Whoever the redirect points at would gladly take the login (and hand out a token).
		const elsewhere = await recordingServer(() => ({ status: 200, headers: { 'content-type': 'application/json' }, body: '{"token":"from-elsewhere"}' }));
		const redirector = await recordingServer(() => ({ status: 307, headers: { location: `${elsewhere.url}/api/v1/login/?next=private-path-part` } }));
		try {
			const run = await getCustomerFor(1, jikoCredentials(redirector.url));
			expect(elsewhere.received).toEqual([]);
			expect(redirector.received.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/v1/login/']);
			expect(run.error?.message).toBe(
				`Jiko's login answered a redirect to ${elsewhere.url} (HTTP 307 from ${redirector.url}/api/v1/login/); the password was not sent there. Check the Environment, Partner Name or Base URL in the Jiko credential: it must be the address that answers the login itself (e.g. https:// where the server redirects http://)`,
			);
			expect(JSON.stringify(run.error)).not.toContain('private-path-part');
			expect(JSON.stringify(run.error)).not.toContain('sandbox-password');
		} finally {
			await redirector.close();
			await elsewhere.close();
		}
	});
});

describe('JikoApi credential: a saved token belongs to the Jiko and the username that obtained it', () => {
	/** Records every Authorization header the sandbox receives, as it arrives, until stopped. */
	function authorizationsAt(server: Server) {
		const seen: Array<string | undefined> = [];
		const record = (req: IncomingMessage) => seen.push(req.headers.authorization);
		server.prependListener('request', record);
		return { seen, stop: () => server.off('request', record) };
	}

	it("after the Base URL is changed to another Jiko, that Jiko never sees the first one's token, and the run logs in there", async () => {
		const first = (await sandbox).get();
		const second = await openSandbox();
		try {
			const credentials = jikoCredentials(first.url);
			expect((await getCustomerFor(1, credentials)).error).toBeUndefined();
			const firstToken = String(credentials.stored('jikoApi')?.sessionToken);
			expect(firstToken.length).toBeGreaterThan(10);
			const logins = credentials.preAuthentications;

			// A person edits the credential: n8n keeps the saved token.
			credentials.set('jikoApi', { ...credentials.stored('jikoApi'), baseUrl: second.url });
			const { seen } = authorizationsAt(second.app.server);
			const run = await getCustomerFor(2, credentials);
			expect(run.error).toBeUndefined();
			expect(run.items.map((item) => item.json.id)).toEqual([ada.id, ada.id]);
			expect(seen).not.toContain(`Bearer ${firstToken}`);
			// The first request went without a token, was refused, and n8n logged in at the new Jiko.
			expect(seen[0]).toBeUndefined();
			expect(credentials.preAuthentications).toBe(logins + 1);
			expect((await sandboxStats(second.url)).logins).toBe(1);

			// The new token is the second Jiko's own: the next execution uses it, no login.
			expect(credentials.stored('jikoApi')?.sessionToken).not.toBe(firstToken);
			expect((await getCustomerFor(1, credentials)).error).toBeUndefined();
			expect(credentials.preAuthentications).toBe(logins + 1);
		} finally {
			await second.close();
		}
	});

	it("after the Username is changed, the old account's token is not used: the new username has to log in", async () => {
		const { url, app } = (await sandbox).get();
		const credentials = jikoCredentials(url);
		expect((await getCustomerFor(1, credentials)).error).toBeUndefined();
		const oldToken = String(credentials.stored('jikoApi')?.sessionToken);

		credentials.set('jikoApi', { ...credentials.stored('jikoApi'), username: 'another-partner' });
		const recording = authorizationsAt(app.server);
		const run = await getCustomerFor(1, credentials);
		recording.stop();
		expect(recording.seen).not.toContain(`Bearer ${oldToken}`);
		expect(run.items).toEqual([]);
		expect(run.error?.message).toMatch(/^Jiko refused the username or password \(HTTP 401 from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/login\/\): check Username and Password in the Jiko credential$/);
	});
});

describe('JikoApi credential: logins that Jiko rate-limits', () => {
	it('waits out a 429 on login as Retry-After asks, within the configured budget', async () => {
		const { url } = (await sandbox).get();
		await setFaults(url, { rateLimit: { count: 2, retryAfterSeconds: 1, paths: ['/api/v1/login/'] } });
		try {
			const started = Date.now();
			const run = await getCustomerFor(1, jikoCredentials(url, { rateLimitMaxWaitSeconds: 5 }));
			expect(run.error).toBeUndefined();
			expect(run.items[0].json.id).toBe(ada.id);
			expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
		} finally {
			await clearFaults(url);
		}
	});

	it('gives up at once, with a message that says why, when the wait would exceed the budget', async () => {
		const { url } = (await sandbox).get();
		await setFaults(url, { rateLimit: { count: 5, retryAfterSeconds: 30, paths: ['/api/v1/login/'] } });
		try {
			const started = Date.now();
			const run = await getCustomerFor(1, jikoCredentials(url, { rateLimitMaxWaitSeconds: 10 }));
			expect(Date.now() - started).toBeLessThan(5_000);
			expect(run.error?.message).toMatch(
				/^Jiko is rate-limiting logins \(HTTP 429 from http:\/\/127\.0\.0\.1:\d+\/api\/v1\/login\/\) and asked to wait 30 s more, beyond the 10 s this credential waits in total \("Max Wait for Rate Limits \(Seconds\)"\)/,
			);
		} finally {
			await clearFaults(url);
		}
	});

	it('reads Retry-After as seconds or an HTTP date', () => {
		const now = Date.parse('2026-11-30T12:00:00Z');
		expect(retryAfterMs('3', now)).toBe(3_000);
		expect(retryAfterMs('0', now)).toBe(1_000); // never less than 1 s: no login storm
		expect(retryAfterMs('Mon, 30 Nov 2026 12:00:07 GMT', now)).toBe(7_000);
		expect(retryAfterMs('Mon, 30 Nov 2026 11:00:00 GMT', now)).toBe(1_000);
		expect(retryAfterMs(undefined, now)).toBe(1_000);
		expect(retryAfterMs('soon', now)).toBe(1_000);
	});
});

describe('JikoApi credential fields', () => {
	const type = new JikoApi();
	const field = (name: string) => {
		const found = type.properties.find((p) => p.name === name);
		if (!found) throw new Error(`no field ${name}`);
		return found;
	};

	it("defaults to Jiko's sandbox, not the local emulator only this project's run command starts", () => {
		expect(field('environment').default).toBe('sandbox');
		expect(jikoEnvironment({})).toBe('sandbox');
	});

	it('has the money switches and limits, named as the Jiko node reads them, with safe defaults', () => {
		expect(field('allowMoneyMovement')).toMatchObject({ type: 'boolean', default: true, displayOptions: { show: { environment: ['local', 'sandbox', 'custom'] } } });
		expect(field('allowProductionMoneyMovement')).toMatchObject({ type: 'boolean', default: false, displayOptions: { show: { environment: ['production'] } } });
		expect(field('maxPerTransfer')).toMatchObject({ type: 'string', default: '' });
		expect(field('maxPerExecution')).toMatchObject({ type: 'string', default: '' });
		expect(field('limitScope')).toMatchObject({ type: 'options', default: 'allRails' });
		expect((field('limitScope').options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['allRails', 'perRail']);
		expect(field('allowAiMoneyMovement')).toMatchObject({ type: 'boolean', default: false });
		expect(field('allowAiMoneyMovement').displayOptions).toBeUndefined();
		expect(field('rateLimitMaxWaitSeconds')).toMatchObject({ type: 'number', default: 300 });
		expect(field('achDirectionConvention')).toMatchObject({ type: 'options', default: 'debitPulls' });
		expect((field('achDirectionConvention').options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['creditPulls', 'debitPulls']);
	});

	it('promises nothing the node does not do, and hides the domain fields it enforces itself', () => {
		expect(String(field('productionNotice').displayName)).not.toMatch(/subtitle/i);
		expect(String(field('productionNotice').displayName)).toMatch(/"environment": "Production"/);
		expect(type.hideDomainRestrictionFields).toBe(true);
		expect(type.properties.some((p) => p.name === 'allowedHttpRequestDomains')).toBe(false);
	});
});
