import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { forgetReadings } from '../../nodes/Jiko/money/readings';
import { type Assumptions, type RunningSandbox } from '../../sandbox/server';
import { runJiko } from '../support/jiko';
import { startReplayProxy, type ReplayProxy } from '../support/replayProxy';
import { retryPolicy } from '../../nodes/Jiko/transport';
import { DEMO_IDS, clearFaults, ledger, setFaults, settleAll, type Ledger, openSandbox } from '../support/sandbox';
import { achPayoutParams, onUsParams, wireParams } from '../support/transfers';

/*
 * A keyed payroll (ACH payouts, wires, on-us transfers, a Business Key each) runs once; 150
 * newer ACH and 150 newer wires land in the pocket; n8n restarts (the node remembers nothing)
 * and Jiko has forgotten the request keys; the same payroll runs again. Jiko executes a
 * repeated transfer_id / wire_id again, so the node's look-ups are all that stands between a
 * re-run and a second payment. Under every reading of Jiko's silences the sandbox can play, no
 * transfer is paid twice: each item is found (`existing`), or fails closed with nothing sent.
 */
const { acme } = DEMO_IDS.customers;

const ACH = 20;
const WIRES = 20;
const ON_US = 10;

const achItems = Array.from({ length: ACH }, (_, i) => ({ key: `payroll-ach-${i}`, cents: 150_000 + i * 7 }));
const wireItems = Array.from({ length: WIRES }, (_, i) => ({ key: `payroll-wire-${i}`, cents: 250_000 + i * 11 }));
const onUsItems = Array.from({ length: ON_US }, (_, i) => ({ key: `payroll-on-us-${i}`, cents: 1_000 + i }));

const achParams = { ...achPayoutParams, companyEntryDescription: 'Payroll' };

