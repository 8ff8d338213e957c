import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { carriesMoneyPass, MONEY_PASS_HEADER, moneyPassHeaders } from '../../core/moneyPass';
import { sessionOwner } from '../../core/session';
import { jikoSignature, signJikoRequest, signedPathname } from '../../core/signing';

/*
 * Known answers computed outside the project, with the documented algorithm:
 *   printf '%s' "$key$path$body" | openssl dgst -sha256 -hmac sandbox-shared-secret-0001 -binary | base64
 * (shell UTF-8, so the non-ASCII body is signed as its UTF-8 bytes).
 */
const SECRET = 'sandbox-shared-secret-0001';

/** Credentials with a token the login obtained for exactly these credentials' Jiko and username. */
function loggedIn(credentials: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	return { ...credentials, sessionOwner: sessionOwner(credentials) };
}
const NON_ASCII_BODY =
	'{"type":"INTERNAL_REALLOCATION","description":"Café – rent € ✓","amount":{"type":"REQUESTED_AMOUNT","amount_usdc":125050}}';

const vectors = [
	{
		name: 'GET with an empty body',
		key: '3f2c1a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
		path: '/api/v1/events/types/',
		body: '',
		expected: '9N7kMEItZ11cG09fKN5PrHUtKU08jWY5pePkx0dgVYQ=',
	},
	{
		name: 'POST with a JSON body containing non-ASCII text',
		key: '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70',
		path: '/api/v1/transfers/on-us/',
		body: NON_ASCII_BODY,
		expected: 'X0iiRi3chZsaTVLKLq78zLiuRpyOX0CUGGWSQfd08h4=',
	},
	{
		name: 'a path with a trailing slash',
		key: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
		path: '/api/v1/jiko-accounts/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21/',
		body: '',
		expected: 'zw/tu4K41xQ66TtOFCO/Hc451DbAZcMrLDQSZ/+RQEw=',
	},
	{
		name: 'the same path without the trailing slash signs differently',
		key: '7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
		path: '/api/v1/jiko-accounts/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21',
		body: '',
		expected: 'dQQ3Veo9FA/4j1qk2LqFxUNmb7T97miq7E50KEL8ok8=',
	},
];

