import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { DEMO_IDS } from '../../sandbox/seed';
import { JikoRawClient } from '../support/jikoRawClient';
import { exampleWorkflow } from './guardSupport';
import { N8n, output, ready, sandboxGet } from './support';

/*
 * The payee and reconciliation examples (examples/onboard-payee.json,
 * examples/morning-reconciliation.json), imported by the run command, run headlessly in a real
 * n8n against the sandbox: onboarding twice gives one counterparty and one wire; an invalid
 * routing number stops with a message naming the field and creates nothing; the morning
 * reconciliation reports the paid invoice, the missing one, a CSV file and the message.
 */
const ONBOARD = 'Jiko: onboard a payee, wait until VERIFIED, then pay once';
const RECONCILE = 'Jiko: morning reconciliation with a CSV and a message of what needs a person';
const { acme } = DEMO_IDS.customers;
const ACCOUNT = '000123456789';
const WIRE_ID = deriveTransferId('wire', 'payee-INV-1001');

async function payeeCounterparties(): Promise<Array<{ id: string; wire?: { account_number?: string } }>> {
	const client = new JikoRawClient(ready().sandboxUrl);
	await client.login();
	const res = await client.get(`/api/v1/customers/${acme.id}/counterparties/`, { query: { limit: 100 } });
	return (res.data.items as Array<{ id: string; wire?: { account_number?: string } }>).filter((c) => c.wire?.account_number === ACCOUNT);
}

async function wiresOfInvoice(): Promise<unknown[]> {
	return (await sandboxGet<{ wires: Array<{ wire_id: string }> }>('/_sandbox/ledger')).wires.filter((w) => w.wire_id === WIRE_ID);
}

describe('payee onboarding and morning reconciliation in a real n8n', () => {
	beforeAll(async () => {
		// The examples pay from Acme's payroll pocket, which money.e2e drains when it runs first.
		const client = new JikoRawClient(ready().sandboxUrl);
		await client.login();
		const funded = await client.post('/api/v1/sandbox/fund/', { account_id: acme.pockets.payroll, amount_usdc: 500_000, company_name: 'PAYROLL TOPUP' });
		expect(funded.status).toBe(202);
	});

	it('an invalid routing number stops with a message naming the field; nothing is created', async () => {
		const n8n = await N8n.login();
		const workflow = exampleWorkflow('onboard-payee.json', ready().credentialId, [
			['"021000021"', '"021000022"'],
			[ONBOARD, `${ONBOARD} (bad routing)`],
		]);
		const id = await n8n.createWorkflow({ ...workflow, active: false });
		const execution = await n8n.run(id, 'Run the onboarding');
		expect(execution.status).toBe('error');
		const error = execution.runData['Add the payee (once)']?.[0]?.error;
		expect(error?.message).toContain('Routing Number (item 0): "021000022" fails the routing number checksum');
		expect(await payeeCounterparties()).toHaveLength(0);
		expect(execution.runData['Pay the invoice by wire (once)']).toBeUndefined();
	});

	it('onboarding run twice: one counterparty, VERIFIED before paying, one wire', async () => {
		const n8n = await N8n.login();
		const first = await n8n.run(ready().workflows[ONBOARD], 'Run the onboarding');
		expect(first.error).toBeUndefined();
		expect(output(first, 'Add the payee (once)')).toMatchObject([{ outcome: 'created', verification_status: 'VERIFIED', can_receive: true }]);
		expect(output(first, 'Pay the invoice by wire (once)')).toMatchObject([{ outcome: 'created', wire_id: WIRE_ID, requested_amount_cents: 125_000 }]);

		const second = await n8n.run(ready().workflows[ONBOARD], 'Run the onboarding');
		expect(second.error).toBeUndefined();
		const payee = output(second, 'Add the payee (once)');
		expect(payee).toMatchObject([{ outcome: 'existing', counterparty_id: output(first, 'Add the payee (once)')[0].counterparty_id }]);
		expect(output(second, 'Pay the invoice by wire (once)')).toMatchObject([{ outcome: 'existing', wire_id: WIRE_ID }]);

		expect(await payeeCounterparties()).toHaveLength(1);
		expect(await wiresOfInvoice()).toHaveLength(1);
	});

	it('morning reconciliation: the paid invoice, the missing one, a CSV file and a message for a person', async () => {
		const n8n = await N8n.login();
		const execution = await n8n.run(ready().workflows[RECONCILE], 'Every morning at 07:00');
		expect(execution.error).toBeUndefined();
		const reconciled = output(execution, 'Reconcile with Jiko');
		expect(reconciled.slice(0, 2)).toMatchObject([
			{ reference: 'INV-1001', reconciliation: 'paid', transfer_id: WIRE_ID, amount_cents: 125_000, needs_attention: false },
			{ reference: 'INV-1002', reconciliation: 'missing', needs_attention: true },
		]);
		expect(String(reconciled[0].matched_by)).toContain('wire_id');
		expect(reconciled.slice(2).every((r) => r.reconciliation === 'unexpected')).toBe(true);

		const csv = execution.runData['CSV file']?.[0]?.data?.main?.[0]?.[0] as { binary?: Record<string, { fileName?: string; mimeType?: string }> } | undefined;
		expect(csv?.binary?.data?.fileName).toMatch(/^jiko-reconciliation-\d{4}-\d{2}-\d{2}\.csv$/);
		const [message] = output(execution, 'What needs a person');
		expect(message.text).toContain('missing: INV-1002 (expected $980.00)');
		expect(message.text).not.toContain('INV-1001');
		expect(output(execution, 'Send the message (replace with Slack or email)')).toHaveLength(1);
	});
});
