/**
 * The v2 transactions readings Jiko's docs leave open, each a switch read per request:
 * v2AmountFilterUnit (amount_from / amount_to in cents, dollars, or ignored), v2WireFilter
 * (filter[wire] applied or ignored), v2TransferIds (ach_id / wire_id flat, nested or absent),
 * wireCounterpartyName (the payee name an outgoing wire's transactions show), and the fixed
 * rule that originations from before July 2024 show `ach_id: null`. Every switch
 * is changed at run time (PUT /_sandbox/config) against one running sandbox, over HTTP.
 */
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import { DEFAULT_ASSUMPTIONS } from '../../sandbox/assumptions';
import { JikoRawClient, type QueryValue } from '../support/jikoRawClient';
import { DEMO_IDS, ledger, setAssumptions, useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
const POCKET = ada.pockets.reserve;
const ACH_CENTS = 123_457; // $1,234.57: no seeded transaction of the pocket has this amount
const WIRE_CENTS = 45_679;

const sandbox = useSandbox({ options: { achSettleMs: 600_000, asyncSettleMs: 600_000 } });
let client: JikoRawClient;
let achId: string;
let wireId: string;

type Item = Record<string, any>;
const list = async (query: Record<string, QueryValue>) => client.get(`/api/v2/pockets/${POCKET}/transactions/`, { query: { limit: 100, ...query } });
const items = async (query: Record<string, QueryValue>): Promise<Item[]> => {
	const res = await list(query);
	expect({ status: res.status, body: res.status === 200 ? 'ok' : res.data }).toEqual({ status: 200, body: 'ok' });
	return res.data.items as Item[];
};
const cents = (i: Item) => i.amount.value as number;
/** The ACH item of our origination, found without relying on where its ach_id sits. */
const ourAch = (xs: Item[]) => xs.filter((i) => i.type === 'ACH' && cents(i) === ACH_CENTS);

beforeAll(async () => {
	client = new JikoRawClient(sandbox.get().url);
	await client.login();
	const ach = await client.post(`/api/v1/jiko-accounts/${POCKET}/ach-originating/`, { counterparty_id: ada.counterparties.achVerified, direction: 'DEBIT', sec_code: 'WEB', amount_usdc: ACH_CENTS });
	expect(ach.status).toBe(200);
	achId = ach.data.id;
	wireId = randomUUID();
	const wire = await client.post(`/api/v1/jiko-accounts/${POCKET}/wires/`, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: WIRE_CENTS, wire_id: wireId });
	expect(wire.status).toBe(201);
});

afterEach(async () => {
	const { v2AmountFilterUnit, v2WireFilter, v2TransferIds, wireCounterpartyName } = DEFAULT_ASSUMPTIONS;
	await setAssumptions(sandbox.get().url, { v2AmountFilterUnit, v2WireFilter, v2TransferIds, wireCounterpartyName });
});

test('the defaults are today\'s behaviour: cents, applied, flat', () => {
	expect(DEFAULT_ASSUMPTIONS).toMatchObject({ v2AmountFilterUnit: 'cents', v2WireFilter: 'applied', v2TransferIds: 'flat' });
});

