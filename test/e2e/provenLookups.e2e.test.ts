import axios from 'axios';

import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { DEMO_IDS } from '../../sandbox/seed';
import { type Assumptions, type RunningSandbox } from '../../sandbox/server';
import { itemsWorkflow, jikoCredential, sandboxCredentialData } from './guardSupport';
import { N8n, output } from './support';
import { useSandbox } from '../support/sandbox';

/*
 * The keyed payroll of test/node/provenLookups.test.ts in a real n8n 2.41.1 with the packed
 * package: 20 ACH payouts, 20 wires and 20 on-us transfers, a Business Key each, run once; 150
 * newer ACH and wires land; the same workflow runs again. Each reading of Jiko's silences is
 * played by a Jiko of its own (a sandbox in this test process, reached through a credential of
 * its own), which forgets request keys at once and executes a repeated id again: nothing is
 * paid twice, and every item is found or fails closed.
 */
const { ada, acme } = DEMO_IDS.customers;
const rl = (value: string) => ({ __rl: true, mode: 'id', value });
const COUNT = 20;

const SETTINGS: Array<Partial<Assumptions>> = [
	{},
	{ v2AmountFilterUnit: 'dollars' },
	{ v2AmountFilterUnit: 'ignored' },
	{ v2WireFilter: 'ignored' },
	{ v2TransferIds: 'nested' },
	{ v2TransferIds: 'absent' },
	{ onUsUnknownId: 422 },
	{ v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored', v2TransferIds: 'absent', onUsUnknownId: 422 },
];

const items = Array.from({ length: COUNT }, (_, i) => ({
	ach: `e2e-payroll-ach-${i}`,
	achCents: 160_000 + i * 3,
	wire: `e2e-payroll-wire-${i}`,
	wireCents: 260_000 + i * 5,
	onUs: `e2e-payroll-on-us-${i}`,
	onUsCents: 2_000 + i,
}));

const common = { amountInCents: true, options: {} };
const nodes = [
	{
		name: 'ACH',
		parameters: {
			...common,
			resource: 'achTransfer',
			operation: 'create',
			pocketId: rl(acme.pockets.operating),
			counterpartyId: rl(acme.counterparties.achVerified),
			direction: 'out',
			secCode: 'CCD',
			companyEntryDescription: 'Payroll',
			amount: '={{ $json.achCents }}',
			businessKey: '={{ $json.ach }}',
		},
	},
	{
		name: 'Wire',
		parameters: {
			...common,
			resource: 'wireTransfer',
			operation: 'create',
			pocketId: rl(acme.pockets.operating),
			counterpartyId: rl(acme.counterparties.wireVerified),
			amount: '={{ $json.wireCents }}',
			businessKey: '={{ $json.wire }}',
		},
	},
	{
		name: 'On-Us',
		parameters: {
			...common,
			resource: 'onUsTransfer',
			operation: 'create',
			transferType: 'INTERNAL_REALLOCATION',
			fromPocketId: rl(ada.pockets.main),
			toPocketId: rl(ada.pockets.reserve),
			amountType: 'REQUESTED_AMOUNT',
			asyncMode: false,
			amount: '={{ $json.onUsCents }}',
			businessKey: '={{ $json.onUs }}',
		},
	},
];

interface Book {
	onUs: Array<{ id: string }>;
	ach: Array<{ payment_related_information?: string[] }>;
	wires: Array<{ wire_id: string }>;
}

function paidPerKey(book: Book): number[] {
	const count = <T>(list: T[], match: (entry: T) => boolean) => list.filter(match).length;
	return items.flatMap((item) => [
		count(book.ach, (ach) => (ach.payment_related_information ?? []).includes(`n8n-jiko:${deriveTransferId('ach', item.ach)}`)),
		count(book.wires, (wire) => wire.wire_id === deriveTransferId('wire', item.wire)),
		count(book.onUs, (transfer) => transfer.id === deriveTransferId('on-us', item.onUs)),
	]);
}

describe.each(SETTINGS)('a keyed payroll run twice in a real n8n, on a Jiko with %j', (assumptions) => {
	const jiko = useSandbox({ assumptions: { ...assumptions, duplicateTransferId: 'execute-again', repeatedKeyWindowSeconds: 0 } });
	let sandbox: RunningSandbox;
	beforeAll(() => {
		sandbox = jiko.get();
	});

	it('pays nothing twice', async () => {
		const n8n = await N8n.login();
		const credentialId = await jikoCredential(n8n, 'Jiko stand-in', sandboxCredentialData({}, sandbox.url));
		const workflowId = await n8n.createWorkflow(itemsWorkflow(items, nodes, credentialId));
		const book = async () => (await axios.get<Book>(`${sandbox.url}/_sandbox/ledger`)).data;

		const first = await n8n.run(workflowId, 'Start');
		expect(first.status).toBe('success');
		for (const { name } of nodes) expect(output(first, name).map((json) => json.outcome ?? json.error)).toEqual(items.map(() => 'created'));
		await axios.post(`${sandbox.url}/_sandbox/settle`);
		const once = paidPerKey(await book());
		expect(once).toEqual(items.flatMap(() => [1, 1, 1]));

		await axios.post(`${sandbox.url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 150, direction: 'CREDIT' });
		await axios.post(`${sandbox.url}/_sandbox/seed/wires`, { pocket_id: acme.pockets.operating, count: 150 });
		const again = await n8n.run(workflowId, 'Start');
		expect(again.status).toBe('success');
		const outputs = nodes.flatMap(({ name }) => output(again, name));
		const failedClosed = outputs.filter((json) => json.error !== undefined);
		console.log(`${JSON.stringify(assumptions)}: ${outputs.length - failedClosed.length} found, ${failedClosed.length} failed closed`);
		for (const json of outputs) {
			if (json.error === undefined) expect(json).toMatchObject({ outcome: 'existing', look_up: { result: 'found' } });
			else expect(String(json.error)).toMatch(/Nothing was sent|nothing more was sent/);
		}
		await axios.post(`${sandbox.url}/_sandbox/settle`);
		expect(paidPerKey(await book())).toEqual(once);
	}, 240_000);
});
