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
	await setAssumptions(sandbox.get().url, { counterpartyDuplicate: 'create-another', counterpartyVerification: 'verifies', counterpartyVerifyAfterMs: 2000, counterpartyAccountNumbers: 'full', repeatedKey: 'conflict' });
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

// Jiko's schema does not say whether a counterparty shows its account number whole: where it is
// masked, "the payee is not there" cannot be told once a counterparty with the same routing number
// and visible end exists, and the node creates nothing rather than a second one.
describe.each(['create-another', 'conflict'] as const)('Counterparty → Create where Jiko masks account numbers (counterpartyDuplicate %s)', (duplicate) => {
	beforeEach(async () => {
		await setAssumptions(sandbox.get().url, { counterpartyAccountNumbers: 'masked', counterpartyDuplicate: duplicate });
	});
	const maskedError = (id: unknown, accountNumber: string) =>
		`Customer ${grace.id} has a wire counterparty ${String(id)} with routing number 021000021 and account number *****${accountNumber.slice(-4)}, which Jiko shows masked: it may be this payee; nothing was created`;

	it('creates the first time; a re-run fails closed naming the counterparty it may be, still one', async () => {
		const params = payee();
		const first = await jiko(params);
		expect(first.error).toBeUndefined();
		expect(first.items[0].json.outcome).toBe('created');
		const again = await jiko(params);
		expect(again.error?.message).toBe(maskedError(first.items[0].json.counterparty_id, params.accountNumber));
		expect(again.error?.description).toContain('use that id');
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});

	it('three executions at once → one counterparty; the others fail closed', async () => {
		const params = payee();
		const runs = await Promise.all([jiko(params), jiko(params), jiko(params)]);
		const created = runs.filter((r) => !r.error);
		expect(created).toHaveLength(1);
		for (const run of runs.filter((r) => r.error)) expect(run.error?.message).toContain('which Jiko shows masked');
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});

	it('a lost answer: one counterparty, the item created or failed closed, never a second', async () => {
		const params = payee();
		await setFaults(sandbox.get().url, { dropResponseAfterCommit: { count: 1, paths: [`/api/v2/customers/${grace.id}/counterparties/`], methods: ['POST'] } });
		const run = await jiko(params);
		if (run.error) expect(run.error.message).toContain('which Jiko shows masked');
		else expect(run.items[0].json.outcome).toBe('created');
		expect(wireCounterparties(params.accountNumber)).toHaveLength(1);
	});

	it('another account of the same bank with other last four digits is created', async () => {
		const first = payee();
		await jiko(first);
		const other = payee({ accountNumber: `${first.accountNumber}1` });
		const run = await jiko(other);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.outcome).toBe('created');
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