describe('Jiko request signature (known answers from openssl)', () => {
	it.each(vectors)('$name', ({ key, path, body, expected }) => {
		expect(jikoSignature(SECRET, key, path, body)).toBe(expected);
	});

	it('signs the exact bytes sent for an object body; the 401 resend keeps the key and the bytes', () => {
		const keys = ['0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70', '11111111-2222-4333-8444-555555555555'];
		const credentials = loggedIn({ sharedSecret: SECRET, sessionToken: 'tok', environment: 'local' });
		const options = signJikoRequest(
			credentials,
			{
				method: 'POST',
				baseURL: 'http://127.0.0.1:8787',
				url: '/api/v1/transfers/on-us/',
				body: JSON.parse(NON_ASCII_BODY),
				json: true,
				headers: moneyPassHeaders(),
			},
			() => keys[0],
		);
		expect(options.body).toBe(NON_ASCII_BODY);
		expect(options.headers).toMatchObject({
			Authorization: 'Bearer tok',
			'x-jiko-idempotency': keys[0],
			'x-jiko-signature': 'X0iiRi3chZsaTVLKLq78zLiuRpyOX0CUGGWSQfd08h4=',
			'content-type': 'application/json',
		});
		// n8n re-applies authenticate to the same options after a 401 re-login: a 401 means Jiko
		// did nothing, so the action keeps its key; the token is new, the body stays the signed
		// string, and no header is duplicated.
		const again = signJikoRequest({ ...credentials, sessionToken: 'tok2' }, options, () => keys[1]);
		expect(again.body).toBe(NON_ASCII_BODY);
		expect(again.headers?.['x-jiko-idempotency']).toBe(keys[0]);
		expect(again.headers?.Authorization).toBe('Bearer tok2');
		expect(again.headers?.['x-jiko-signature']).toBe('X0iiRi3chZsaTVLKLq78zLiuRpyOX0CUGGWSQfd08h4=');
		expect(Object.keys(again.headers ?? {}).filter((h) => h.toLowerCase() === 'x-jiko-signature')).toHaveLength(1);
		expect(Object.keys(again.headers ?? {}).filter((h) => h.toLowerCase() === 'x-jiko-idempotency')).toHaveLength(1);
	});

	it("keeps the caller's key for a resend of one action (Jiko's documented safe retry) and refuses non-UUID keys", () => {
		const key = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
		const credentials = { sharedSecret: SECRET, sessionToken: 'tok', environment: 'local' };
		const send = (headers: Record<string, string>) =>
			signJikoRequest(
				credentials,
				{ method: 'POST', baseURL: 'http://127.0.0.1:8787', url: '/api/v1/transfers/on-us/', body: JSON.parse(NON_ASCII_BODY), json: true, headers: { ...headers, ...moneyPassHeaders() } },
				() => '11111111-2222-4333-8444-555555555555',
			);
		const first = send({ 'X-Jiko-Idempotency': key });
		const resend = send({ 'x-jiko-idempotency': key });
		expect(first.headers?.['x-jiko-idempotency']).toBe(key);
		expect(resend.headers?.['x-jiko-signature']).toBe(first.headers?.['x-jiko-signature']);
		expect(resend.headers?.['x-jiko-signature']).toBe(jikoSignature(SECRET, key, '/api/v1/transfers/on-us/', NON_ASCII_BODY));
		expect(Object.keys(first.headers ?? {}).filter((h) => h.toLowerCase() === 'x-jiko-idempotency')).toHaveLength(1);
		expect(send({ 'x-jiko-idempotency': 'not-a-uuid' }).headers?.['x-jiko-idempotency']).toBe('11111111-2222-4333-8444-555555555555');
	});

	it('leaves the query string out of the signed path and signs GET bodies as empty', () => {
		expect(signedPathname('/api/v1/events/?after=2026-01-01&limit=5', 'http://127.0.0.1:8787')).toBe('/api/v1/events/');
		expect(signedPathname('https://acme.sandbox-api.jikoservices.com/api/v1/events/types/?limit=1')).toBe(
			'/api/v1/events/types/',
		);
		const options = signJikoRequest(
			{ sharedSecret: SECRET, sessionToken: 't', environment: 'local' },
			{ method: 'GET', url: '/api/v1/events/types/', qs: { limit: 1 } },
			() => vectors[0].key,
		);
		expect(options.baseURL).toBe('http://127.0.0.1:8787');
		expect(options.headers?.['x-jiko-signature']).toBe(vectors[0].expected);
	});

	it('signs the legacy `uri` form the HTTP Request node uses', () => {
		const options = signJikoRequest(
			{ sharedSecret: SECRET, sessionToken: 't', environment: 'local' },
			{ method: 'GET', uri: 'http://127.0.0.1:8787/api/v1/events/types/' } as never,
			() => vectors[0].key,
		);
		expect(options.headers?.['x-jiko-signature']).toBe(vectors[0].expected);
	});
});

