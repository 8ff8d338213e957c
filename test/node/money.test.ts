import type { IDataObject } from 'n8n-workflow';

import { DEMO_IDS, ledger, sandboxStats, settleAll, useSandbox } from '../support/sandbox';
import { jikoRunner, runJiko } from '../support/jiko';

/*
 * Money movement through n8n's engine against the sandbox: balances before and after, exactly
 * once per business key, Dry Run sends nothing, Wait for Final Status waits.
 */
const sandbox = useSandbox();
const { ada, grace, acme } = DEMO_IDS.customers;
const partnerPocket = DEMO_IDS.partnerPocketId;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const jiko = jikoRunner(() => sandbox.get().url);

async function cash(pocketId: string): Promise<number> {
	const { url } = (await sandbox).get();
	return (await ledger(url)).balances[pocketId].cash;
}

const onUs = (extra: Record<string, unknown>) => ({
	resource: 'onUsTransfer',
	operation: 'create',
	transferType: 'INTERNAL_REALLOCATION',
	amountType: 'REQUESTED_AMOUNT',
	amountInCents: false,
	asyncMode: false,
	options: {},
	...extra,
});

describe('On-Us Transfer', () => {
	it('moves exact cents between two pockets of a customer (sync mode)', async () => {
		const [from, to] = [await cash(grace.pockets.main), await cash(grace.pockets.savings)];
		const run = await jiko(onUs({ fromPocketId: byId(grace.pockets.main), toPocketId: byId(grace.pockets.savings), amount: '1,234.56' }));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ outcome: 'created', status: 'COMPLETED', requested_amount_cents: 123456, requested_amount: '1234.56', business_key: null, transfer: { amount: { value: 123456 } } });
		expect(await cash(grace.pockets.main)).toBe(from - 123456);
		expect(await cash(grace.pockets.savings)).toBe(to + 123456);
	});

	it('the same Business Key twice moves money once and says "existing"', async () => {
		const before = await cash(grace.pockets.savings);
		const params = onUs({ fromPocketId: byId(grace.pockets.main), toPocketId: byId(grace.pockets.savings), amount: '10', businessKey: '={{ "sweep-" + $json.day }}' });
		const first = await jiko(params, [{ day: '2026-11-25' }]);
		const second = await jiko(params, [{ day: '2026-11-25' }]);
		expect(first.items[0].json.outcome).toBe('created');
		expect(second.items[0].json.outcome).toBe('existing');
		expect(second.items[0].json.transfer_id).toBe(first.items[0].json.transfer_id);
		expect(second.items[0].json.request_matches_existing).toBe(true);
		expect(await cash(grace.pockets.savings)).toBe(before + 1000);
	});

	it('On Error → Continue (using error output): the failed payment goes to the error output with its details, the paid one to the success output', async () => {
		const before = await cash(grace.pockets.savings);
		const params = onUs({ fromPocketId: byId(grace.pockets.main), toPocketId: byId(grace.pockets.savings), amount: '={{ $json.amount }}', businessKey: '={{ $json.key }}' });
		const run = await runJiko(sandbox.get().url, params, {
			items: [{ key: 'error-output-1', amount: '2' }, { key: 'error-output-1', amount: '5' }],
			nodeSettings: { onError: 'continueErrorOutput' },
		});
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.outcome)).toEqual(['created']);
		expect(run.errorItems).toHaveLength(1);
		expect(run.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(run.errorItems[0].json.error).toContain('Business Key "error-output-1" (item 1) already paid a different on-us transfer');
		expect(String(run.errorItems[0].json.details)).toContain('use a new Business Key');
		expect(await cash(grace.pockets.savings)).toBe(before + 200);
	});

	it('funds a customer from the partner pocket and defunds back, with source and target', async () => {
		const before = await cash(acme.pockets.operating);
		const funding = await jiko(onUs({ transferType: 'PARTNER_CUSTOMER_FUNDING', partnerPocketId: partnerPocket, toPocketId: byId(acme.pockets.operating), amount: '500', source: 'Welcome bonus' }));
		expect(funding.items[0].json).toMatchObject({ status: 'COMPLETED', transfer: { source: 'Welcome bonus' } });
		const defunding = await jiko(onUs({ transferType: 'PARTNER_CUSTOMER_DEFUNDING', fromPocketId: byId(acme.pockets.operating), partnerPocketId: partnerPocket, amount: '200', target: 'Fee' }));
		expect(defunding.items[0].json).toMatchObject({ status: 'COMPLETED' });
		expect(await cash(acme.pockets.operating)).toBe(before + 50000 - 20000);
	});

	it("sends PEER_TO_PEER to the customer's on-us counterparty", async () => {
		const before = await cash(grace.pockets.main);
		const run = await jiko(onUs({ transferType: 'PEER_TO_PEER', fromPocketId: byId(ada.pockets.main), onUsCounterpartyId: ada.onUsCounterparty, amount: '12.34' }));
		expect(run.error).toBeUndefined();
		expect(run.items[0].json.status).toBe('COMPLETED');
		expect(await cash(grace.pockets.main)).toBe(before + 1234);
	});

	it('async mode with Wait for Final Status ends COMPLETED; insufficient funds ends REJECTED with its reason', async () => {
		const ok = await jiko(onUs({ asyncMode: true, fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amount: '1', options: { waitForFinalStatus: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 10 } }));
		expect(ok.items[0].json).toMatchObject({ status: 'COMPLETED', final_status_reached: true });
		const before = await cash(ada.pockets.reserve);
		const tooMuch = await jiko(onUs({ asyncMode: true, fromPocketId: byId(ada.pockets.reserve), toPocketId: byId(ada.pockets.main), amount: '999999999', options: { waitForFinalStatus: true, pollIntervalSeconds: 0.2, maxWaitSeconds: 10 } }));
		expect(tooMuch.items[0].json).toMatchObject({ status: 'REJECTED', reason: 'INSUFFICIENT_FUNDS', final_status_reached: true });
		expect(await cash(ada.pockets.reserve)).toBe(before);
	});

	it('without waiting, async mode answers PENDING', async () => {
		const run = await jiko(onUs({ asyncMode: true, fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amount: '1' }));
		expect(run.items[0].json.status).toBe('PENDING');
		const got = await jiko({ resource: 'onUsTransfer', operation: 'get', transferId: run.items[0].json.transfer_id });
		expect(got.items[0].json.id).toBe(run.items[0].json.transfer_id);
	});

	it('Full Withdrawal empties the source pocket', async () => {
		const { url } = (await sandbox).get();
		await settleAll(url);
		const reserve = await cash(acme.pockets.payroll);
		expect(reserve).toBeGreaterThan(0);
		const run = await jiko(onUs({ fromPocketId: byId(acme.pockets.payroll), toPocketId: byId(acme.pockets.operating), amountType: 'FULL_WITHDRAWAL' }));
		expect(run.items[0].json).toMatchObject({ status: 'COMPLETED', requested_amount: 'FULL_WITHDRAWAL' });
		expect(await cash(acme.pockets.payroll)).toBe(0);
	});

	it('refuses Full Withdrawal for partner funding before sending anything', async () => {
		const run = await jiko(onUs({ transferType: 'PARTNER_CUSTOMER_FUNDING', partnerPocketId: partnerPocket, toPocketId: byId(acme.pockets.operating), amountType: 'FULL_WITHDRAWAL', source: 'x' }));
		expect(run.error?.message).toContain('Full Withdrawal is not allowed for partner funding');
	});
});

