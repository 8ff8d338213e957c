import { DEMO_IDS, sandboxStats, useSandbox } from '../support/sandbox';
import { runJiko, type JikoRunOptions } from '../support/jiko';
import { startReplayProxy, type ReplayProxy } from '../support/replayProxy';

/* Read operations of the Jiko node, run by n8n's engine against the sandbox over HTTP. */
const sandbox = useSandbox();
const ada = DEMO_IDS.customers.ada;
const acme = DEMO_IDS.customers.acme;

const jiko = (parameters: Record<string, unknown>, extra: JikoRunOptions = {}) => runJiko(sandbox.get().url, parameters, extra);

const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

describe('Pocket', () => {
	it("Get returns the pocket with its portfolio (Jiko's v2 pocket)", async () => {
		const { url } = (await sandbox).get();
		const before = await sandboxStats(url);
		const run = await jiko({ resource: 'pocket', operation: 'get', pocketId: byId(ada.pockets.main) });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ id: ada.pockets.main, object_type: 'Pocket', status: 'OPEN', customer_id: ada.id });
		expect(run.items[0].json.portfolio).toHaveProperty('cash.value');
		expect(typeof run.items[0].json.pocket_name).toBe('string');
		expect((await sandboxStats(url)).requests - before.requests).toBe(1);
	});

	it('Get Many without a customer lists every pocket, filtered by status', async () => {
		const open = await jiko({ resource: 'pocket', operation: 'getMany', customerId: '', returnAll: true, statuses: ['CLOSED'] });
		expect(open.error).toBeUndefined();
		expect(open.items.length).toBeGreaterThan(0);
		expect(open.items.every((i) => i.json.status === 'CLOSED')).toBe(true);
		expect(open.items.map((i) => i.json.id)).toContain(acme.pockets.closed);
	});

	it("Get Many lists a customer's pockets, honouring Limit", async () => {
		const all = await jiko({ resource: 'pocket', operation: 'getMany', customerId: acme.id, returnAll: true });
		expect(all.items.map((i) => i.json.id).sort()).toEqual(Object.values(acme.pockets).sort());
		const one = await jiko({ resource: 'pocket', operation: 'getMany', customerId: acme.id, returnAll: false, limit: 1 });
		expect(one.items).toHaveLength(1);
	});

	it('Get Balance gives cents and exact dollar strings that agree with the sandbox', async () => {
		const run = await jiko({ resource: 'pocket', operation: 'getBalance', pocketId: byId(ada.pockets.main) });
		const balance = run.items[0].json;
		const cents = (await sandbox).get().state.balanceOf(ada.pockets.main).cash;
		expect(balance.cash_cents).toBe(cents);
		expect(balance.cash).toBe(`${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`);
		expect(balance).toMatchObject({ pocket_id: ada.pockets.main, status: 'OPEN', currency: 'USD' });
		expect(typeof balance.total_value_cents).toBe('number');
	});

	describe('Get Balance when Jiko leaves an amount out (v2 types portfolio as an optional any)', () => {
		let proxy: ReplayProxy;
		let change: (pocket: Record<string, any>) => void = () => undefined;
		beforeAll(async () => {
			proxy = await startReplayProxy(sandbox.get().url, {
				replay: false,
				rewrite: (path, body) => {
					if (path !== `/api/v2/pockets/${ada.pockets.main}/`) return body;
					const pocket = JSON.parse(body.toString('utf8'));
					change(pocket);
					return Buffer.from(JSON.stringify(pocket));
				},
			});
		});
		afterAll(async () => await proxy.close());
		const balance = async () => await runJiko(proxy.url, { resource: 'pocket', operation: 'getBalance', pocketId: byId(ada.pockets.main) });
		const unknown = { total_value_cents: null, total_value: null, cash_cents: null, cash: null, all_time_earnings_cents: null, all_time_earnings: null };

		it.each([
			['no portfolio', (pocket: Record<string, any>) => delete pocket.portfolio],
			['portfolio null', (pocket: Record<string, any>) => (pocket.portfolio = null)],
			['amounts null', (pocket: Record<string, any>) => (pocket.portfolio = { cash: null, total_value: null, all_time_earnings: null })],
			['values null', (pocket: Record<string, any>) => (pocket.portfolio = { cash: { value: null }, total_value: { value: null }, all_time_earnings: { currency: 'USD' } })],
		])('%s: every amount is null (unknown), never 0 / "0.00"', async (_name, rewrite) => {
			change = rewrite;
			const run = await balance();
			expect(run.error).toBeUndefined();
			expect(run.items[0].json).toEqual({ pocket_id: ada.pockets.main, name: expect.any(String), status: 'OPEN', customer_id: ada.id, currency: 'USD', ...unknown });
		});

		it('cash missing, the rest given: only cash is null', async () => {
			change = (pocket) => {
				delete pocket.portfolio.cash;
				pocket.portfolio.total_value = { value: 0, currency: 'USD' };
			};
			const run = await balance();
			expect(run.items[0].json).toMatchObject({ cash_cents: null, cash: null, total_value_cents: 0, total_value: '0.00', all_time_earnings_cents: expect.any(Number) });
		});

		it('a value that is not whole cents fails the item, naming the pocket and the field', async () => {
			change = (pocket) => (pocket.portfolio.cash = { value: 12.5, currency: 'USD' });
			const run = await balance();
			expect(run.error?.message).toBe(`Jiko's answer for pocket ${ada.pockets.main} has portfolio.cash.value 12.5, not a whole number of cents: the balance cannot be read`);
		});
	});

	it('a bad customer ID names the field and the item, before any request', async () => {
		const run = await jiko({ resource: 'pocket', operation: 'getMany', customerId: 'not-a-uuid', returnAll: true });
		expect(run.error?.message).toContain('Customer ID (item 0): "not-a-uuid" is not a Jiko ID');
	});

	it('an unknown pocket with Continue On Fail gives an {error} item paired to its input', async () => {
		const run = await jiko(
			{ resource: 'pocket', operation: 'get', pocketId: byId('00000000-0000-4000-8000-000000000000') },
			{ continueOnFail: true, items: [{ a: 1 }, { a: 2 }] },
		);
		expect(run.items).toHaveLength(2);
		expect(run.items[1].json.error).toMatch(/^Not found/);
		expect(run.items[1].pairedItem).toEqual({ item: 1 });
	});
});