describe('the credential signs only for its own Jiko', () => {
	// Tokens the login obtained for these very credentials: a refusal must not leak them.
	const LOCAL = loggedIn({ sharedSecret: SECRET, sessionToken: 'secret-session-token', environment: 'local' });
	const PRODUCTION = loggedIn({
		sharedSecret: SECRET,
		sessionToken: 'secret-session-token',
		environment: 'production',
		partner: 'acme',
		allowProductionMoneyMovement: true,
	});

	/** Signs, or returns the refusal; the key generator proves nothing was computed for a refusal. */
	function attempt(credentials: ICredentialDataDecryptedObject, options: Record<string, unknown>) {
		let keys = 0;
		const request = { method: 'GET', ...options } as never;
		try {
			const signed = signJikoRequest(credentials, request, () => {
				keys++;
				return vectors[0].key;
			});
			return { signed, keys };
		} catch (error) {
			return { error: error as Error, keys, request: request as { headers?: Record<string, unknown> } };
		}
	}

	it.each([
		['another host', { url: 'http://evil.example/api/v1/events/types/' }, 'http://evil.example'],
		['another host, legacy uri (HTTP Request node)', { uri: 'http://evil.example/api/v1/events/types/?token=1' }, 'http://evil.example'],
		['another port', { url: 'http://127.0.0.1:8788/api/v1/events/types/' }, 'http://127.0.0.1:8788'],
		['another scheme', { url: 'https://127.0.0.1:8787/api/v1/events/types/' }, 'https://127.0.0.1:8787'],
		['another name for the same machine', { url: 'http://localhost:8787/api/v1/events/types/' }, 'http://localhost:8787'],
		['protocol-relative', { url: '//evil.example/api/v1/events/types/' }, 'http://evil.example'],
		['leading space', { uri: ' http://evil.example/api/v1/' }, 'http://evil.example'],
		['leading tab', { uri: '\thttp://evil.example/api/v1/' }, 'http://evil.example'],
		['user info that looks like the host', { url: 'http://127.0.0.1:8787@evil.example/api/v1/' }, 'http://evil.example'],
		['a fragment that looks like the host', { url: 'http://evil.example#@127.0.0.1:8787/api/v1/' }, 'http://evil.example'],
		['a foreign base URL', { baseURL: 'http://evil.example', url: '/api/v1/events/types/' }, 'http://evil.example'],
		['a file URL', { url: 'file:///etc/passwd' }, 'file:'],
		['a scheme-like host', { uri: 'localhost:8787/api/v1/' }, 'localhost:'],
	])('refuses %s before computing anything', (_name, options, shownTarget) => {
		const result = attempt(LOCAL, { ...options, headers: { 'x-custom': '1' } });
		expect(result.error?.name).toBe('JikoCredentialRefusal');
		expect(result.error?.message).toBe(
			`The Jiko credential only signs requests for http://127.0.0.1:8787, and this request was going to ${shownTarget}: nothing was signed or sent. Use a URL on http://127.0.0.1:8787 (or a path such as /api/v1/events/types/), or a Jiko credential whose Environment points where you meant.`,
		);
		expect(result.keys).toBe(0);
		expect(result.request?.headers).toEqual({ 'x-custom': '1' });
		expect(result.error?.message).not.toContain('secret-session-token');
	});

	it.each([
		['a path', { url: '/api/v1/events/types/' }],
		['a full URL', { url: 'http://127.0.0.1:8787/api/v1/events/types/' }],
		['upper-case scheme and host', { uri: 'HTTP://127.0.0.1:8787/api/v1/events/types/' }],
		['the base URL given', { baseURL: 'http://127.0.0.1:8787/', url: 'api/v1/events/types/' }],
	])('signs %s on its own origin, and tells n8n to stay on that host at redirects', (_name, options) => {
		const result = attempt(LOCAL, options);
		expect(result.error).toBeUndefined();
		expect(result.signed?.headers?.['x-jiko-signature']).toBe(vectors[0].expected);
		expect(result.signed?.allowedDomains).toBe('127.0.0.1');
		expect(result.signed?.sendCredentialsOnCrossOriginRedirect).toBe(false);
	});

	it("compares scheme, host and port as origins (default ports, host letter case)", () => {
		expect(attempt(PRODUCTION, { url: 'https://ACME.partner-api.jikoservices.com:443/api/v1/events/types/' }).error).toBeUndefined();
		expect(attempt(PRODUCTION, { url: 'https://acme.sandbox-api.jikoservices.com/api/v1/events/types/' }).error?.message).toMatch(
			/^The Jiko credential only signs requests for https:\/\/acme\.partner-api\.jikoservices\.com, and this request was going to https:\/\/acme\.sandbox-api\.jikoservices\.com:/,
		);
		const custom = { ...LOCAL, environment: 'custom', baseUrl: 'http://jiko.internal/prefix' };
		expect(attempt(custom, { url: 'http://jiko.internal:80/api/v1/events/types/' }).error).toBeUndefined();
		expect(attempt(custom, { url: 'http://jiko.internal.evil.example/api/v1/events/types/' }).error?.name).toBe('JikoCredentialRefusal');
	});
});

