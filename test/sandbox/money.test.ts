import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { JikoRawClient } from '../support/jikoRawClient';
import { useSandbox, openSandbox } from '../support/sandbox';

const { ada, grace, acme } = DEMO_IDS.customers;
const PARTNER = DEMO_IDS.partnerPocketId;
let sb: RunningSandbox;
let client: JikoRawClient;

const sandbox = useSandbox({ held: true, login: true });
beforeAll(() => {
	sb = sandbox.get();
	client = sandbox.raw();
});

const cash = (id: string) => sb.state.balanceOf(id).cash;
const acct = (id: string) => ({ id, type: 'JIKO_ACCOUNT' });
const req = (cents: number) => ({ type: 'REQUESTED_AMOUNT', amount_usdc: cents });
const onUs = (body: object) => client.post('/api/v1/transfers/on-us/', body);
const settle = () => axios.post(`${sb.url}/_sandbox/settle`);

describe('on-us transfers', () => {
	test('PARTNER_CUSTOMER_FUNDING moves money partner → customer, with ON_US transactions on both sides', async () => {
		const [p0, a0] = [cash(PARTNER), cash(ada.pockets.main)];
		const res = await onUs({ type: 'PARTNER_CUSTOMER_FUNDING', from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: req(12_345), source: 'ledger-1', description: 'top up' });
		expect(res.status).toBe(201);
		expect(res.data).toMatchObject({ status: 'COMPLETED', object_type: 'OnUsTransfer', fees: [{ type: 'AUM_FEE', amount: { value: 0 } }] });
		expect(res.data.transfer).toMatchObject({ type: 'PARTNER_CUSTOMER_FUNDING', transfer_id: res.data.id, amount: { value: 12_345, currency: 'USD', formatted: '$123.45' }, source: 'ledger-1' });
		expect(cash(PARTNER)).toBe(p0 - 12_345);
		expect(cash(ada.pockets.main)).toBe(a0 + 12_345);
		const txs = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/transactions/`, { query: { 'filter[types]': 'ON_US', limit: 1 } });
		expect(txs.data.items[0].details.on_us_transaction).toEqual({ on_us_transfer_id: res.data.id, on_us_transfer_type: 'PARTNER_CUSTOMER_FUNDING', source: 'ledger-1' });
		const got = await client.get(`/api/v1/transfers/on-us/${res.data.id}/`);
		expect(got.status).toBe(200);
		expect(got.data).toEqual(res.data);
	});

	test('DEFUNDING, INTERNAL_REALLOCATION and PEER_TO_PEER move balances', async () => {
		let [p0, a0] = [cash(PARTNER), cash(ada.pockets.main)];
		let r = await onUs({ type: 'PARTNER_CUSTOMER_DEFUNDING', from_account: acct(ada.pockets.main), to_account: acct(PARTNER), amount: req(1_000), target: 't' });
		expect(r.data.status).toBe('COMPLETED');
		expect([cash(PARTNER) - p0, cash(ada.pockets.main) - a0]).toEqual([1_000, -1_000]);

		[a0] = [cash(ada.pockets.main)];
		const r0 = cash(ada.pockets.reserve);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.reserve), amount: req(2_000) });
		expect(r.data.status).toBe('COMPLETED');
		expect([cash(ada.pockets.main) - a0, cash(ada.pockets.reserve) - r0]).toEqual([-2_000, 2_000]);

		a0 = cash(ada.pockets.main);
		const g0 = cash(grace.pockets.main);
		r = await onUs({ type: 'PEER_TO_PEER', from_account: acct(ada.pockets.main), to_account: { id: ada.onUsCounterparty, type: 'COUNTERPARTY' }, amount: req(300) });
		expect(r.status).toBe(201);
		expect(r.data.status).toBe('COMPLETED');
		expect([cash(ada.pockets.main) - a0, cash(grace.pockets.main) - g0]).toEqual([-300, 300]);
		p0 = 0;
	});

	test('FULL_WITHDRAWAL moves the whole available cash', async () => {
		await onUs({ type: 'PARTNER_CUSTOMER_FUNDING', from_account: acct(PARTNER), to_account: acct(acme.pockets.payroll), amount: req(500), source: 's' });
		const before = sb.state.availableOf(acme.pockets.payroll);
		const p0 = cash(PARTNER);
		const r = await onUs({ type: 'PARTNER_CUSTOMER_DEFUNDING', from_account: acct(acme.pockets.payroll), to_account: acct(PARTNER), amount: { type: 'FULL_WITHDRAWAL' }, target: 't' });
		expect(r.data.status).toBe('COMPLETED');
		expect(r.data.transfer.amount.value).toBe(before);
		expect(sb.state.availableOf(acme.pockets.payroll)).toBe(0);
		expect(cash(PARTNER)).toBe(p0 + before);
	});

	test('insufficient funds → REJECTED INSUFFICIENT_FUNDS, nothing moves', async () => {
		const [g0, s0] = [cash(grace.pockets.main), cash(grace.pockets.savings)];
		const r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(grace.pockets.main), to_account: acct(grace.pockets.savings), amount: req(g0 + 1_000_000) });
		expect(r.status).toBe(201);
		expect(r.data).toMatchObject({ status: 'REJECTED', reason: 'INSUFFICIENT_FUNDS' });
		expect([cash(grace.pockets.main), cash(grace.pockets.savings)]).toEqual([g0, s0]);
	});

	test('async mode answers PENDING and settles later', async () => {
		const a0 = cash(ada.pockets.main);
		const r = await onUs({ type: 'PARTNER_CUSTOMER_FUNDING', from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: req(777), source: 's', async_mode: true });
		expect(r.data.status).toBe('PENDING');
		expect(cash(ada.pockets.main)).toBe(a0);
		await settle();
		expect(cash(ada.pockets.main)).toBe(a0 + 777);
		expect((await client.get(`/api/v1/transfers/on-us/${r.data.id}/`)).data.status).toBe('COMPLETED');
		const types = Object.values(sb.state.data.events).filter((e) => e.payload.on_us_id === r.data.id).map((e) => e.eventType);
		expect(types).toEqual(['transfers.on-us.processing', 'transfers.on-us.success']);
	});

	test('a duplicate transfer_id moves money once (409 by default)', async () => {
		const id = randomUUID();
		const a0 = cash(ada.pockets.main);
		const body = { type: 'PARTNER_CUSTOMER_FUNDING', transfer_id: id, from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: req(100), source: 's' };
		expect((await onUs(body)).status).toBe(201);
		const dup = await onUs(body);
		expect(dup.status).toBe(409);
		expect(dup.data).toEqual({ detail: 'transfer_id already exists' });
		expect(cash(ada.pockets.main)).toBe(a0 + 100);
	});

	test('validation: FULL_WITHDRAWAL on funding, wrong roles, frozen pocket, missing source, 404', async () => {
		let r = await onUs({ type: 'PARTNER_CUSTOMER_FUNDING', from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: { type: 'FULL_WITHDRAWAL' } });
		expect(r.status).toBe(422);
		const locs = r.data.detail.map((d: { loc: string[] }) => d.loc.join('.'));
		expect(locs).toEqual(expect.arrayContaining(['body.amount.type', 'body.source']));
		r = await onUs({ type: 'PARTNER_CUSTOMER_FUNDING', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.reserve), amount: req(1), source: 's' });
		expect(r.status).toBe(422);
		expect(r.data.detail[0].loc).toEqual(['body', 'from_account', 'id']);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(grace.pockets.main), amount: req(1) });
		expect(r.status).toBe(422);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.main), amount: req(1) });
		expect(r.status).toBe(422);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.frozen), amount: req(1) });
		expect(r.status).toBe(422);
		expect(r.data.detail[0].msg).toMatch(/FROZEN/);
		r = await onUs({ type: 'PEER_TO_PEER', from_account: acct(ada.pockets.main), to_account: { id: grace.onUsCounterparty, type: 'COUNTERPARTY' }, amount: req(1) });
		expect(r.status).toBe(422);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(randomUUID()), to_account: acct(ada.pockets.main), amount: req(1) });
		expect(r.status).toBe(404);
		r = await onUs({ type: 'INTERNAL_REALLOCATION', from_account: acct(ada.pockets.main), to_account: acct(ada.pockets.reserve), amount: req(0), description: 'x'.repeat(101) });
		expect(r.status).toBe(422);
		expect((await client.get(`/api/v1/transfers/on-us/${randomUUID()}/`)).data).toEqual({ detail: 'On-us transfer not found' });
	});

	test('on-us counterparties are not in the counterparty list but are in the demo ids', async () => {
		const list = await client.get(`/api/v1/customers/${ada.id}/counterparties/`);
		expect(list.data.items.map((c: { id: string }) => c.id)).not.toContain(ada.onUsCounterparty);
		const demo = await client.get('/api/v1/sandbox/demo/');
		expect(demo.data.customers[0].on_us_counterparties).toEqual([ada.onUsCounterparty]);
	});
});

describe('ACH originations', () => {
	const path = `/api/v1/jiko-accounts/${ada.pockets.main}/ach-originating/`;
	test('DEBIT raises and CREDIT lowers the balance once PROCESSED', async () => {
		const a0 = cash(ada.pockets.main);
		const d = await client.post(path, { counterparty_id: ada.counterparties.achVerified, direction: 'DEBIT', amount_usdc: 5_000, payment_related_information: ['marker-1'] });
		expect(d.status).toBe(200);
		expect(d.data).toMatchObject({ status: 'PENDING', direction: 'DEBIT', sec_code: 'WEB', company_entry_description: 'Funding TX', amount: { value: 5_000 }, jiko_account_id: ada.pockets.main, object_type: 'ACHResponse' });
		const c = await client.post(path, { counterparty_id: ada.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 2_000 });
		expect(c.data.company_entry_description).toBe('Release TX');
		expect(cash(ada.pockets.main)).toBe(a0);
		await settle();
		expect(cash(ada.pockets.main)).toBe(a0 + 3_000);
		const got = await client.get(`${path}${d.data.id}/`);
		expect(got.data.status).toBe('PROCESSED');
		const list = await client.get(path, { query: { direction: 'CREDIT' } });
		expect(list.data.items.map((x: { id: string }) => x.id)).toEqual([c.data.id]);
		const all = await client.get(path, { query: { 'filter[status]': 'PROCESSED' } });
		expect(all.data.items.map((x: { id: string }) => x.id)).toEqual([c.data.id, d.data.id]);
	});

	test('unverified, foreign or wrong-type counterparties are refused', async () => {
		for (const cp of [ada.counterparties.achInProgress, ada.counterparties.achFailed, grace.counterparties.achVerified, ada.counterparties.wireVerified]) {
			const r = await client.post(path, { counterparty_id: cp, direction: 'DEBIT', amount_usdc: 100 });
			expect(r.status).toBe(422);
			expect(r.data.detail[0].loc).toEqual(['body', 'counterparty_id']);
		}
		const r = await client.post(path, { counterparty_id: ada.counterparties.achInProgress, direction: 'DEBIT', amount_usdc: 100 });
		expect(r.data.detail[0].msg).toMatch(/IN_PROGRESS/);
		const big = await client.post(path, { counterparty_id: ada.counterparties.achVerified, direction: 'CREDIT', amount_usdc: 10 ** 12 });
		expect(big.status).toBe(422);
		const bad = await client.post(path, { counterparty_id: ada.counterparties.achVerified, direction: 'UP', amount_usdc: -1, company_entry_description: 'way too long text' });
		expect(bad.data.detail.map((d: { loc: string[] }) => d.loc[1])).toEqual(['direction', 'amount_usdc', 'company_entry_description']);
	});
});

describe('wires', () => {
	const path = `/api/v1/jiko-accounts/${ada.pockets.main}/wires/`;
	test('a wire books WIRE + WIRE_FEE transactions; a duplicate wire_id moves money once', async () => {
		const wireId = randomUUID();
		const a0 = cash(ada.pockets.main);
		const r = await client.post(path, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: 100_000, wire_id: wireId, description: 'rent' });
		expect(r.status).toBe(201);
		expect(r.text).toBe(''); // Jiko documents no body (assumption wireCreateBody: none)
		expect(sb.state.data.wires[wireId]).toMatchObject({ id: wireId, status: 'PENDING', amount: 100_000 });
		expect((await client.post(path, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: 100_000, wire_id: wireId })).status).toBe(409);
		await settle();
		expect(cash(ada.pockets.main)).toBe(a0 - 102_500);
		const txs = Object.values(sb.state.data.transactions).filter((t) => (t.details.wire_transaction ?? t.details.wire_fee_transaction)?.wire_id === wireId);
		expect(txs.map((t) => [t.details.transaction_type, t.amount, t.status]).sort()).toEqual([['WIRE', -100_000, 'COMPLETED'], ['WIRE_FEE', -2_500, 'COMPLETED']]);
		const events = Object.values(sb.state.data.events).filter((e) => e.payload.wire_id === wireId).map((e) => e.eventType);
		expect(events).toEqual(['transfers.wire.out.processing', 'transfers.wire.out.success']);
	});
	test('only VERIFIED WIRE counterparties', async () => {
		expect((await client.post(path, { counterparty_id: ada.counterparties.achVerified, amount_usdc: 1 })).status).toBe(422);
		expect((await client.post(`/api/v1/jiko-accounts/${grace.pockets.main}/wires/`, { counterparty_id: grace.counterparties.wireInProgress, amount_usdc: 1 })).status).toBe(422);
	});
});

describe('return-existing and sandbox funding', () => {
	test('duplicateTransferId: return-existing answers 200 with the existing transfer', async () => {
		const sb2 = await openSandbox({ assumptions: { duplicateTransferId: 'return-existing' } });
		try {
			const c2 = new JikoRawClient(sb2.url);
			await c2.login();
			const body = { type: 'PARTNER_CUSTOMER_FUNDING', transfer_id: randomUUID(), from_account: acct(PARTNER), to_account: acct(ada.pockets.main), amount: req(100), source: 's' };
			const a0 = sb2.state.balanceOf(ada.pockets.main).cash;
			const first = await c2.post('/api/v1/transfers/on-us/', body);
			const again = await c2.post('/api/v1/transfers/on-us/', body);
			expect([first.status, again.status]).toEqual([201, 200]);
			expect(again.data).toEqual(first.data);
			expect(sb2.state.balanceOf(ada.pockets.main).cash).toBe(a0 + 100);
		} finally {
			await sb2.close();
		}
	});
	test('POST /api/v1/sandbox/fund/ adds incoming ACH credits', async () => {
		const g0 = cash(grace.pockets.savings);
		const r = await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 1_000, count: 2 });
		expect(r.status).toBe(202);
		expect(cash(grace.pockets.savings)).toBe(g0 + 2_000);
		expect((await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 5_000_000 })).status).toBe(422);
		// Jiko's FundPortalRequest: count < 10 (exclusiveMaximum).
		const ten = await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 1, count: 10 });
		expect(ten.status).toBe(422);
		expect(ten.data.detail).toEqual([expect.objectContaining({ loc: ['body', 'count'], type: 'value_error.number.not_lt' })]);
		expect((await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 1, count: 9 })).status).toBe(202);
	});

	test('the funding credit carries company_name as sent, "FakeCompany" when none (Jiko\'s schema default)', async () => {
		const names = async () => {
			const listed = await client.get(`/api/v1/jiko-accounts/${grace.pockets.savings}/transactions/`, { query: { limit: 100 } });
			return JSON.stringify(listed.data);
		};
		expect((await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 7, company_name: 'Acme Payroll' })).status).toBe(202);
		expect(await names()).toContain('"company_name":"Acme Payroll"');
		expect((await client.post('/api/v1/sandbox/fund/', { account_id: grace.pockets.savings, amount_usdc: 8 })).status).toBe(202);
		expect(await names()).toContain('"company_name":"FakeCompany"');
	});
});