describe('Customer', () => {
	it('Get returns individual and business customers', async () => {
		const person = await jiko({ resource: 'customer', operation: 'get', customerId: ada.id });
		expect(person.items[0].json).toMatchObject({ id: ada.id, type: 'INDIVIDUAL' });
		const business = await jiko({ resource: 'customer', operation: 'get', customerId: acme.id });
		expect(business.items[0].json).toMatchObject({ id: acme.id, type: 'BUSINESS' });
	});
});

describe('Transaction', () => {
	it('Get Many walks every cursor page of the big pocket with no gap or duplicate', async () => {
		const state = (await sandbox).get().state;
		const pocketId = ada.pockets.main;
		const expected = Object.values(state.data.transactions).filter((t) => t.accountId === pocketId);
		expect(expected.length).toBeGreaterThanOrEqual(250);
		const run = await jiko({ resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: byId(pocketId), returnAll: true, filters: {} });
		const ids = run.items.map((i) => i.json.id);
		expect(new Set(ids).size).toBe(ids.length);
		expect(ids.length).toBe(expected.length);
	});

	it('Limit stops early; filters reach Jiko (types, oldest first)', async () => {
		const limited = await jiko({ resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: byId(ada.pockets.main), returnAll: false, limit: 7, filters: {} });
		expect(limited.items).toHaveLength(7);
		const wires = await jiko({
			resource: 'transaction',
			operation: 'getMany',
			scope: 'customer',
			customerId: ada.id,
			returnAll: true,
			filters: { types: ['WIRE', 'WIRE_FEE'], order: 'asc' },
		});
		expect(wires.items.length).toBeGreaterThan(0);
		expect(wires.items.every((i) => ['WIRE', 'WIRE_FEE'].includes(String((i.json.details as { transaction_type: string }).transaction_type)))).toBe(true);
		const times = wires.items.map((i) => Date.parse(String(i.json.timestamp)));
		expect([...times].sort((a, b) => a - b)).toEqual(times);
	});

	it('Get returns one transaction of a pocket', async () => {
		const list = await jiko({ resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: byId(ada.pockets.main), returnAll: false, limit: 1, filters: {} });
		const id = String(list.items[0].json.id);
		const run = await jiko({ resource: 'transaction', operation: 'get', pocketId: byId(ada.pockets.main), transactionId: id });
		expect(run.items[0].json).toMatchObject({ id, jiko_account_id: ada.pockets.main });
	});
});

describe('Counterparty', () => {
	it('Get Many shows the verification status; Only Verified keeps just VERIFIED ones', async () => {
		const all = await jiko({ resource: 'counterparty', operation: 'getMany', customerId: ada.id, returnAll: true, onlyVerified: false });
		const statuses = all.items.map((i) => i.json.verification_status);
		expect(statuses).toContain('VERIFIED');
		expect(statuses.some((s) => s !== 'VERIFIED')).toBe(true);
		const verified = await jiko({ resource: 'counterparty', operation: 'getMany', customerId: ada.id, returnAll: true, onlyVerified: true });
		expect(verified.items.length).toBeGreaterThan(0);
		expect(verified.items.every((i) => i.json.verification_status === 'VERIFIED' && i.json.can_receive === true)).toBe(true);
	});

	it('Get returns one counterparty', async () => {
		const run = await jiko({ resource: 'counterparty', operation: 'get', customerId: ada.id, counterpartyId: byId(ada.counterparties.achVerified) });
		expect(run.items[0].json).toMatchObject({ id: ada.counterparties.achVerified, type: 'ACH', verification_status: 'VERIFIED' });
	});
});