describe('money movement through the credential', () => {
	const LOCAL = loggedIn({ sharedSecret: SECRET, sessionToken: 'tok', environment: 'local' });
	const onUs = (cents: number) => ({
		type: 'INTERNAL_REALLOCATION',
		transfer_id: '5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21',
		amount: { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
	});

	/** As the Jiko node's creates send: with the money pass the guard hands out. */
	function sign(credentials: ICredentialDataDecryptedObject, options: Record<string, unknown>) {
		return signJikoRequest(credentials, { baseURL: 'http://127.0.0.1:8787', json: true, headers: moneyPassHeaders(), ...options } as never, () => vectors[0].key);
	}

	it.each([
		['POST', '/api/v1/transfers/on-us/'],
		['post', '/api/v1/transfers/on-us'],
		['POST', '/API/V1/Transfers/On-Us/'],
		['POST', '/api/v1//transfers/on-us/'],
		['POST', '/api/v1/trans%66ers/on-us/'],
		['POST', '/api/v1/jiko-accounts/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21/ach-originating/'],
		['POST', '/api/v1/jiko-accounts/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21/wires/'],
		['PUT', '/api/v1/jiko-accounts/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21/wires'],
	])("refuses the HTTP Request node's %s %s (no money pass)", (method, path) => {
		const options = { method, uri: `http://127.0.0.1:8787${path}`, body: onUs(100), headers: {} };
		expect(() => signJikoRequest(LOCAL, options as never)).toThrow(
			/^The Jiko credential signs transfers only for the Jiko node's create operations, where the money switches and limits set in the credential are checked; this [A-Z]+ to \/.* \(from n8n's HTTP Request node or another node\) was not signed or sent\. Use the Jiko node to create transfers\.$/,
		);
		expect(options.headers).toEqual({});
	});

	it('lets the HTTP Request node read transfers and use the other write endpoints', () => {
		for (const uri of ['/api/v1/transfers/on-us/5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21/', '/api/v1/jiko-accounts/x/ach-originating/?limit=5', '/api/v1/jiko-accounts/x/wires/']) {
			expect(() => signJikoRequest(LOCAL, { method: 'GET', uri: `http://127.0.0.1:8787${uri}` } as never)).not.toThrow();
		}
		expect(() =>
			signJikoRequest(LOCAL, { method: 'POST', uri: 'http://127.0.0.1:8787/api/v1/subscriptions/', body: { events: ['x'] } } as never),
		).not.toThrow();
	});

	it('accepts a write that carries the money pass, never sends the pass on, and signs it again after a 401', () => {
		const signed = sign(LOCAL, { method: 'POST', uri: 'http://127.0.0.1:8787/api/v1/transfers/on-us/', body: onUs(100), headers: { ...moneyPassHeaders() } });
		expect(Object.keys(signed.headers ?? {}).map((h) => h.toLowerCase())).not.toContain(MONEY_PASS_HEADER);
		// n8n re-applies authenticate to the very same options object after a 401 re-login.
		const resent = signJikoRequest({ ...LOCAL, sessionToken: 'tok2' }, signed);
		expect(resent.headers?.Authorization).toBe('Bearer tok2');
		// A copy of the headers without the pass is not the same request.
		expect(() => signJikoRequest(LOCAL, { ...signed, headers: { ...signed.headers } })).toThrow(/signs transfers only for the Jiko node/);
		expect(carriesMoneyPass({ [MONEY_PASS_HEADER.toUpperCase()]: moneyPassHeaders()[MONEY_PASS_HEADER] })).toBe(true);
		expect(carriesMoneyPass({ [MONEY_PASS_HEADER]: 'guessed' })).toBe(false);
		expect(carriesMoneyPass({})).toBe(false);
	});

	it('refuses a transfer write in the url form without the pass', () => {
		const unmarked = () => signJikoRequest(LOCAL, { method: 'POST', baseURL: 'http://127.0.0.1:8787', url: '/api/v1/transfers/on-us/', body: onUs(1) } as never);
		expect(unmarked).toThrow(/signs transfers only for the Jiko node/);
	});

	it('applies the money switch: on for the sandboxes unless switched off, off for Production unless switched on', () => {
		const post = { method: 'POST', url: '/api/v1/transfers/on-us/', body: onUs(100) };
		expect(() => sign(LOCAL, post)).not.toThrow();
		expect(() => sign({ ...LOCAL, allowMoneyMovement: false }, post)).toThrow(
			/^Money movement is switched off in this Jiko credential \(Local Sandbox\), so the on-us transfer of \$1\.00 \(100 cents\) was not sent\. To allow transfers, switch on "Allow Money Movement" in the credential\.$/,
		);
		const production = { ...LOCAL, environment: 'production', partner: 'acme', allowMoneyMovement: true };
		const prodPost = { ...post, baseURL: 'https://acme.partner-api.jikoservices.com' };
		expect(() => sign(production, prodPost)).toThrow(/^Money movement in Production is switched off in this Jiko credential, so the on-us transfer of \$1\.00 \(100 cents\) was not sent\. Production moves real money: a person must switch on "Allow Money Movement in Production"/);
		expect(() => sign({ ...production, allowProductionMoneyMovement: true }, prodPost)).not.toThrow();
		// Reads need no switch.
		expect(() => sign(production, { method: 'GET', url: '/api/v1/transfers/on-us/x/', baseURL: prodPost.baseURL })).not.toThrow();
	});

	it('applies the per-transfer limit exactly in cents, and refuses what it cannot check', () => {
		const limited = { ...LOCAL, maxPerTransfer: '$1,250.00' };
		const post = (body: unknown) => ({ method: 'POST', url: '/api/v1/transfers/on-us/', body });
		expect(() => sign(limited, post(onUs(125000)))).not.toThrow();
		expect(() => sign(limited, post(onUs(125001)))).toThrow(
			/^The on-us transfer of \$1,250\.01 \(125001 cents\) is above the maximum per transfer of \$1,250\.00 \(125000 cents\) set in this Jiko credential, so it was not sent\./,
		);
		expect(() => sign(limited, { method: 'POST', url: '/api/v1/jiko-accounts/x/wires/', body: { counterparty_id: 'c', amount_usdc: 125001 } })).toThrow(
			/^The wire transfer of \$1,250\.01/,
		);
		expect(() => sign(limited, post({ ...onUs(1), amount: { type: 'FULL_WITHDRAWAL' } }))).toThrow(/^A Full Withdrawal cannot be checked against the limits/);
		expect(() => sign(limited, post('not json'))).toThrow(/could not read the amount of this POST to \/api\/v1\/transfers\/on-us\/, and limits are set/);
		expect(() => sign(limited, post({ amount_usdc: 5, amount: { amount_usdc: 6 } }))).toThrow(/could not read the amount/);
		expect(() => sign({ ...LOCAL, maxPerTransfer: 'lots' }, post(onUs(1)))).toThrow(
			/^"Maximum per Transfer \(USD\)" in the Jiko credential is not a usable limit \("lots" is not a dollar amount: .*\), so no transfer is sent until a person corrects it \(e\.g\. 25,000\.00\) or empties it \(no limit\); the on-us transfer of \$0\.01 \(1 cent\) was not sent\.$/,
		);
		// Without limits an unreadable body is Jiko's to refuse.
		expect(() => sign(LOCAL, post('not json'))).not.toThrow();
	});
});

