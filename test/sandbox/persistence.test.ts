import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import axios from 'axios';
import { DEMO_IDS } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { openSandbox } from '../support/sandbox';

const dir = mkdtempSync(join(tmpdir(), 'jiko-sandbox-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('with a data file, state survives a restart (subscriptions, transactions, tokens)', async () => {
	const file = join(dir, 'state.json');
	const first = await openSandbox({ options: { dataFile: file } });
	const c = new JikoRawClient(first.url);
	await c.login();
	const sub = await c.post('/api/v1/subscriptions/', { events: ['card.status.open'], url: 'https://example.com/p', shared_secret: 'persisted-secret-0001' });
	expect(sub.status).toBe(201);
	const tx = first.state.addTransaction({ accountId: DEMO_IDS.customers.grace.pockets.main, amount: 4242, timestamp: Date.now(), status: 'COMPLETED', details: { transaction_type: 'GENERIC', title: 'persisted' } });
	const cashBefore = first.state.balanceOf(DEMO_IDS.customers.grace.pockets.main).cash;
	await first.close();
	expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('jiko-sandbox');

	const second = await openSandbox({ options: { dataFile: file } });
	try {
		const c2 = new JikoRawClient(second.url);
		c2.token = c.token; // the token issued before the restart is still valid
		const got = await c2.get(`/api/v1/subscriptions/${sub.data.id}/`);
		expect(got.status).toBe(200);
		expect(got.data.url).toBe('https://example.com/p');
		expect(second.state.data.subscriptions[sub.data.id].sharedSecret).toBe('persisted-secret-0001');
		const t = await c2.get(`/api/v1/jiko-accounts/${DEMO_IDS.customers.grace.pockets.main}/transactions/${tx.id}/`);
		expect(t.status).toBe(200);
		const acc = await c2.get(`/api/v1/jiko-accounts/${DEMO_IDS.customers.grace.pockets.main}/`);
		expect(acc.data.portfolio.cash.value).toBe(cashBefore);
		// reset reseeds: the added subscription and transaction are gone
		await axios.post(`${second.url}/_sandbox/reset`);
		expect((await c2.get(`/api/v1/subscriptions/${sub.data.id}/`)).status).toBe(404);
	} finally {
		await second.close();
	}
});

test('without a data file every start is a fresh seed', async () => {
	const a = await openSandbox();
	const c = new JikoRawClient(a.url);
	await c.login();
	const sub = await c.post('/api/v1/subscriptions/', { events: ['card.status.open'], url: 'https://example.com/q', shared_secret: 'not-persisted-0001' });
	await a.close();
	const b = await openSandbox();
	try {
		expect(b.state.data.subscriptions[sub.data.id]).toBeUndefined();
	} finally {
		await b.close();
	}
});
