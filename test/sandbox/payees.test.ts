/**
 * Create Counterparty V2 (wire) with verification that progresses or fails, and ACH returns
 * after PROCESSED — each switch of the "payees and returns" block set at run time against one
 * running sandbox, over HTTP.
 */
import axios from 'axios';
import { JikoRawClient } from '../support/jikoRawClient';
import { DEMO_IDS, setAssumptions, settleAll, useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
const sandbox = useSandbox({ options: { achSettleMs: 600_000, asyncSettleMs: 600_000 } });
let client: JikoRawClient;

const payee = (over: Record<string, unknown> = {}) => ({
	routing_number: '021000021',
	identifier: '123456789',
	address: { street_address: '1 Main St', city: 'Austin', postal_code: '78701', state: 'TX', country: 'US' },
	counterparty_name: { type: 'business', business_name: 'Vendor Co' },
	...over,
});
const create = (body: Record<string, unknown>) => client.post(`/api/v2/customers/${ada.id}/counterparties/`, body);
const get = (id: string) => client.get(`/api/v1/customers/${ada.id}/counterparties/${id}/`);

beforeAll(async () => {
	client = new JikoRawClient(sandbox.get().url);
	await client.login();
});
afterEach(async () => {
	await setAssumptions(sandbox.get().url, { counterpartyDuplicate: 'create-another', counterpartyVerification: 'verifies', counterpartyVerifyAfterMs: 2000, achReturnStatus: 'REJECTED' });
});

describe('Create Counterparty V2 (wire)', () => {
	it('creates IN_PROGRESS, then VERIFIED after counterpartyVerifyAfterMs; listed with the v1 reads', async () => {
		await setAssumptions(sandbox.get().url, { counterpartyVerifyAfterMs: 300 });
		const res = await create(payee({ identifier: '1000001' }));
		expect(res.status).toBe(201);
		expect(res.data).toMatchObject({ type: 'WIRE', wire: { status: 'IN_PROGRESS', routing_number: '021000021', account_number: '1000001', name_on_account: 'Vendor Co' } });
		expect((await get(res.data.id)).data.wire.status).toBe('IN_PROGRESS');
		await new Promise((r) => setTimeout(r, 350));
		expect((await get(res.data.id)).data.wire.status).toBe('VERIFIED');
		const list = await client.get(`/api/v1/customers/${ada.id}/counterparties/`, { query: { limit: 100 } });
		expect(list.data.items.map((c: { id: string }) => c.id)).toContain(res.data.id);
	});

	it.each([
		['fails', 'FAILED'],
		['stays', 'IN_PROGRESS'],
	] as const)('counterpartyVerification %s → %s', async (mode, status) => {
		await setAssumptions(sandbox.get().url, { counterpartyVerification: mode, counterpartyVerifyAfterMs: 0 });
		const res = await create(payee({ identifier: `2000${mode.length}` }));
		expect((await get(res.data.id)).data.wire.status).toBe(status);
	});

	it('a name with DECLINE fails under every setting', async () => {
		await setAssumptions(sandbox.get().url, { counterpartyVerifyAfterMs: 0 });
		const res = await create(payee({ identifier: '3000001', counterparty_name: { type: 'individual', first_name: 'Dee', last_name: 'DECLINE' } }));
		expect((await get(res.data.id)).data.wire.status).toBe('FAILED');
	});

	it('counterpartyDuplicate: create-another makes a second one, conflict answers 409', async () => {
		const first = await create(payee({ identifier: '4000001' }));
		const again = await create(payee({ identifier: '4000001' }));
		expect(again.status).toBe(201);
		expect(again.data.id).not.toBe(first.data.id);
		await setAssumptions(sandbox.get().url, { counterpartyDuplicate: 'conflict' });
		const refused = await create(payee({ identifier: '4000001' }));
		expect(refused.status).toBe(409);
	});

	it('refuses a routing number with a bad checksum, a bad state and country, naming the field; nothing created', async () => {
		const before = Object.keys(sandbox.get().state.data.counterparties).length;
		const bad = await create(payee({ routing_number: '021000022', address: { street_address: '1 Main', city: 'X', postal_code: '1', state: 'ZZ', country: 'usa' } }));
		expect(bad.status).toBe(422);
		const locs = (bad.data.detail as { loc: string[] }[]).map((d) => d.loc.join('.'));
		expect(locs).toEqual(expect.arrayContaining(['body.routing_number', 'body.address.country']));
		const badState = await create(payee({ address: { street_address: '1 Main', city: 'X', postal_code: '1', state: 'ZZ', country: 'US' } }));
		expect((badState.data.detail as { loc: string[] }[]).map((d) => d.loc.join('.'))).toContain('body.address.state');
		expect(Object.keys(sandbox.get().state.data.counterparties).length).toBe(before);
	});
});

describe('ACH returned after PROCESSED', () => {
	it.each(['REJECTED', 'unchanged'] as const)('achReturnStatus %s: a reversing transaction with the same ach_id, the event, the status', async (mode) => {
		const url = sandbox.get().url;
		await setAssumptions(url, { achReturnStatus: mode });
		const pocket = ada.pockets.main;
		const ach = await client.post(`/api/v1/jiko-accounts/${pocket}/ach-originating/`, { counterparty_id: ada.counterparties.achVerified, direction: 'CREDIT', sec_code: 'WEB', amount_usdc: 777 });
		expect({ status: ach.status, data: ach.status === 200 ? 'ok' : ach.data }).toEqual({ status: 200, data: 'ok' });
		const before = sandbox.get().state.balanceOf(pocket).cash;
		expect((await axios.post(`${url}/_sandbox/ach/${ach.data.id}/return`, {}, { validateStatus: () => true })).status).toBe(409);
		await settleAll(url);
		const afterSettle = sandbox.get().state.balanceOf(pocket).cash;
		expect(afterSettle).toBe(before - 777);
		const ret = await axios.post(`${url}/_sandbox/ach/${ach.data.id}/return`);
		expect(ret.data.status).toBe(mode === 'REJECTED' ? 'REJECTED' : 'PROCESSED');
		expect(sandbox.get().state.balanceOf(pocket).cash).toBe(before);
		const got = await client.get(`/api/v1/jiko-accounts/${pocket}/ach-originating/${ach.data.id}/`);
		expect(got.data.status).toBe(mode === 'REJECTED' ? 'REJECTED' : 'PROCESSED');
		const events = await client.get('/api/v1/events/', { query: { limit: 100, after: new Date(Date.now() - 60_000).toISOString() } });
		expect(events.data.items.some((e: { event: { event_type: string } }) => e.event.event_type === 'transfers.ach.out.rejected')).toBe(true);
	});
});