type Setting = Partial<Assumptions>;
/** Each setting of each switch the look-ups depend on, and all the unfavourable ones at once. */
const SETTINGS: Array<{ name: string; assumptions: Setting }> = [
	{ name: 'the sandbox defaults (cents, filter applied, flat ids, 404)', assumptions: {} },
	{ name: 'amount filter in dollars', assumptions: { v2AmountFilterUnit: 'dollars' } },
	{ name: 'amount filter ignored', assumptions: { v2AmountFilterUnit: 'ignored' } },
	{ name: 'filter[wire] ignored', assumptions: { v2WireFilter: 'ignored' } },
	{ name: 'ids nested in details', assumptions: { v2TransferIds: 'nested' } },
	{ name: 'no ids on v2 items', assumptions: { v2TransferIds: 'absent' } },
	{ name: 'unknown on-us id answered 422', assumptions: { onUsUnknownId: 422 } },
	{
		name: 'all at once: dollars, filter[wire] ignored, no ids, 422',
		assumptions: { v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored', v2TransferIds: 'absent', onUsUnknownId: 422 },
	},
];

function paidPerKey(book: Ledger) {
	const markers = new Map<string, number>();
	for (const ach of book.ach) {
		for (const line of ach.payment_related_information ?? []) markers.set(line, (markers.get(line) ?? 0) + 1);
	}
	const wires = new Map<string, number>();
	for (const wire of book.wires) wires.set(wire.wire_id, (wires.get(wire.wire_id) ?? 0) + 1);
	const onUs = new Map<string, number>();
	for (const transfer of book.onUs) onUs.set(transfer.transfer_id ?? transfer.id, (onUs.get(transfer.transfer_id ?? transfer.id) ?? 0) + 1);
	return [
		...achItems.map((item) => markers.get(`n8n-jiko:${deriveTransferId('ach', item.key)}`) ?? 0),
		...wireItems.map((item) => wires.get(deriveTransferId('wire', item.key)) ?? 0),
		...onUsItems.map((item) => onUs.get(deriveTransferId('on-us', item.key)) ?? 0),
	];
}

describe.each(SETTINGS)('a keyed payroll run again after newer transfers and a restart — $name', ({ assumptions }) => {
	let sandbox: RunningSandbox;
	beforeAll(async () => {
		// Jiko forgets request keys at once and executes a repeated id again: only look-ups protect.
		sandbox = await openSandbox({
			assumptions: { ...assumptions, duplicateTransferId: 'execute-again', repeatedKeyWindowSeconds: 0 },
		});
		forgetReadings();
	});
	afterAll(async () => {
		await sandbox.close();
		forgetReadings();
	});

	it('pays nothing twice: every item is found, or fails closed with nothing sent', async () => {
		const { url } = sandbox;
		const run = async (parameters: Record<string, unknown>, items: IDataObject[]) =>
			await runJiko(url, parameters, { items, continueOnFail: true });

		const first = [await run(achParams, achItems), await run(wireParams, wireItems), await run(onUsParams, onUsItems)];
		const firstOut = first.flatMap((result) => result.items.map((item) => item.json));
		expect(firstOut.filter((json) => json.outcome !== 'created')).toEqual([]);
		await settleAll(url);
		const once = await ledger(url);
		expect(paidPerKey(once)).toEqual([...achItems, ...wireItems, ...onUsItems].map(() => 1));

		// 150 newer ACH and wires; n8n restarts (no readings, no execution memory).
		await axios.post(`${url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 150, direction: 'CREDIT' });
		await axios.post(`${url}/_sandbox/seed/wires`, { pocket_id: acme.pockets.operating, count: 150 });
		forgetReadings();

		const again = [await run(achParams, achItems), await run(wireParams, wireItems), await run(onUsParams, onUsItems)];
		const outputs = again.flatMap((result) => result.items.map((item) => item.json));
		const failedClosed = outputs.filter((json) => json.error !== undefined);
		const found = outputs.filter((json) => json.outcome === 'existing');
		// what a reader of the test output sees, per setting
		console.log(
			`${JSON.stringify(assumptions)}: ${found.length} found, ${failedClosed.length} failed closed; paths: ${[
				...new Set(found.map((json) => (json.look_up as IDataObject | undefined)?.path)),
			].join(' | ')}`,
		);
		expect(found.length + failedClosed.length).toBe(outputs.length);
		for (const json of failedClosed) expect(String(json.error)).toMatch(/Nothing was sent|nothing more was sent/);
		for (const json of found) expect(json.look_up).toMatchObject({ result: 'found', path: expect.any(String) });

		await settleAll(url);
		expect(paidPerKey(await ledger(url))).toEqual(paidPerKey(once));
	}, 180_000);
});

describe('a Jiko where no look-up can tell: no wire ids anywhere, no payment_related_information in ACH answers', () => {
	let sandbox: RunningSandbox;
	let proxy: ReplayProxy;
	const hidden = new Set(['wire_id', 'payment_related_information']);
	const strip = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(strip);
		if (value === null || typeof value !== 'object') return value;
		return Object.fromEntries(Object.entries(value).filter(([key]) => !hidden.has(key)).map(([key, inner]) => [key, strip(inner)]));
	};
	beforeAll(async () => {
		sandbox = await openSandbox({ assumptions: { duplicateTransferId: 'execute-again', repeatedKeyWindowSeconds: 0 } });
		proxy = await startReplayProxy(sandbox.url, {
			replay: false,
			rewrite: (path, body) => {
				if (path.startsWith('/_sandbox/') || body.length === 0) return body;
				try {
					return Buffer.from(JSON.stringify(strip(JSON.parse(body.toString('utf8')))));
				} catch {
					return body;
				}
			},
		});
		forgetReadings();
	});
	afterAll(async () => {
		await proxy.close();
		await sandbox.close();
		forgetReadings();
	});

	it.each([
		{ rail: 'ACH', parameters: achParams, items: achItems.slice(0, 3) },
		{ rail: 'wire', parameters: wireParams, items: wireItems.slice(0, 3) },
	])('keyed $rail items fail closed: nothing sent, and the message says what to check and that the same Business Key is safe', async ({ parameters, items }) => {
		// The pocket has history (an empty list would prove absence by itself).
		await axios.post(`${sandbox.url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 5 });
		await axios.post(`${sandbox.url}/_sandbox/seed/wires`, { pocket_id: acme.pockets.operating, count: 5 });
		const before = await ledger(sandbox.url);
		const run = await runJiko(proxy.url, parameters, { items });
		expect(run.error).toBeDefined();
		expect(run.error?.message).toMatch(/^Cannot tell whether the (ACH transfer|wire) of item 0 \((ach_marker_id|wire_id) [0-9a-f-]{36}\) was already made: .+\. Nothing was sent\.$/);
		expect(run.error?.description).toContain(acme.pockets.operating);
		expect(run.error?.description).toContain('same Business Key is safe');
		const after = await ledger(sandbox.url);
		expect(after.ach.length).toBe(before.ach.length);
		expect(after.wires.length).toBe(before.wires.length);
	});
});

describe('a wire whose read after the 201 fails', () => {
	let sandbox: RunningSandbox;
	const original = { ...retryPolicy };
	beforeAll(async () => {
		retryPolicy.backoffMs = () => 20;
		sandbox = await openSandbox();
		forgetReadings();
	});
	afterAll(async () => {
		Object.assign(retryPolicy, original);
		await sandbox.close();
		forgetReadings();
	});

	it('is still one wire, `created`, and the output says it could not be checked and where to look', async () => {
		const { url } = sandbox;
		// every read of the pocket's transactions fails (after the POST, which is not a GET)
		await setFaults(url, { serverErrors: { count: 50, status: 502, methods: ['GET'], paths: ['/api/v2/', '/api/v1/jiko-accounts/'] } });
		const run = await runJiko(url, { ...wireParams, amount: '4321', businessKey: '' });
		await clearFaults(url);
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({
			outcome: 'created',
			status: 'ACCEPTED',
			self_check: { result: 'could not read', note: expect.stringContaining('before anything else') },
		});
		expect((await ledger(url)).wires.filter((wire) => (wire.amount as { value: number }).value === 4321)).toHaveLength(1);
	});
});

describe("an earlier payment whose transaction shows no ach_id (Jiko: not populated for originations before July 2024)", () => {
	let sandbox: RunningSandbox;
	let proxy: ReplayProxy;
	let hiddenAchId = '';
	const hide = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(hide);
		if (value === null || typeof value !== 'object') return value;
		const object = value as Record<string, unknown>;
		const copy = Object.fromEntries(Object.entries(object).map(([key, inner]) => [key, hide(inner)]));
		if (object.object_type === 'TransactionActivity' && object.ach_id === hiddenAchId) copy.ach_id = null;
		return copy;
	};
	beforeAll(async () => {
		sandbox = await openSandbox({ assumptions: { duplicateTransferId: 'execute-again', repeatedKeyWindowSeconds: 0 } });
		proxy = await startReplayProxy(sandbox.url, {
			replay: false,
			rewrite: (path, body) => (path.includes('/transactions/') && hiddenAchId ? Buffer.from(JSON.stringify(hide(JSON.parse(body.toString('utf8'))))) : body),
		});
		forgetReadings();
	});
	afterAll(async () => {
		await proxy.close();
		await sandbox.close();
		forgetReadings();
	});

	it('is found by the walk, not taken for absent by the amount filter', async () => {
		const payroll = { key: 'old-payroll-0', cents: 123_457 };
		const first = await runJiko(proxy.url, achParams, { items: [payroll] });
		expect(first.items[0].json.outcome).toBe('created');
		hiddenAchId = String(first.items[0].json.id);
		await axios.post(`${sandbox.url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 150, direction: 'CREDIT' });
		forgetReadings();
		// another keyed ACH proves the amount filter with an origination of the newest page
		const other = await runJiko(proxy.url, achParams, { items: [{ key: 'old-payroll-other', cents: 99_001 }] });
		expect(other.items[0].json.look_up).toMatchObject({ path: expect.stringContaining('amount filter') });

		const again = await runJiko(proxy.url, achParams, { items: [payroll] });
		expect(again.items[0].json).toMatchObject({ outcome: 'existing', look_up: { result: 'found', path: expect.stringContaining('walk') } });
		const marker = `n8n-jiko:${deriveTransferId('ach', payroll.key)}`;
		expect((await ledger(sandbox.url)).ach.filter((ach) => (ach.payment_related_information ?? []).includes(marker))).toHaveLength(1);
	});
});