describe('Amounts', () => {
	it.each([
		['1.005', 'more than 2 decimal places'],
		['-5', 'negative'],
		['0', 'zero'],
		['abc', ''],
		['={{ $json.missingField }}', ''],
	])('"%s" is refused with a message naming the field and the item', async (amount, words) => {
		const run = await jiko(onUs({ fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amount }), [{}, {}], true);
		expect(run.items).toHaveLength(2);
		for (const [index, item] of run.items.entries()) {
			expect(String(item.json.error)).toContain(`Amount (item ${index})`);
			expect(String(item.json.error)).toContain(words);
			expect(item.pairedItem).toEqual({ item: index });
		}
	});

	it('Amount in Cents takes integers for power users', async () => {
		const run = await jiko(onUs({ fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amountInCents: true, amount: '={{ 250 }}', options: { dryRun: true } }));
		expect(run.items[0].json).toMatchObject({ requested_amount_cents: 250, requested_amount: '2.50' });
	});
});

describe('Dry Run', () => {
	it('outputs the exact request and sends nothing', async () => {
		const { url } = (await sandbox).get();
		const before = await sandboxStats(url);
		const run = await jiko(onUs({ fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amount: '19.99', businessKey: 'invoice-42', options: { dryRun: true } }));
		const after = await sandboxStats(url);
		expect(after.requests).toBe(before.requests);
		expect(after.logins).toBe(before.logins);
		const out = run.items[0].json as IDataObject;
		expect(out).toMatchObject({ dry_run: true, environment: 'Custom URL', business_key: 'invoice-42', requested_amount_cents: 1999 });
		expect(out.request).toMatchObject({
			method: 'POST',
			path: '/api/v1/transfers/on-us/',
			body: { type: 'INTERNAL_REALLOCATION', transfer_id: out.transfer_id, amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 1999 } },
		});
		const text = JSON.stringify(run.run.data);
		for (const secret of ['sandbox-password', 'sandbox-shared-secret-0001', 'Bearer']) expect(text).not.toContain(secret);
	});
});

