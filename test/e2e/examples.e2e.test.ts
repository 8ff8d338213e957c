import { DEMO_IDS } from '../../sandbox/seed';
import { JikoRawClient } from '../support/jikoRawClient';
import { N8n, balances, output, ready, sandboxGet, sandboxPost } from './support';

/*
 * The three example workflows, imported by the run command, run headlessly in a real n8n
 * against the sandbox; the assertions are on the sandbox's ledger.
 */
const SWEEP = 'Jiko: nightly sweep of excess cash to a reserve pocket';
const PAYOUT = 'Jiko: pay out cash above a limit by ACH';
const RECONCILIATION = 'Jiko: daily transaction reconciliation rows';
const { ada, acme } = DEMO_IDS.customers;
const SWEEP_THRESHOLD_CENTS = 500_000; // the example's setting
const PAYOUT_LIMIT_CENTS = 117_500_000; // the example's setting

interface LedgerEntry {
	id: string;
	status: string;
	transfer?: { from_account?: { id: string } };
	payment_related_information?: string[];
}

async function ledger(): Promise<{ onUs: LedgerEntry[]; ach: LedgerEntry[] }> {
	return await sandboxGet('/_sandbox/ledger');
}

async function run(name: string, trigger: string) {
	const n8n = await N8n.login();
	const execution = await n8n.run(ready().workflows[name], trigger);
	expect(execution.error).toBeUndefined();
	expect(execution.status).toBe('success');
	return execution;
}

describe('example workflows in a real n8n', () => {
	it('nightly sweep moves the excess once, however often it runs that day', async () => {
		const before = await balances();
		const excess = before[ada.pockets.main].cash - SWEEP_THRESHOLD_CENTS;
		expect(excess).toBeGreaterThan(0);
		const sweepsBefore = (await ledger()).onUs.length;

		const first = await run(SWEEP, 'Every night at 23:00');
		const transfers = output(first, 'Sweep excess to the reserve pocket');
		expect(transfers).toHaveLength(1);
		expect(transfers[0]).toMatchObject({ outcome: 'created', status: 'COMPLETED', requested_amount_cents: excess });
		let after = await balances();
		expect(after[ada.pockets.main].cash).toBe(SWEEP_THRESHOLD_CENTS);
		expect(after[ada.pockets.reserve].cash).toBe(before[ada.pockets.reserve].cash + excess);
		expect(after[ada.pockets.frozen].cash).toBe(before[ada.pockets.frozen].cash);

		// Money arrives later that day; the second run finds the day's sweep already done.
		const client = new JikoRawClient(ready().sandboxUrl);
		await client.login();
		const funded = await client.post('/api/v1/sandbox/fund/', { account_id: ada.pockets.main, amount_usdc: 25_000, company_name: 'LATE DEPOSIT' });
		expect(funded.status).toBe(202);
		const second = await run(SWEEP, 'Every night at 23:00');
		expect(output(second, 'Sweep excess to the reserve pocket')[0]).toMatchObject({
			outcome: 'existing',
			transfer_id: transfers[0].transfer_id,
			request_matches_existing: false,
		});
		after = await balances();
		expect(after[ada.pockets.main].cash).toBe(SWEEP_THRESHOLD_CENTS + 25_000);
		expect((await ledger()).onUs.length).toBe(sweepsBefore + 1);
	});

	it('threshold payout pays the excess by ACH once', async () => {
		const before = await balances();
		const excess = before[acme.pockets.operating].cash - PAYOUT_LIMIT_CENTS;
		expect(excess).toBeGreaterThan(0);
		const first = await run(PAYOUT, 'Every day at 17:00');
		const payout = output(first, 'Pay out the excess by ACH');
		expect(payout).toHaveLength(1);
		expect(payout[0]).toMatchObject({ outcome: 'created', direction: 'CREDIT', amount_usdc: excess, counterparty_id: acme.counterparties.achVerified });
		const marker = `n8n-jiko:${String(payout[0].ach_marker_id)}`;

		// A re-run the same day, before and after the ACH settles: still one payout.
		await run(PAYOUT, 'Every day at 17:00');
		await sandboxPost('/_sandbox/settle');
		await run(PAYOUT, 'Every day at 17:00');
		const achs = (await ledger()).ach.filter((a) => (a.payment_related_information ?? []).includes(marker));
		expect(achs).toHaveLength(1);
		expect((await balances())[acme.pockets.operating].cash).toBe(PAYOUT_LIMIT_CENTS);
	});

	it('reconciliation turns transactions since yesterday into flat rows', async () => {
		const execution = await run(RECONCILIATION, 'Every morning at 06:00');
		const rows = output(execution, 'Flat rows for a spreadsheet');
		expect(rows.length).toBeGreaterThanOrEqual(3); // sweep out, sweep in, the late deposit
		for (const row of rows) {
			expect(Object.keys(row).sort()).toEqual(
				['amount_cents', 'amount_usd', 'counterparty', 'date', 'pocket_id', 'status', 'timestamp', 'title', 'transaction_id', 'type'].sort(),
			);
			const cents = Number(row.amount_cents);
			const sign = cents < 0 ? '-' : '';
			const abs = Math.abs(cents);
			expect(row.amount_usd).toBe(`${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`);
		}
		expect(rows.some((row) => row.counterparty === 'LATE DEPOSIT' && row.amount_cents === 25_000)).toBe(true);
		expect(rows.some((row) => row.type === 'ON_US')).toBe(true);
	});
});