describe('v2AmountFilterUnit', () => {
	test('cents: integer cents, inclusive; a decimal is 422', async () => {
		const exact = await items({ amount_from: ACH_CENTS, amount_to: ACH_CENTS });
		expect(exact.length).toBeGreaterThanOrEqual(1);
		expect(exact.every((i) => cents(i) === ACH_CENTS)).toBe(true);
		expect(ourAch(exact)).toHaveLength(1);
		expect(ourAch(await items({ amount_from: ACH_CENTS - 1, amount_to: ACH_CENTS + 1 }))).toHaveLength(1);
		expect(ourAch(await items({ amount_from: ACH_CENTS + 1 }))).toHaveLength(0);
		const asDollars = await list({ amount_from: '1234.57', amount_to: '1234.57' });
		expect(asDollars.status).toBe(422);
		expect(asDollars.data.detail[0].loc).toEqual(['query', 'amount_from']);
	});

	test('dollars: decimal dollars, a bound B compared as B*100 cents, inclusive', async () => {
		await setAssumptions(sandbox.get().url, { v2AmountFilterUnit: 'dollars' });
		const exact = await items({ amount_from: '1234.57', amount_to: '1234.57' });
		expect(exact.every((i) => cents(i) === ACH_CENTS)).toBe(true);
		expect(ourAch(exact)).toHaveLength(1);
		// inclusive at both ends, with fractions of a cent in between
		expect(ourAch(await items({ amount_from: '1234.565', amount_to: '1234.575' }))).toHaveLength(1);
		expect(ourAch(await items({ amount_from: '1234.58' }))).toHaveLength(0);
		expect(ourAch(await items({ amount_to: '1234.56' }))).toHaveLength(0);
		// the same number read as cents finds nothing of ours ($123,457 is far more)
		expect(ourAch(await items({ amount_from: ACH_CENTS, amount_to: ACH_CENTS }))).toHaveLength(0);
		// 12.5 is accepted: 1250 cents
		const twelveFifty = await items({ amount_from: '12.5', amount_to: '12.5' });
		expect(twelveFifty.every((i) => cents(i) === 1250)).toBe(true);
		for (const bad of ['abc', '-1', '1e3']) expect({ bad, status: (await list({ amount_from: bad })).status }).toEqual({ bad, status: 422 });
	});

	test('ignored: any number is accepted and no bound is applied', async () => {
		const all = await items({});
		await setAssumptions(sandbox.get().url, { v2AmountFilterUnit: 'ignored' });
		const ignored = await items({ amount_from: ACH_CENTS, amount_to: ACH_CENTS });
		expect(ignored.map((i) => i.id)).toEqual(all.map((i) => i.id));
		expect(ignored.some((i) => cents(i) !== ACH_CENTS)).toBe(true);
		expect((await items({ amount_from: '-3', amount_to: '1.5' })).map((i) => i.id)).toEqual(all.map((i) => i.id));
		expect((await list({ amount_from: 'abc' })).status).toBe(422);
	});
});

describe('v2WireFilter', () => {
	test('applied: a known wire id returns only its WIRE and WIRE_FEE items; a random one nothing', async () => {
		const mine = await items({ 'filter[wire]': wireId });
		expect(mine.map((i) => i.type).sort()).toEqual(['WIRE', 'WIRE_FEE']);
		expect(mine.every((i) => i.wire_id === wireId)).toBe(true);
		expect(await items({ 'filter[wire]': randomUUID() })).toEqual([]);
	});

	test('ignored: accepted, not applied — the pocket\'s page under the other filters', async () => {
		await setAssumptions(sandbox.get().url, { v2WireFilter: 'ignored' });
		const all = await items({ limit: 5 });
		expect((await items({ limit: 5, 'filter[wire]': randomUUID() })).map((i) => i.id)).toEqual(all.map((i) => i.id));
		const achOnly = await items({ 'filter[type]': 'ACH', 'filter[wire]': wireId });
		expect(achOnly.length).toBeGreaterThan(0);
		expect(achOnly.every((i) => i.type === 'ACH')).toBe(true);
		// paged normally: the cursor walks on
		const first = await list({ limit: 2, 'filter[wire]': wireId });
		expect(first.data.next_page).toEqual(expect.any(String));
		const second = await items({ limit: 2, 'filter[wire]': wireId, cursor: first.data.next_page });
		expect(second.map((i) => i.id)).toEqual((await items({ limit: 4 })).slice(2).map((i) => i.id));
		expect((await list({ 'filter[wire]': 'not-a-uuid' })).status).toBe(422);
	});
});

