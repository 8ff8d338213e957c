import { jikoSignature, signJikoRequest, signedPathname } from '../../credentials/jikoSigning';

/*
 * Known answers computed outside the project, with the documented algorithm:
 *   printf '%s' "$key$path$body" | openssl dgst -sha256 -hmac sandbox-shared-secret-0001 -binary | base64
 * (shell UTF-8, so the non-ASCII body is signed as its UTF-8 bytes).
 */
const SECRET = 'sandbox-shared-secret-0001';
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
		const credentials = { sharedSecret: SECRET, sessionToken: 'tok', environment: 'local' };
		const options = signJikoRequest(
			credentials,
			{
				method: 'POST',
				baseURL: 'http://127.0.0.1:8787',
				url: '/api/v1/transfers/on-us/',
				body: JSON.parse(NON_ASCII_BODY),
				json: true,
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
				{ method: 'POST', baseURL: 'http://127.0.0.1:8787', url: '/api/v1/transfers/on-us/', body: JSON.parse(NON_ASCII_BODY), json: true, headers },
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