describe('ACH Transfer', () => {
	const ach = (extra: Record<string, unknown>) => ({
		resource: 'achTransfer',
		operation: 'create',
		customerId: ada.id,
		pocketId: byId(ada.pockets.reserve),
		counterpartyId: byId(ada.counterparties.achVerified),
		amountInCents: false,
		secCode: 'WEB',
		options: {},
		...extra,
	});

	it('"Pull Money Into the Pocket" sends DEBIT and raises the pocket once processed (default entry "Funding TX")', async () => {
		const { url } = (await sandbox).get();
		const before = await cash(ada.pockets.reserve);
		const run = await jiko(ach({ direction: 'in', amount: '100.10' }));
		expect(run.items[0].json).toMatchObject({ outcome: 'created', status: 'PENDING', direction: 'DEBIT', moves_money: 'into the pocket', company_entry_description: 'Funding TX' });
		await settleAll(url);
		expect(await cash(ada.pockets.reserve)).toBe(before + 10010);
	});

	it('"Send Money Out of the Pocket" pays out once processed (default entry "Release TX"), waiting for PROCESSED', async () => {
		const before = await cash(ada.pockets.reserve);
		const run = await jiko(ach({ direction: 'out', amount: '40', options: { waitForFinalStatus: true, pollIntervalSeconds: 0.3, maxWaitSeconds: 15 } }));
		expect(run.items[0].json).toMatchObject({ status: 'PROCESSED', final_status_reached: true, company_entry_description: 'Release TX' });
		expect(await cash(ada.pockets.reserve)).toBe(before - 4000);
	});

	it('a re-run with the same Business Key finds the earlier ACH instead of paying again', async () => {
		const { url } = (await sandbox).get();
		const params = ach({ direction: 'out', amount: '7.5', businessKey: 'payout-2026-11-25', paymentRelatedInformation: 'Invoice 7' });
		const first = await jiko(params);
		const second = await jiko(params);
		expect(first.items[0].json.outcome).toBe('created');
		expect(second.items[0].json).toMatchObject({ outcome: 'existing', id: first.items[0].json.id });
		const marker = `n8n-jiko:${String(first.items[0].json.ach_marker_id)}`;
		const matching = (await ledger(url)).ach.filter((a) => (a.payment_related_information ?? []).includes(marker));
		expect(matching).toHaveLength(1);
		expect(matching[0].payment_related_information).toEqual(['Invoice 7', marker]);
	});

	it('one Business Key pays once: reused with another amount it is a conflict and nothing is sent', async () => {
		const { url } = (await sandbox).get();
		const first = await jiko(ach({ direction: 'out', amount: '3', businessKey: 'payout-changed-amount' }));
		expect(first.items[0].json.outcome).toBe('created');
		const before = (await sandboxStats(url)).requests;
		const second = await jiko(ach({ direction: 'out', amount: '4', businessKey: 'payout-changed-amount' }));
		expect(second.error?.message).toContain('Business Key "payout-changed-amount" (item 0) already paid a different ACH transfer: amount $3.00 (this run: $4.00). Nothing was sent.');
		expect(String(second.error?.description)).toContain('use a new Business Key');
		const marker = `n8n-jiko:${String(first.items[0].json.ach_marker_id)}`;
		expect((await ledger(url)).ach.filter((a) => (a.payment_related_information ?? []).includes(marker))).toHaveLength(1);
		// only look-ups went out: no POST
		expect((await sandboxStats(url)).requests - before).toBeLessThanOrEqual(3);
	});

	it('text that imitates the marker cannot match: the same key run twice pays once', async () => {
		const { url } = (await sandbox).get();
		const imitation = `Paid, see n8n-jiko:${'3f2c1b0a-9e8d-4c7b-8a69-5f4e3d2c1b0a'}`;
		const params = ach({ direction: 'out', amount: '1.11', businessKey: 'imitation-1', paymentRelatedInformation: imitation });
		const first = await jiko(params);
		const second = await jiko(params);
		expect(first.items[0].json.outcome).toBe('created');
		expect(second.items[0].json).toMatchObject({ outcome: 'existing', id: first.items[0].json.id });
		const marker = `n8n-jiko:${String(first.items[0].json.ach_marker_id)}`;
		expect((await ledger(url)).ach.filter((a) => (a.payment_related_information ?? []).includes(marker))).toHaveLength(1);
		// a line that IS a marker is refused before anything is sent
		const exact = await jiko(ach({ direction: 'out', amount: '1', paymentRelatedInformation: 'n8n-jiko:3f2c1b0a-9e8d-4c7b-8a69-5f4e3d2c1b0a' }));
		expect(exact.error?.message).toContain('Payment Related Information (item 0) has a line that is exactly a node marker');
	});

	it('refuses a direction given as a Jiko code: Jiko\'s material disagrees on what the codes mean', async () => {
		const run = await jiko(ach({ direction: 'CREDIT', amount: '1' }));
		expect(run.error?.message).toContain('Direction (item 0): "CREDIT" is not a direction');
	});

	it('an unverified counterparty is refused with Jiko\'s reason', async () => {
		const run = await jiko(ach({ direction: 'out', amount: '1', counterpartyId: byId(ada.counterparties.achInProgress) }));
		expect(run.error?.message).toMatch(/field counterparty_id: .*IN_PROGRESS/);
	});

	it('Get and Get Many (with filters)', async () => {
		const list = await jiko({ resource: 'achTransfer', operation: 'getMany', pocketId: byId(ada.pockets.reserve), returnAll: true, filters: { direction: 'out' } });
		expect(list.items.length).toBeGreaterThan(0);
		expect(list.items.every((i) => i.json.direction === 'CREDIT' && i.json.moves_money === 'out of the pocket')).toBe(true);
		const one = await jiko({ resource: 'achTransfer', operation: 'get', pocketId: byId(ada.pockets.reserve), achTransferId: list.items[0].json.id });
		expect(one.items[0].json.id).toBe(list.items[0].json.id);
	});
});

