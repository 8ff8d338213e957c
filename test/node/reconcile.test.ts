/**
 * Transaction → Reconcile through n8n's engine against the sandbox: every class (paid, missing,
 * amount differs, paid twice, returned or rejected, unexpected) on each rail, under the readings
 * of where Jiko shows transfer ids (v2TransferIds) and what a returned ACH's status says
 * (achReturnStatus); each pocket read once per period, never per item.
 */
import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { achMarker, deriveTransferId } from '../../nodes/Jiko/money/ids';
import { runJiko } from '../support/jiko';
import { JikoRawClient } from '../support/jikoRawClient';
import { DEMO_IDS, sandboxStats, setAssumptions, settleAll, useSandbox } from '../support/sandbox';

const { ada } = DEMO_IDS.customers;
const POCKET = ada.pockets.main;
const acct = (id: string) => ({ id, type: 'JIKO_ACCOUNT' });

/** What the sandbox is made to hold, and what each expected item must be reported as. */
interface Case {
	rail: 'on-us' | 'ach' | 'wire';
	key: string;
	expected: number;
	verdict: string;
}

const settings = [
	{ v2TransferIds: 'flat', achReturnStatus: 'REJECTED' },
	{ v2TransferIds: 'nested', achReturnStatus: 'unchanged' },
	{ v2TransferIds: 'absent', achReturnStatus: 'REJECTED' },
	{ v2TransferIds: 'absent', achReturnStatus: 'unchanged' },
] as const;

