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

/** 1234.56, as the node writes amounts in its messages. */
function usd(cents: number): string {
	return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
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

		// Money arrives later that day. The second run computes another amount under the day's
		// Business Key: that key already paid, so the node refuses it as a conflict and nothing moves.
		const client = new JikoRawClient(ready().sandboxUrl);
		await client.login();
		const funded = await client.post('/api/v1/sandbox/fund/', { account_id: ada.pockets.main, amount_usdc: 25_000, company_name: 'LATE DEPOSIT' });
		expect(funded.status).toBe(202);
		const before2 = await balances();
		const second = await (await N8n.login()).run(ready().workflows[SWEEP], 'Every night at 23:00');
		expect(second.status).toBe('error');
		const conflict = second.runData['Sweep excess to the reserve pocket']?.[0]?.error;
		expect(conflict?.message).toBe(
			`Business Key "${String(transfers[0].business_key)}" (item 0) already paid a different on-us transfer: ` +
				`amount $${usd(excess)} (this run: $${usd(25_000)}). Nothing was sent.`,
		);
		expect(conflict?.description).toContain('For a new payment use a new Business Key');
		after = await balances();
		expect(after[ada.pockets.main].cash).toBe(SWEEP_THRESHOLD_CENTS + 25_000);
		expect(after[ada.pockets.main].cash).toBe(before2[ada.pockets.main].cash);
		expect(after[ada.pockets.reserve].cash).toBe(before2[ada.pockets.reserve].cash);
		const sweeps = (await ledger()).onUs;
		expect(sweeps.length).toBe(sweepsBefore + 1);
		expect(sweeps[sweeps.length - 1].id).toBe(transfers[0].transfer_id);
	});

	it('threshold payout pays the excess by ACH once', async () => {
		const before = await balances();
		const excess = before[acme.pockets.operating].cash - PAYOUT_LIMIT_CENTS;
		expect(excess).toBeGreaterThan(0);
		const first = await run(PAYOUT, 'Every day at 17:00');
		const payout = output(first, 'Pay out the excess by ACH');
		expect(payout).toHaveLength(1);
		// direction is Jiko's code (the credential's convention maps "out" to it); moves_money says it in words
		expect(payout[0]).toMatchObject({
			outcome: 'created',
			direction: 'CREDIT',
			moves_money: 'out of the pocket',
			amount_usdc: excess,
			counterparty_id: acme.counterparties.achVerified,
		});
		const marker = `n8n-jiko:${String(payout[0].ach_marker_id)}`;

		// A re-run the same day, before and after the ACH settles: still one payout. While it is
		// pending the node finds it; once it has settled the cash is at the limit and the If stops.
		const pending = await run(PAYOUT, 'Every day at 17:00');
		expect(output(pending, 'Pay out the excess by ACH')).toMatchObject([
			{ outcome: 'existing', ach_marker_id: payout[0].ach_marker_id, id: payout[0].id, amount_usdc: excess },
		]);
		await sandboxPost('/_sandbox/settle');
		const settled = await run(PAYOUT, 'Every day at 17:00');
		expect(settled.runData['Pay out the excess by ACH']).toBeUndefined();
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