describe('the saved token goes only to the Jiko and the username it was obtained for', () => {
	const CUSTOM = { sharedSecret: SECRET, environment: 'custom', baseUrl: 'https://jiko.internal/prefix', username: 'partner-x', sessionToken: 'token-of-partner-x' };
	const saved = loggedIn(CUSTOM);
	const headersFor = (credentials: ICredentialDataDecryptedObject) =>
		signJikoRequest(credentials, { method: 'GET', url: '/api/v1/events/types/' }, () => vectors[0].key).headers ?? {};

	it('sends it while the origin and username are those of the login (a Base URL path is not part of it)', () => {
		expect(headersFor(saved).Authorization).toBe('Bearer token-of-partner-x');
		expect(headersFor({ ...saved, baseUrl: 'https://jiko.internal/other-prefix/' }).Authorization).toBe('Bearer token-of-partner-x');
	});

	it.each([
		['the Base URL names another host', { baseUrl: 'https://other.internal/prefix' }],
		['the Base URL drops to plain http', { baseUrl: 'http://jiko.internal/prefix' }],
		['the Base URL names another port', { baseUrl: 'https://jiko.internal:8443/prefix' }],
		['the Environment is changed', { environment: 'sandbox', partner: 'acme' }],
		['the Username is changed', { username: 'partner-y' }],
	])('sends no token once %s: the request is still signed, Jiko answers 401 and n8n logs in again', (_, edit) => {
		const headers = headersFor({ ...saved, ...edit });
		expect(Object.keys(headers).map((name) => name.toLowerCase())).not.toContain('authorization');
		expect(JSON.stringify(headers)).not.toContain('token-of-partner-x');
		expect(headers['x-jiko-signature']).toEqual(expect.any(String));
	});

	it('sends no token saved without an owner (before owners were recorded), and no empty one', () => {
		expect(headersFor(CUSTOM).Authorization).toBeUndefined();
		expect(headersFor(loggedIn({ ...CUSTOM, sessionToken: '' })).Authorization).toBeUndefined();
	});

	it('names the owner by origin and username, nothing else, and keeps both out of the stored value', () => {
		expect(sessionOwner(saved)).toBe(sessionOwner({ ...saved, baseUrl: 'https://JIKO.internal:443/x', password: 'changed', sharedSecret: 'changed' }));
		expect(sessionOwner(saved)).not.toBe(sessionOwner({ ...saved, username: 'partner-x ' }));
		expect(sessionOwner(saved)).not.toContain('partner-x');
		expect(sessionOwner(saved)).not.toContain('jiko.internal');
	});
});
