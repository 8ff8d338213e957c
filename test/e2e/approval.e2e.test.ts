import { randomUUID } from 'node:crypto';

import { DEMO_IDS } from '../../sandbox/seed';
import { activate, exampleWorkflow, executionsOf, httpListener, until, type Received } from './guardSupport';
import { N8n, output, ready, sandboxGet, type Execution } from './support';

/*
 * The approval example (examples/payout-approval.json) in a real n8n: payout requests arrive at
 * its webhook; one above the threshold is approved, one rejected, one left to time out, one
 * below the threshold goes at once. A listener stands in for the chat webhook the approver
 * reads; the approver opens the link and submits n8n's form, as a person would.
 */
const EXAMPLE = 'payout-approval.json';
const SLACK_PLACEHOLDER = 'https://hooks.slack.com/services/REPLACE/WITH/YOURS';
const { acme, ada } = DEMO_IDS.customers;
/** Pay from Ada's reserve pocket instead of Acme's operating one, whose cash the threshold-payout
 * example's test counts on. */
const OWN_POCKET: Array<[string, string]> = [
	[acme.id, ada.id],
	[acme.pockets.operating, ada.pockets.reserve],
	[acme.counterparties.wireVerified, ada.counterparties.wireVerified],
];

interface Wire {
	wire_id: string;
}

async function wires(): Promise<Wire[]> {
	return (await sandboxGet<{ wires: Wire[] }>('/_sandbox/ledger')).wires;
}

interface ApprovalMessage {
	text: string;
	invoice_id: string;
	wire_id: string;
	amount_cents: number;
	approval_url: string;
	n8n_execution_id: string;
}

async function approvalFor(received: Received[], invoiceId: string): Promise<ApprovalMessage> {
	return await until(`the approval request for ${invoiceId}`, () =>
		received.map((r) => JSON.parse(r.body) as ApprovalMessage).find((message) => message.invoice_id === invoiceId),
	);
}

/** What a person does: open the link (n8n shows the form), then submit a decision. */
async function decide(message: ApprovalMessage, decision: 'Approve' | 'Reject'): Promise<void> {
	const page = await fetch(message.approval_url);
	expect(page.status).toBe(200);
	expect(await page.text()).toContain('Approve this payout?');
	const form = new FormData();
	form.append('field-0', decision);
	form.append('field-1', `${decision}d in the end-to-end test`);
	const answer = await fetch(message.approval_url, { method: 'POST', body: form });
	expect(answer.status).toBe(200);
}