describe('v2TransferIds', () => {
	const achItem = async () => {
		const found = ourAch(await items({ 'filter[type]': 'ACH' }));
		expect(found).toHaveLength(1);
		return found[0];
	};

	test('flat: ach_id, ach_direction, wire_id top-level', async () => {
		expect(await achItem()).toMatchObject({ ach_id: achId, ach_direction: 'ORIGINATION', company_entry_description: 'Funding TX' });
		const wire = await items({ 'filter[wire]': wireId });
		for (const i of wire) expect(i).toMatchObject({ wire_id: wireId, reference_number: expect.any(String) });
		expect(wire[0]).not.toHaveProperty('details');
	});

	test('nested: under details.ach_transaction / wire_transaction / wire_fee_transaction, not top-level', async () => {
		await setAssumptions(sandbox.get().url, { v2TransferIds: 'nested' });
		const ach = await achItem();
		expect(ach).not.toHaveProperty('ach_id');
		expect(ach).not.toHaveProperty('ach_direction');
		expect(ach.details).toEqual({ ach_transaction: expect.objectContaining({ ach_id: achId, ach_direction: 'ORIGINATION', company_entry_description: 'Funding TX' }) });
		const wire = await items({ 'filter[wire]': wireId });
		expect(wire).toHaveLength(2);
		for (const i of wire) {
			expect(i).not.toHaveProperty('wire_id');
			const key = i.type === 'WIRE' ? 'wire_transaction' : 'wire_fee_transaction';
			expect(i.details).toEqual({ [key]: { wire_id: wireId, reference_number: expect.any(String), counterparty_name: expect.any(String) } });
		}
	});

	test('absent: no ach_id / wire_id anywhere, the other fields stay; filter[wire] still works', async () => {
		await setAssumptions(sandbox.get().url, { v2TransferIds: 'absent' });
		const ach = await achItem();
		expect(JSON.stringify(ach)).not.toContain('ach_id');
		expect(JSON.stringify(ach)).not.toContain(achId);
		expect(ach).toMatchObject({ ach_direction: 'ORIGINATION', company_entry_description: 'Funding TX', trace_number: expect.any(String) });
		const wire = await items({ 'filter[wire]': wireId });
		expect(wire.map((i) => i.type).sort()).toEqual(['WIRE', 'WIRE_FEE']);
		for (const i of wire) {
			expect(JSON.stringify(i)).not.toContain('wire_id');
			expect(JSON.stringify(i)).not.toContain(wireId);
			expect(i).toMatchObject({ reference_number: expect.any(String), counterparty_name: expect.any(String) });
		}
		expect(await items({ 'filter[wire]': randomUUID() })).toEqual([]);
	});
});

describe('wireCounterpartyName', () => {
	const LONG = 'Lovelace Analytical Engine Computing Partners';
	let longWireId: string;
	beforeAll(async () => {
		const cp = await axios.post(`${sandbox.get().url}/_sandbox/counterparties`, { customer_id: ada.id, type: 'WIRE', name_on_account: LONG });
		longWireId = randomUUID();
		expect((await client.post(`/api/v1/jiko-accounts/${POCKET}/wires/`, { counterparty_id: cp.data.id, amount_usdc: WIRE_CENTS, wire_id: longWireId })).status).toBe(201);
	});
	/** The v1 WIRE / WIRE_FEE transactions of one wire. */
	const v1 = async (id: string): Promise<Item[]> => {
		const res = await client.get(`/api/v1/jiko-accounts/${POCKET}/transactions/`, { query: { limit: 100 } });
		return (res.data.items as Item[]).filter((t) => (t.details.wire_transaction ?? t.details.wire_fee_transaction)?.wire_id === id);
	};
	const nameOf = (t: Item) => (t.details.wire_transaction ?? t.details.wire_fee_transaction).counterparty_name;
	/** Every WIRE / WIRE_FEE item of both wires, v1 and v2 (flat and nested), shows `short` and `long`. */
	const expectShown = async (short: string | undefined, long: string | undefined, title: (name: string) => string) => {
		for (const [id, name, original] of [[wireId, short, 'Ada Lovelace'], [longWireId, long, LONG]] as const) {
			const txs = await v1(id);
			expect(txs.map((t) => t.details.transaction_type).sort()).toEqual(['WIRE', 'WIRE_FEE']);
			for (const t of txs) expect({ type: t.details.transaction_type, name: nameOf(t) }).toEqual({ type: t.details.transaction_type, name });
			expect(txs.find((t) => t.details.transaction_type === 'WIRE')?.details.title).toBe(title(name ?? original));
			for (const v2TransferIds of ['flat', 'nested'] as const) {
				await setAssumptions(sandbox.get().url, { v2TransferIds });
				for (const i of await items({ 'filter[wire]': id })) {
					const shown = v2TransferIds === 'flat' ? i.counterparty_name : (i.details.wire_transaction ?? i.details.wire_fee_transaction).counterparty_name;
					expect({ v2TransferIds, type: i.type, shown }).toEqual({ v2TransferIds, type: i.type, shown: name ?? null });
				}
			}
		}
	};

	test("nameOnAccount: the counterparty's name_on_account", async () => {
		await expectShown('Ada Lovelace', LONG, (name) => `Wire to ${name}`);
	});

	test('fedwireLine: in capitals, cut to 35 characters', async () => {
		await setAssumptions(sandbox.get().url, { wireCounterpartyName: 'fedwireLine' });
		await expectShown('ADA LOVELACE', 'LOVELACE ANALYTICAL ENGINE COMPUTIN', (name) => `Wire to ${name}`);
	});

	test('absent: no name (v1 leaves the key out, v2 shows null); a received wire still shows its sender', async () => {
		await setAssumptions(sandbox.get().url, { wireCounterpartyName: 'absent' });
		await expectShown(undefined, undefined, () => 'Wire Transfer Out');
		for (const t of await v1(wireId)) expect(t.details.wire_transaction ?? t.details.wire_fee_transaction).not.toHaveProperty('counterparty_name');
		const received = await client.get(`/api/v1/jiko-accounts/${ada.pockets.main}/transactions/`, { query: { 'filter[types]': 'WIRE', limit: 100 } });
		const incoming = (received.data.items as Item[]).filter((t) => t.amount.value > 0);
		expect(incoming.length).toBeGreaterThan(0);
		for (const t of incoming) expect(nameOf(t)).toEqual(expect.any(String));
	});
});

