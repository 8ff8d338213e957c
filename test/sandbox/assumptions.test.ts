import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({
	assumptions: {
		trailingSlash: 'redirect',
		rateLimitPerMinute: 5,
		transactionAmountSign: 'absolute',
		offsetListCount: 'page',
		cursorEmptyPage: 'omit',
		repeatedKeyStatus: 400,
		keyConsumedBeforeValidation: false,
	},
	login: true,
});
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});

test('the switches change behaviour', async () => {
	const redirect = await axios.get(`${sb.url}/api/v1/customers/${ada.id}?x=1`, { maxRedirects: 0, validateStatus: () => true });
	expect(redirect.status).toBe(307);
	expect(redirect.headers.location).toBe(`/api/v1/customers/${ada.id}/?x=1`);

	const pockets = await client.get(`/api/v1/customers/${ada.id}/jiko-accounts/`, { query: { limit: 2, offset: 2 } });
	expect(pockets.data.count).toBe(1);

	const tx = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/transactions/`, { query: { 'filter[types]': 'WIRE_FEE', limit: 100 } });
	expect(tx.data.items.every((t: { amount: { value: number } }) => t.amount.value > 0)).toBe(true);
	expect(tx.data).not.toHaveProperty('next_page');
	expect(tx.data).not.toHaveProperty('prev_page');

	// a key used by a request that failed validation is not consumed here
	const key = randomUUID();
	expect((await client.get('/api/v1/customers/bad/', { idempotencyKey: key })).status).toBe(422);
	expect((await client.get(`/api/v1/customers/${ada.id}/`, { idempotencyKey: key })).status).toBe(200);

	// 5th signed request: the repeated key gets the configured status
	expect((await client.get(`/api/v1/customers/${ada.id}/`, { idempotencyKey: key })).status).toBe(400);
	// 6th request of the minute: over the limit
	const limited = await client.get(`/api/v1/customers/${ada.id}/`);
	expect(limited.status).toBe(429);
	expect(limited.headers['retry-after']).toMatch(/^\d+$/);
	expect(limited.headers['x-ratelimit-limit']).toBe('5');
	expect(limited.headers['x-ratelimit-remaining']).toBe('0');
});