/** Posts a payout request to the workflow's webhook (retrying while n8n is still registering it). */
async function postRequest(path: string, invoiceId: string, amount: string): Promise<void> {
	await until(`webhook ${path} to take the request`, async () => {
		const response = await fetch(`${ready().n8nUrl}/webhook/${path}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ invoice_id: invoiceId, amount }),
		});
		if (response.status === 404) return undefined;
		expect(response.status).toBe(200);
		return true;
	}, 20_000);
}

async function finished(n8n: N8n, executionId: string): Promise<Execution> {
	return await n8n.execution(executionId, 120_000);
}

describe('the payout approval example in a real n8n', () => {
	let chat: Awaited<ReturnType<typeof httpListener>>;
	let n8n: N8n;
	let path: string;
	let workflowId: string;

	async function request(invoiceId: string, amount: string, to = path): Promise<void> {
		await postRequest(to, invoiceId, amount);
	}

	beforeAll(async () => {
		chat = await httpListener();
		n8n = await N8n.login();
		path = `jiko-payout-request-${randomUUID()}`;
		const workflow = exampleWorkflow(EXAMPLE, ready().credentialId, [
			...OWN_POCKET,
			[SLACK_PLACEHOLDER, `${chat.url}/chat`],
			['"path": "jiko-payout-request"', `"path": "${path}"`],
		]);
		for (const node of workflow.nodes as Array<{ webhookId?: string }>) if (node.webhookId) node.webhookId = randomUUID();
		workflowId = await activate(n8n, workflow);
	});

	afterAll(async () => {
		await n8n?.data('post', `/workflows/${workflowId}/deactivate`, {}).catch(() => undefined);
		await chat?.close();
	});

	it('approves one and rejects one: exactly one transfer, the approved one, once', async () => {
		const before = await wires();
		const approved = `INV-A-${randomUUID().slice(0, 8)}`;
		const rejected = `INV-R-${randomUUID().slice(0, 8)}`;
		await request(approved, '25,000.00');
		await request(rejected, '30,000.00');
		const [yes, no] = [await approvalFor(chat.received, approved), await approvalFor(chat.received, rejected)];
		expect(yes).toMatchObject({ amount_cents: 2_500_000 });
		expect(no).toMatchObject({ amount_cents: 3_000_000 });
		expect(yes.text).toContain('Approve or reject within 24 hours: ');

		// Both wait for a person; nothing has been sent yet.
		const waiting = await executionsOf(n8n, workflowId);
		expect(waiting.filter((e) => [yes.n8n_execution_id, no.n8n_execution_id].includes(e.id)).map((e) => e.status)).toEqual(['waiting', 'waiting']);
		expect((await wires()).length).toBe(before.length);

		await decide(yes, 'Approve');
		await decide(no, 'Reject');
		const paid = await finished(n8n, yes.n8n_execution_id);
		const notPaid = await finished(n8n, no.n8n_execution_id);
		expect(paid.status).toBe('success');
		expect(notPaid.status).toBe('success');

		const payout = output(paid, 'Pay by wire');
		expect(payout).toHaveLength(1);
		expect(payout[0]).toMatchObject({ outcome: 'created', wire_id: yes.wire_id, requested_amount_cents: 2_500_000, business_key: `payout-${approved}` });
		expect(payout[0].n8n_execution_id).toBe(yes.n8n_execution_id);
		expect(notPaid.runData['Pay by wire']).toBeUndefined();
		expect(output(notPaid, 'Not paid')[0]).toMatchObject({ outcome: 'not_paid', reason: 'rejected', invoice_id: rejected, n8n_execution_id: no.n8n_execution_id });

		const after = await wires();
		expect(after.length).toBe(before.length + 1);
		expect(after.filter((w) => w.wire_id === yes.wire_id)).toHaveLength(1);
		expect(after.some((w) => w.wire_id === no.wire_id)).toBe(false);

		// The same invoice requested and approved again still pays once.
		chat.received.length = 0;
		await request(approved, '25,000.00');
		const again = await approvalFor(chat.received, approved);
		expect(again.wire_id).toBe(yes.wire_id);
		await decide(again, 'Approve');
		const repeat = await finished(n8n, again.n8n_execution_id);
		expect(output(repeat, 'Pay by wire')[0]).toMatchObject({ outcome: 'existing', wire_id: yes.wire_id });
		expect((await wires()).filter((w) => w.wire_id === yes.wire_id)).toHaveLength(1);
	});

	it('at or below the threshold pays at once, without asking', async () => {
		const invoice = `INV-S-${randomUUID().slice(0, 8)}`;
		const before = await wires();
		chat.received.length = 0;
		await request(invoice, '10,000.00');
		const execution = await until('the small payout', async () => {
			for (const e of await executionsOf(n8n, workflowId)) {
				if (e.status !== 'success') continue;
				const run = await n8n.execution(e.id);
				const paid = run.runData['Pay by wire'] ? output(run, 'Pay by wire')[0] : undefined;
				if (paid?.business_key === `payout-${invoice}`) return { run, paid };
			}
			return undefined;
		});
		expect(execution.paid).toMatchObject({ outcome: 'created', requested_amount_cents: 1_000_000 });
		expect(chat.received).toHaveLength(0);
		expect((await wires()).length).toBe(before.length + 1);
	});

	it('no decision within the time limit: nothing is sent', async () => {
		// The same workflow with a 1-second limit instead of 24 hours (n8n checks waits about once a minute).
		const timeoutPath = `jiko-payout-timeout-${randomUUID()}`;
		const workflow = exampleWorkflow(EXAMPLE, ready().credentialId, [
			...OWN_POCKET,
			[SLACK_PLACEHOLDER, `${chat.url}/chat`],
			['"path": "jiko-payout-request"', `"path": "${timeoutPath}"`],
			['"resumeAmount": 24,\n        "resumeUnit": "hours"', '"resumeAmount": 1,\n        "resumeUnit": "seconds"'],
		]);
		for (const node of workflow.nodes as Array<{ webhookId?: string }>) if (node.webhookId) node.webhookId = randomUUID();
		const id = await activate(n8n, workflow);
		try {
			const before = await wires();
			const invoice = `INV-T-${randomUUID().slice(0, 8)}`;
			await request(invoice, '50,000.00', timeoutPath);
			const message = await approvalFor(chat.received, invoice);
			const execution = await finished(n8n, message.n8n_execution_id);
			expect(execution.status).toBe('success');
			expect(execution.runData['Pay by wire']).toBeUndefined();
			expect(output(execution, 'Not paid')[0]).toMatchObject({ reason: 'no decision within the time limit', invoice_id: invoice });
			expect((await wires()).length).toBe(before.length);
			// A late click changes nothing: the execution is over.
			const late = new FormData();
			late.append('field-0', 'Approve');
			await fetch(message.approval_url, { method: 'POST', body: late });
			await new Promise((resolve) => setTimeout(resolve, 1_000));
			expect((await n8n.execution(message.n8n_execution_id)).runData['Pay by wire']).toBeUndefined();
			expect((await wires()).length).toBe(before.length);
		} finally {
			await n8n.data('post', `/workflows/${id}/deactivate`, {}).catch(() => undefined);
		}
	});
});