describe('ach_id of originations from before July 2024', () => {
	const url = () => sandbox.get().url;
	let old: Array<{ id: string; time_created: string }>;

	beforeAll(async () => {
		const seed = (ending: string) => axios.post(`${url()}/_sandbox/seed/ach`, { pocket_id: POCKET, count: 2, direction: 'DEBIT', ending });
		expect((await seed('2024-06-30T23:59:59.999Z')).data.created).toBe(2);
		expect((await seed('2024-07-01T00:00:00.001Z')).data.created).toBe(2);
		old = ((await ledger(url())).ach as unknown as Array<{ id: string; time_created: string }>).filter((a) => Date.parse(a.time_created) < Date.UTC(2024, 7, 1));
		expect(old.map((a) => new Date(Date.parse(a.time_created)).toISOString())).toEqual(['2024-06-30T23:59:59.998Z', '2024-06-30T23:59:59.999Z', '2024-07-01T00:00:00.000Z', '2024-07-01T00:00:00.001Z']);
	});

	const window = { time_booked_from: '2024-06-01T00:00:00Z', time_booked_to: '2024-08-01T00:00:00Z' };

	test('v2 (flat and nested): null before 2024-07-01T00:00:00Z, the origination id from then on', async () => {
		const want = [old[0].id, old[1].id, old[2].id, old[3].id].map((id, i) => (i < 2 ? null : id));
		const flat = await items({ ...window, order: 'asc' });
		expect(flat.map((i) => i.ach_id)).toEqual(want);
		expect(flat.every((i) => i.ach_direction === 'ORIGINATION')).toBe(true);
		await setAssumptions(url(), { v2TransferIds: 'nested' });
		expect((await items({ ...window, order: 'asc' })).map((i) => i.details.ach_transaction.ach_id)).toEqual(want);
	});

	test('v1 details.ach_transaction.ach_id likewise; GET by id still finds the old origination', async () => {
		const res = await client.get(`/api/v1/jiko-accounts/${POCKET}/transactions/`, { query: { order: 'asc', timestamp_from: window.time_booked_from, timestamp_to: window.time_booked_to, limit: 100 } });
		expect(res.status).toBe(200);
		expect(res.data.items.map((t: Item) => t.details.ach_transaction.ach_id)).toEqual([null, null, old[2].id, old[3].id]);
		const got = await client.get(`/api/v1/jiko-accounts/${POCKET}/ach-originating/${old[0].id}/`);
		expect(got.status).toBe(200);
		expect(got.data).toMatchObject({ id: old[0].id, status: 'PROCESSED' });
		expect(Date.parse(got.data.time_created)).toBe(Date.parse('2024-06-30T23:59:59.998Z'));
	});

	test('a recent origination shows its id', async () => {
		expect((await items({ 'filter[type]': 'ACH' })).find((i) => i.ach_id === achId)).toBeDefined();
	});

	test('seed/ach: `ending` must be an ISO time', async () => {
		const res = await axios.post(`${url()}/_sandbox/seed/ach`, { pocket_id: POCKET, count: 1, ending: 'yesterday' }, { validateStatus: () => true });
		expect(res.status).toBe(422);
		expect(JSON.stringify(res.data)).toContain('ending');
	});
});