describe.each(settings)('Reconcile (v2TransferIds $v2TransferIds, achReturnStatus $achReturnStatus)', (setting) => {
	const sandbox = useSandbox({ assumptions: { ...setting }, options: { achSettleMs: 600_000, asyncSettleMs: 600_000 } });
	let client: JikoRawClient;
	const tag = `${setting.v2TransferIds}-${setting.achReturnStatus}`;
	const k = (name: string) => `${tag}-${name}`;
	const periodStart = new Date(Date.now() - 60_000).toISOString();
	const cases: Case[] = [];

	const onUs = async (key: string, cents: number) =>
		expect(
			(await client.post('/api/v1/transfers/on-us/', {
				type: 'INTERNAL_REALLOCATION',
				transfer_id: deriveTransferId('on-us', key),
				from_account: acct(POCKET),
				to_account: acct(ada.pockets.reserve),
				amount: { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
				async_mode: false,
			})).status,
		).toBeLessThan(300);
	const wire = async (key: string, cents: number) =>
		expect((await client.post(`/api/v1/jiko-accounts/${POCKET}/wires/`, { counterparty_id: ada.counterparties.wireVerified, amount_usdc: cents, wire_id: deriveTransferId('wire', key) })).status).toBeLessThan(300);
	const ach = async (key: string, cents: number): Promise<string> => {
		const res = await client.post(`/api/v1/jiko-accounts/${POCKET}/ach-originating/`, {
			counterparty_id: ada.counterparties.achVerified,
			direction: 'CREDIT',
			sec_code: 'WEB',
			amount_usdc: cents,
			payment_related_information: ['invoice', achMarker(deriveTransferId('ach', key))],
		});
		expect(res.status).toBe(200);
		return res.data.id as string;
	};

	beforeAll(async () => {
		const url = sandbox.get().url;
		client = new JikoRawClient(url);
		await client.login();
		// on-us
		await onUs(k('o-paid'), 1_000);
		cases.push({ rail: 'on-us', key: k('o-paid'), expected: 1_000, verdict: 'paid' });
		await onUs(k('o-amount'), 1_500);
		cases.push({ rail: 'on-us', key: k('o-amount'), expected: 1_000, verdict: 'amount_differs' });
		cases.push({ rail: 'on-us', key: k('o-missing'), expected: 1_000, verdict: 'missing' });
		await onUs(k('o-stray'), 4_321);
		// More than the pocket holds: Jiko rejects it (INSUFFICIENT_FUNDS) and says so in transfers.on-us.rejected.
		await onUs(k('o-rejected'), 90_000_000_000);
		cases.push({ rail: 'on-us', key: k('o-rejected'), expected: 90_000_000_000, verdict: 'returned_or_rejected' });
		// wires
		await wire(k('w-paid'), 2_000);
		cases.push({ rail: 'wire', key: k('w-paid'), expected: 2_000, verdict: 'paid' });
		await wire(k('w-rejected'), 2_100);
		await axios.post(`${url}/_sandbox/wires/${deriveTransferId('wire', k('w-rejected'))}/reject`);
		cases.push({ rail: 'wire', key: k('w-rejected'), expected: 2_100, verdict: 'returned_or_rejected' });
		cases.push({ rail: 'wire', key: k('w-missing'), expected: 2_000, verdict: 'missing' });
		await wire(k('w-amount'), 2_222);
		cases.push({ rail: 'wire', key: k('w-amount'), expected: 2_200, verdict: 'amount_differs' });
		// duplicates: Jiko executes an existing id again (the duplicate-id switch)
		await setAssumptions(url, { duplicateTransferId: 'execute-again' });
		await onUs(k('o-twice'), 1_000);
		await onUs(k('o-twice'), 1_000);
		cases.push({ rail: 'on-us', key: k('o-twice'), expected: 1_000, verdict: 'paid_twice' });
		await wire(k('w-twice'), 2_000);
		await wire(k('w-twice'), 2_000);
		cases.push({ rail: 'wire', key: k('w-twice'), expected: 2_000, verdict: 'paid_twice' });
		await setAssumptions(url, { duplicateTransferId: 'conflict' });
		// ACH
		await ach(k('a-paid'), 3_000);
		cases.push({ rail: 'ach', key: k('a-paid'), expected: 3_000, verdict: 'paid' });
		const returned = await ach(k('a-returned'), 3_100);
		await ach(k('a-twice'), 3_200);
		await ach(k('a-twice'), 3_200);
		cases.push({ rail: 'ach', key: k('a-twice'), expected: 3_200, verdict: 'paid_twice' });
		await ach(k('a-amount'), 3_333);
		cases.push({ rail: 'ach', key: k('a-amount'), expected: 3_300, verdict: 'amount_differs' });
		cases.push({ rail: 'ach', key: k('a-missing'), expected: 3_000, verdict: 'missing' });
		await settleAll(url);
		await axios.post(`${url}/_sandbox/ach/${returned}/return`);
		// A return that leaves the status PROCESSED is visible only where transactions show ach_id.
		const seen = setting.achReturnStatus === 'REJECTED' || setting.v2TransferIds !== 'absent';
		cases.push({ rail: 'ach', key: k('a-returned'), expected: 3_100, verdict: seen ? 'returned_or_rejected' : 'paid' });
	});

	it('reports every class exactly, with the ids and how each was matched; one read per pocket and period', async () => {
		const url = sandbox.get().url;
		const before = await sandboxStats(url);
		const items: IDataObject[] = cases.map((c) => ({ rail: c.rail, key: c.key, amount: c.expected }));
		const run = await runJiko(
			url,
			{
				resource: 'transaction',
				operation: 'reconcile',
				pocketId: { __rl: true, mode: 'id', value: POCKET },
				rail: '={{ $json.rail }}',
				businessKey: '={{ $json.key }}',
				expectedAmount: '={{ $json.amount }}',
				expectedAmountInCents: true,
				periodStart,
				reconcileOptions: { unexpected: 'outgoing' },
				requestOptions: { parallelRequests: 4 },
			},
			{ items },
		);
		expect(run.error).toBeUndefined();
		const got = run.items.slice(0, cases.length).map((i) => i.json);
		expect(got.map((j) => `${String(j.business_key)} ${String(j.reconciliation)}`)).toEqual(cases.map((c) => `${c.key} ${c.verdict}`));
		for (const [index, j] of got.entries()) {
			expect(run.items[index].pairedItem).toEqual({ item: index });
			expect(String(j.matched_by)).toContain('Business Key →');
			expect(j.needs_attention).toBe(j.reconciliation !== 'paid');
		}
		expect(String(got.find((j) => j.business_key === k('o-rejected'))?.reason)).toContain('transfers.on-us.rejected');
		const amount = got.find((j) => j.business_key === k('w-amount'));
		expect(amount).toMatchObject({ amount_cents: 2_222, expected_amount_cents: 2_200, amount_difference_cents: 22 });
		const paid = got.find((j) => j.business_key === k('o-paid'));
		expect(paid).toMatchObject({ amount_cents: 1_000, match_count: 1, transfer_id: deriveTransferId('on-us', k('o-paid')) });

		// The transactions nobody expected: the stray on-us transfer (and nothing we expected).
		const unexpected = run.items.slice(cases.length).map((i) => i.json);
		expect(unexpected.every((j) => j.reconciliation === 'unexpected')).toBe(true);
		expect(unexpected.filter((j) => j.transfer_id === deriveTransferId('on-us', k('o-stray')))).toHaveLength(1);
		const expectedIds = new Set(cases.map((c) => deriveTransferId(c.rail, c.key)));
		expect(unexpected.filter((j) => expectedIds.has(String(j.transfer_id)))).toEqual([]);
		expect(run.items[cases.length].pairedItem).toEqual([{ item: 0 }]);

		// Reads: one v2 walk of the pocket (+ v1 wires where v2 hides wire ids), one walk of its ACH
		// originations, one of the events — for all the items together.
		const requests = (await sandboxStats(url)).requests - before.requests;
		expect(requests).toBeLessThanOrEqual(setting.v2TransferIds === 'absent' ? 8 : 6);
	});

	it('matches by Transfer ID without a Business Key (an ACH by its origination id), and says so', async () => {
		const url = sandbox.get().url;
		const origination = await client.post(`/api/v1/jiko-accounts/${POCKET}/ach-originating/`, {
			counterparty_id: ada.counterparties.achVerified,
			direction: 'CREDIT',
			sec_code: 'WEB',
			amount_usdc: 4_444,
		});
		const run = await runJiko(url, {
			resource: 'transaction',
			operation: 'reconcile',
			pocketId: { __rl: true, mode: 'id', value: POCKET },
			rail: 'ach',
			businessKey: '',
			transferId: origination.data.id,
			expectedAmount: '44.44',
			periodStart,
		});
		expect(run.error).toBeUndefined();
		expect(run.items).toHaveLength(1);
		expect(run.items[0].json).toMatchObject({ reconciliation: 'paid', amount_cents: 4_444, business_key: null, ach_ids: [origination.data.id] });
		expect(String(run.items[0].json.matched_by)).toMatch(/^Transfer ID →/);
	});

	it('items of two pockets: each pocket read once for all its items, the events once', async () => {
		const url = sandbox.get().url;
		const paid = cases.filter((c) => c.rail === 'on-us' && c.verdict === 'paid');
		// The on-us transfer main → reserve shows in both pockets under one transfer id.
		const items: IDataObject[] = [...paid, ...paid, ...paid].map((c, index) => ({ key: c.key, amount: c.expected, pocket: index % 2 === 0 ? POCKET : ada.pockets.reserve }));
		const before = await sandboxStats(url);
		const run = await runJiko(
			url,
			{
				resource: 'transaction',
				operation: 'reconcile',
				pocketId: { __rl: true, mode: 'id', value: '={{ $json.pocket }}' },
				rail: 'on-us',
				businessKey: '={{ $json.key }}',
				expectedAmount: '={{ $json.amount }}',
				expectedAmountInCents: true,
				periodStart,
			},
			{ items },
		);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => [i.json.pocket_id, i.json.reconciliation])).toEqual(items.map((i) => [i.pocket, 'paid']));
		// per pocket: its v2 transactions (1 page) and its ACH originations (1 page); the events (1 page)
		expect((await sandboxStats(url)).requests - before.requests).toBeLessThanOrEqual(2 * 2 + 1 + (setting.v2TransferIds === 'absent' ? 2 : 0));
	});

	it.each([
		['Continue On Fail', 'continueRegularOutput'],
		['On Error → Continue (using error output)', 'continueErrorOutput'],
	] as const)('%s: an item whose pocket cannot be read is an error item; the other pocket still gets its verdicts and unexpected transactions', async (_, onError) => {
		const url = sandbox.get().url;
		const paid = cases.filter((c) => c.verdict === 'paid');
		// A pocket Jiko does not know (a mistyped id): its read answers 404. Then an item of the
		// known pocket that fails on its own (a rail that does not exist).
		const unknown = '0b1d1e55-0000-4000-8000-00000000dead';
		const items: IDataObject[] = [
			{ pocket: unknown, rail: 'on-us', key: k('o-paid'), amount: 1_000 },
			{ pocket: POCKET, rail: 'cheque', key: k('o-paid'), amount: 1_000 },
			...paid.map((c) => ({ pocket: POCKET, rail: c.rail, key: c.key, amount: c.expected })),
		];
		const run = await runJiko(
			url,
			{
				resource: 'transaction',
				operation: 'reconcile',
				pocketId: { __rl: true, mode: 'id', value: '={{ $json.pocket }}' },
				rail: '={{ $json.rail }}',
				businessKey: '={{ $json.key }}',
				expectedAmount: '={{ $json.amount }}',
				expectedAmountInCents: true,
				periodStart,
				reconcileOptions: { unexpected: 'all' },
			},
			{ items, nodeSettings: { onError } },
		);
		expect(run.error).toBeUndefined();
		const errors = onError === 'continueErrorOutput' ? run.errorItems : run.items.filter((i) => i.json.error !== undefined);
		expect(errors.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(String(errors[0].json.error)).toContain(unknown);
		expect(errors[1].json.error).toBe('Rail (item 1): "cheque" is not a rail — use on-us, ach or wire');
		const good = run.items.filter((i) => i.json.error === undefined);
		const verdicts = good.filter((i) => i.json.reconciliation !== 'unexpected');
		expect(verdicts.map((i) => [i.pairedItem, i.json.business_key, i.json.reconciliation])).toEqual(paid.map((c, index) => [{ item: index + 2 }, c.key, 'paid']));
		// The pocket that was read: its transactions nobody expected (the stray on-us transfer
		// among them), each paired to its first item that got a verdict; none for the unknown pocket.
		const unexpected = good.filter((i) => i.json.reconciliation === 'unexpected');
		expect(unexpected.filter((i) => i.json.transfer_id === deriveTransferId('on-us', k('o-stray')))).toHaveLength(1);
		for (const i of unexpected) {
			expect(i.json.pocket_id).toBe(POCKET);
			expect(i.pairedItem).toEqual([{ item: 2 }]);
		}
	});

	it('without Continue On Fail, an unknown pocket fails the node, naming it', async () => {
		const unknown = '0b1d1e55-0000-4000-8000-00000000dead';
		const run = await runJiko(sandbox.get().url, {
			resource: 'transaction',
			operation: 'reconcile',
			pocketId: { __rl: true, mode: 'id', value: unknown },
			rail: 'on-us',
			businessKey: k('o-paid'),
			expectedAmount: '10',
			periodStart,
			reconcileOptions: { unexpected: 'outgoing' },
		});
		expect(run.error?.message).toContain(unknown);
		expect(run.items).toEqual([]);
	});

	it('says what to fix when neither a Business Key nor a Transfer ID is given', async () => {
		const run = await runJiko(sandbox.get().url, {
			resource: 'transaction',
			operation: 'reconcile',
			pocketId: { __rl: true, mode: 'id', value: POCKET },
			rail: 'wire',
			businessKey: '',
			expectedAmount: '10',
			periodStart,
		});
		expect(run.error?.message).toContain('Business Key (item 0): give the payment');
	});
});
