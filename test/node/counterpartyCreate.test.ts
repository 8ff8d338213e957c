/**
 * Counterparty → Create (wire) through n8n's engine against the sandbox: once per payee across
 * re-runs, racing executions, lost answers and every reading of a duplicate create; fields
 * checked before anything is sent; verification waited for, or the reason money cannot go yet.
 */
import { confirmPolicy } from '../../nodes/Jiko/money/patience';
import { runJiko } from '../support/jiko';
import { clearFaults, DEMO_IDS, sandboxStats, setAssumptions, setFaults, useSandbox } from '../support/sandbox';

const { grace } = DEMO_IDS.customers;
const sandbox = useSandbox();
let account = 5_000_000;

const payee = (over: Record<string, unknown> = {}) => ({
	resource: 'counterparty',
	operation: 'create',
	customerId: grace.id,
	payeeType: 'business',
	businessName: 'Vendor Co',
	routingNumber: '021000021',
	accountNumber: String(account++),
	streetAddress: '1 Main St',
	city: 'Austin',
	state: 'TX',
	postalCode: '78701',
	country: 'US',
	...over,
});
const jiko = (parameters: Record<string, unknown>, continueOnFail = false) => runJiko(sandbox.get().url, parameters, { continueOnFail });
const wireCounterparties = (accountNumber: string) =>
	Object.values(sandbox.get().state.data.counterparties).filter((c) => c.customerId === grace.id && c.side.account_number === accountNumber);

beforeAll(() => {
	confirmPolicy.windowMs = 3_000;
});
afterEach(async () => {
	await clearFaults(sandbox.get().url);
	await setAssumptions(sandbox.get().url, { counterpartyDuplicate: 'create-another', counterpartyVerification: 'verifies', counterpartyVerifyAfterMs: 2000, repeatedKey: 'conflict' });
});

describe.each(['create-another', 'conflict'] as const)('Counterparty → Create (counterpartyDuplicate %s)', (duplicate) => {
	beforeEach(async () => {
		await setAssumptions(sandbox.get().url, { counterpartyDuplicate: duplicate });
	});

	it('creates once: a re-run finds the payee by routing and account number (existing), one counterparty', async () => {
		const params = payee();
		const first = await jiko(params);
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ outcome: 'created', type: 'WIRE', verification_status: 'IN_PROGRESS', can_receive: false });
		expect(String(first.items[0].json.next_step)).toContain('still verifying');
		const again = await jiko(params);
		expect(again.items[0].json).toMatchObject({ outcome: 'existing', counterparty_id: first.items[0].json.counterparty_id });
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});

	it.each(['conflict', 'replay'] as const)('two executions at once (repeatedKey %s) → one counterparty', async (repeatedKey) => {
		await setAssumptions(sandbox.get().url, { repeatedKey });
		const params = payee();
		const runs = await Promise.all([jiko(params), jiko(params), jiko(params)]);
		for (const run of runs) expect(run.error).toBeUndefined();
		expect(new Set(runs.map((r) => r.items[0].json.counterparty_id)).size).toBe(1);
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});

	it('a lost answer is resent with its key and confirmed by the look-up: one counterparty, created', async () => {
		const params = payee();
		await setFaults(sandbox.get().url, { dropResponseAfterCommit: { count: 1, paths: [`/api/v2/customers/${grace.id}/counterparties/`], methods: ['POST'] } });
		const run = await jiko(params);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.outcome).toBe('created');
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});
});

describe('verification', () => {
	it('Wait for Verification returns VERIFIED, can_receive true, no next step', async () => {
		await setAssumptions(sandbox.get().url, { counterpartyVerifyAfterMs: 400 });
		const run = await jiko(payee({ payeeOptions: { waitForVerification: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 10 } }));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ verification_status: 'VERIFIED', can_receive: true });
		expect(run.items[0].json.next_step).toBeUndefined();
	});

	it('a failed verification says why money cannot go', async () => {
		await setAssumptions(sandbox.get().url, { counterpartyVerifyAfterMs: 200 });
		const run = await jiko(payee({ payeeType: 'individual', firstName: 'Dee', lastName: 'DECLINE', payeeOptions: { waitForVerification: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 10 } }));
		expect(run.items[0].json).toMatchObject({ verification_status: 'FAILED', can_receive: false });
		expect(String(run.items[0].json.next_step)).toContain('could not verify');
	});

	it('Max Wait ends the wait with the latest status', async () => {
		await setAssumptions(sandbox.get().url, { counterpartyVerification: 'stays', counterpartyVerifyAfterMs: 0 });
		const started = Date.now();
		const run = await jiko(payee({ payeeOptions: { waitForVerification: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 1 } }));
		expect(run.items[0].json.verification_status).toBe('IN_PROGRESS');
		expect(Date.now() - started).toBeLessThan(5_000);
	});
});

describe('fields are checked before anything is sent', () => {
	it.each([
		[{ routingNumber: '021000022' }, 'Routing Number (item 0): "021000022" fails the routing number checksum'],
		[{ routingNumber: '2100002' }, 'Routing Number (item 0): "2100002" is not a routing number'],
		[{ accountNumber: '12 34' }, 'Account Number (item 0): "12 34" contains spaces or dashes'],
		[{ state: 'ZZ' }, 'State (item 0): "ZZ" is not a US state code'],
		[{ country: 'USA' }, 'Country (item 0): "USA" is not a country code'],
		[{ postalCode: '7870' }, 'Postal Code (item 0): "7870" is not a US ZIP code'],
		[{ businessName: ' ' }, 'Business Name (item 0): is empty'],
		[{ customerId: 'nope' }, 'Customer ID (item 0): "nope" is not a Jiko ID'],
	])('%j → %s; no request', async (over, message) => {
		const before = await sandboxStats(sandbox.get().url);
		const count = Object.keys(sandbox.get().state.data.counterparties).length;
		const run = await jiko(payee(over));
		expect(run.error?.message).toContain(message);
		expect((await sandboxStats(sandbox.get().url)).requests).toBe(before.requests);
		expect(Object.keys(sandbox.get().state.data.counterparties).length).toBe(count);
	});

	it('a foreign address is not checked against US state and ZIP rules', async () => {
		const run = await jiko(payee({ state: 'Bavaria', postalCode: '80331', country: 'DE' }));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.outcome).toBe('created');
	});
});

describe('a Jiko without the create path', () => {
	const old = useSandbox({ assumptions: { v2Endpoints: false } });

	it('fails at once with Jiko\'s 404 and creates nothing', async () => {
		const count = Object.keys(old.get().state.data.counterparties).length;
		const started = Date.now();
		const run = await runJiko(old.get().url, payee());
		expect(run.error?.message).toBe(
			`This Jiko has no Create Counterparty at POST /api/v2/customers/${grace.id}/counterparties/ (HTTP 404); nothing was created`,
		);
		expect(run.error?.description).toMatch(/Partner API reference .*Counterparties V2 → Create Counterparty/);
		expect(Date.now() - started).toBeLessThan(2_500);
		expect(Object.keys(old.get().state.data.counterparties).length).toBe(count);
	});
});
