import axios from 'axios';

import { forgetReadings } from '../../nodes/Jiko/money/readings';
import { confirmPolicy } from '../../nodes/Jiko/money/patience';
import { type RunningSandbox } from '../../sandbox/server';
import { runJiko } from '../support/jiko';
import { DEMO_IDS, ledger, openSandbox } from '../support/sandbox';
import { achPayoutParams } from '../support/transfers';

/*
 * The credential's ACH Direction Convention proves itself: Jiko books every ACH as money into
 * or out of the pocket (v2 `direction`), so an origination paired with its transaction shows
 * which way its code moved money. Here the sandbox plays the other convention than the
 * credential's: a payout the user asked for would pull money from the payee's bank.
 */
const { acme } = DEMO_IDS.customers;
const payouts = Array.from({ length: 6 }, (_, i) => ({ key: `convention-${i}`, cents: 4_000 + i }));
const params = achPayoutParams;

const LAGS = [0, 1_500];
const original = { ...confirmPolicy };
beforeAll(() => Object.assign(confirmPolicy, { windowMs: 5_000 }));
afterAll(() => Object.assign(confirmPolicy, original));

describe.each(LAGS)('a credential whose ACH convention is the wrong one for this Jiko (transactions shown %i ms late)', (lag) => {
	let sandbox: RunningSandbox;
	beforeEach(async () => {
		sandbox = await openSandbox({ assumptions: { achDirection: 'credit-pulls', visibilityLagMs: lag } });
		forgetReadings();
	});
	afterEach(async () => {
		await sandbox.close();
		forgetReadings();
	});

	const nodeAch = (book: Awaited<ReturnType<typeof ledger>>) =>
		book.ach.filter((ach) => (ach.payment_related_information ?? []).some((line) => line.startsWith('n8n-jiko:')));

	it('a pocket without earlier ACH: the first payout is caught on its own item, no further ACH is sent (parallel items too)', async () => {
		const run = await runJiko(sandbox.url, { ...params, requestOptions: { parallelRequests: 4 } }, { items: payouts, continueOnFail: true });
		const outputs = run.items.map((item) => item.json);
		const wrongWay = outputs.filter((json) => /ACH moved the wrong way/.test(String(json.error ?? '')));
		expect(wrongWay.length).toBeGreaterThanOrEqual(1);
		expect(String(wrongWay[0].error)).toMatch(/read as money out of the pocket|reads as money out of the pocket/);
		expect(String(wrongWay[0].error)).toMatch(/booked it into the pocket/);
		expect(outputs.filter((json) => json.outcome === 'created')).toEqual([]);
		// exactly one ACH moved (the wrong way): the one that revealed it
		const moved = nodeAch(await ledger(sandbox.url));
		expect(moved).toHaveLength(1);
		// a later run with the same credential sends nothing, and the ACH that moved is never a quiet "existing"
		const later = await runJiko(sandbox.url, params, { items: [...payouts, { key: 'convention-later', cents: 4_100 }], continueOnFail: true });
		for (const item of later.items) expect(String(item.json.error)).toMatch(/ACH moved the wrong way/);
		expect(nodeAch(await ledger(sandbox.url))).toHaveLength(1);
	}, 60_000);

	it('a pocket with earlier ACH: caught before anything is sent', async () => {
		// originations someone made earlier, booked by this Jiko's own convention
		await axios.post(`${sandbox.url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 20 });
		await new Promise((resolve) => setTimeout(resolve, lag + 50));
		const run = await runJiko(sandbox.url, params, { items: payouts.slice(0, 2) });
		expect(run.error?.message).toMatch(/^ACH moved the wrong way: ACH [0-9a-f-]{36} .* was sent as (DEBIT|CREDIT), which the credential's ACH Direction Convention \("DEBIT Pulls Money In"\) reads as money/);
		expect(run.error?.description).toContain('set it to "CREDIT Pulls Money In"');
		expect(nodeAch(await ledger(sandbox.url))).toHaveLength(0);
	}, 60_000);

	it('with the right convention on the credential: payouts go out, and the output says the direction was checked', async () => {
		const run = await runJiko(sandbox.url, params, { items: payouts.slice(0, 2), credentials: { achDirectionConvention: 'creditPulls' } });
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ outcome: 'created', direction: 'DEBIT', moves_money: 'out of the pocket', self_check: { result: 'found', direction_checked: true } });
		expect(nodeAch(await ledger(sandbox.url))).toHaveLength(2);
	}, 60_000);
});