describe('Wire Transfer', () => {
	const wire = (extra: Record<string, unknown>) => ({
		resource: 'wireTransfer',
		operation: 'create',
		customerId: acme.id,
		pocketId: byId(acme.pockets.operating),
		counterpartyId: byId(acme.counterparties.wireVerified),
		amountInCents: false,
		options: {},
		...extra,
	});

	it('wires once per Business Key, and Get finds it by wire ID among the transactions', async () => {
		const { url } = (await sandbox).get();
		const before = await cash(acme.pockets.operating);
		const first = await jiko(wire({ amount: '2500', businessKey: 'vendor-invoice-9', wireDescription: 'Invoice 9', createdBy: 'treasury-bot' }));
		expect(first.items[0].json).toMatchObject({ outcome: 'created', requested_amount_cents: 250000, amount_cents: 250000, object_type: 'Wire' });
		const second = await jiko(wire({ amount: '2500', businessKey: 'vendor-invoice-9' }));
		expect(second.items[0].json).toMatchObject({ outcome: 'existing', wire_id: first.items[0].json.wire_id });
		expect((await ledger(url)).wires.filter((w) => w.wire_id === first.items[0].json.wire_id)).toHaveLength(1);
		await settleAll(url);
		expect(await cash(acme.pockets.operating)).toBe(before - 250000 - 2500);
		const got = await jiko({ resource: 'wireTransfer', operation: 'get', pocketId: byId(acme.pockets.operating), wireId: first.items[0].json.wire_id });
		expect(got.items[0].json).toMatchObject({ wire_id: first.items[0].json.wire_id, status: 'SETTLED', amount_cents: 250000, fee_cents: 2500 });
	});

	it('Get says how it looked when the wire is unknown', async () => {
		const run = await jiko({ resource: 'wireTransfer', operation: 'get', pocketId: byId(acme.pockets.operating), wireId: '00000000-0000-4000-8000-000000000001' });
		expect(run.error?.message).toContain('not found');
		expect(String(run.error?.description)).toContain('filter[wire]');
	});
});
