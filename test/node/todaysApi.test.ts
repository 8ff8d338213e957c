import axios from 'axios';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_IDS, ledger, sandboxStats, settleAll, useSandbox, openSandbox } from '../support/sandbox';
import { runJiko } from '../support/jiko';

/*
 * The node on Jiko's current API: ACH direction in words under either reading of Jiko's codes,
 * look-ups that cost O(1) requests however long a pocket's history, a rejected wire seen through
 * Jiko's own event, and a Subscription Update that checks what Jiko now shows.
 */
const { ada, acme } = DEMO_IDS.customers;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const jiko = (url: string, parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) =>
	runJiko(url, parameters, { credentials: credentials as never });

describe('ACH direction in words, under both readings of DEBIT and CREDIT', () => {
	const CONVENTIONS = [
		{ sandbox: 'debit-pulls', credential: 'debitPulls', pull: 'DEBIT', payout: 'CREDIT' },
		{ sandbox: 'credit-pulls', credential: 'creditPulls', pull: 'CREDIT', payout: 'DEBIT' },
	] as const;

	it.each(CONVENTIONS)('a Jiko where $pull pulls money in: "in" raises the pocket, "out" lowers it', async (convention) => {
		const sandbox = await openSandbox({ assumptions: { achDirection: convention.sandbox } });
		try {
			const cash = async () => (await ledger(sandbox.url)).balances[ada.pockets.reserve].cash;
			const ach = (way: string) => ({
				resource: 'achTransfer',
				operation: 'create',
				pocketId: byId(ada.pockets.reserve),
				counterpartyId: byId(ada.counterparties.achVerified),
				direction: way,
				amountInCents: true,
				amount: '5000',
				secCode: 'WEB',
				options: {},
			});
			const start = await cash();
			const pull = await jiko(sandbox.url, ach('in'), { achDirectionConvention: convention.credential });
			expect(pull.items[0].json).toMatchObject({ direction: convention.pull, moves_money: 'into the pocket', company_entry_description: 'Funding TX' });
			await settleAll(sandbox.url);
			expect(await cash()).toBe(start + 5000);
			const payout = await jiko(sandbox.url, ach('out'), { achDirectionConvention: convention.credential });
			expect(payout.items[0].json).toMatchObject({ direction: convention.payout, moves_money: 'out of the pocket', company_entry_description: 'Release TX' });
			await settleAll(sandbox.url);
			expect(await cash()).toBe(start);
		} finally {
			await sandbox.close();
		}
	});
});

describe('look-ups that do not read whole histories', () => {
	const sandbox = useSandbox();
	/** A keyed ACH payout of `cents` from Acme's operating pocket. */
	const acmePayout = (cents: string, businessKey: string) => ({
		resource: 'achTransfer',
		operation: 'create',
		pocketId: byId(acme.pockets.operating),
		counterpartyId: byId(acme.counterparties.achVerified),
		direction: 'out',
		amountInCents: true,
		amount: cents,
		secCode: 'CCD',
		companyEntryDescription: 'Payout',
		businessKey,
		options: {},
	});

	it('a keyed ACH payout into a pocket with 5,000 earlier originations costs at most 3 requests, and so does its re-run', async () => {
		const { url } = (await sandbox).get();
		await axios.post(`${url}/_sandbox/seed/ach`, { pocket_id: acme.pockets.operating, count: 5_000, direction: 'CREDIT' });
		const params = acmePayout('777777', 'o1-ach');
		// one login first, so that the counts are the node's own requests
		await jiko(url, { resource: 'pocket', operation: 'get', pocketId: byId(acme.pockets.operating) });
		// The first keyed ACH of this Jiko account in this process proves the amount filter (and
		// the ACH convention) with an origination it read: one request more, once.
		const proving = await sandboxStats(url);
		const first = await jiko(url, acmePayout('777778', 'o1-ach-first'));
		expect(first.items[0].json).toMatchObject({ outcome: 'created', look_up: { result: 'not found', path: expect.stringContaining('amount filter') } });
		const before = await sandboxStats(url);
		expect(before.requests - proving.requests).toBeLessThanOrEqual(4);
		const created = await jiko(url, params);
		expect(created.items[0].json.outcome).toBe('created');
		const middle = await sandboxStats(url);
		expect(middle.requests - before.requests).toBeLessThanOrEqual(3);
		const again = await jiko(url, params);
		expect(again.items[0].json.outcome).toBe('existing');
		expect((await sandboxStats(url)).requests - middle.requests).toBeLessThanOrEqual(3);
	});

	it('earlier ACH of the same amount are read one by one only while they are few', async () => {
		const { url } = (await sandbox).get();
		// the seeded originations cycle through 100..1099 cents: 777 is shared by five of them
		const before = await sandboxStats(url);
		const run = await jiko(url, acmePayout('777', 'o1-ach-shared-amount'));
		expect(run.items[0].json.outcome).toBe('created');
		// 1 newest page + 1 amount query + the 5 candidates + 1 POST
		expect((await sandboxStats(url)).requests - before.requests).toBeLessThanOrEqual(8);
	});

	it('a keyed wire into a pocket with 5,000 earlier wires costs at most 3 requests', async () => {
		const { url } = (await sandbox).get();
		await axios.post(`${url}/_sandbox/seed/wires`, { pocket_id: acme.pockets.operating, count: 5_000 });
		await jiko(url, { resource: 'pocket', operation: 'get', pocketId: byId(acme.pockets.operating) });
		const wire = (businessKey: string) => ({
			resource: 'wireTransfer',
			operation: 'create',
			pocketId: byId(acme.pockets.operating),
			counterpartyId: byId(acme.counterparties.wireVerified),
			amountInCents: true,
			amount: '888',
			businessKey,
			options: {},
		});
		// The first keyed wire proves filter[wire] with the pocket's newest wire: two requests more, once.
		const proving = await sandboxStats(url);
		const first = await jiko(url, wire('o1-wire-first'));
		expect(first.items[0].json).toMatchObject({ outcome: 'created', look_up: { path: expect.stringContaining('filter[wire]') }, self_check: { result: 'found' } });
		const before = await sandboxStats(url);
		expect(before.requests - proving.requests).toBeLessThanOrEqual(5);
		const run = await jiko(url, wire('o1-wire'));
		expect(run.items[0].json.outcome).toBe('created');
		expect((await sandboxStats(url)).requests - before.requests).toBeLessThanOrEqual(3);
	});
});

describe('a rejected wire', () => {
	const sandbox = useSandbox();

	it('Wait for Final Status ends with the rejection Jiko announced (transfers.wire.out.rejected)', async () => {
		const { url } = (await sandbox).get();
		const party = (await axios.post(`${url}/_sandbox/counterparties`, { customer_id: acme.id, type: 'WIRE', name_on_account: 'REJECT ME LLC' })).data as { id: string };
		const run = await jiko(url, {
			resource: 'wireTransfer',
			operation: 'create',
			pocketId: byId(acme.pockets.operating),
			counterpartyId: byId(party.id),
			amountInCents: true,
			amount: '4200',
			options: { waitForFinalStatus: true, pollIntervalSeconds: 0.3, maxWaitSeconds: 20 },
		});
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ outcome: 'created', status: 'REJECTED', final_status_reached: true });
		expect(run.items[0].json.rejection_event).toMatchObject({ event_type: 'transfers.wire.out.rejected' });
	});
});

describe('Subscription Update checks what Jiko now shows', () => {
	let server: Server;
	let url: string;
	const subscription = { id: '8f14e45f-ceea-467a-9575-1e9c2d3b4a50', url: 'https://old.example.com/hook', events: ['card.status.open'], description: 'old', status: 'enabled', object_type: 'Subscription' };

	beforeAll(async () => {
		// A Jiko that accepts the PATCH but does not apply it.
		server = createServer((req, res) => {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(req.url === '/api/v1/login/' ? { token: 't', expires: new Date(Date.now() + 3600e3).toISOString() } : subscription));
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	});
	afterAll(async () => await new Promise((resolve) => server.close(resolve)));

	it('an update Jiko does not apply is reported, naming what is missing', async () => {
		const run = await jiko(url, {
			resource: 'subscription',
			operation: 'update',
			subscriptionId: subscription.id,
			updateFields: { url: 'https://new.example.com/hook', description: 'old' },
		});
		expect(run.error?.message).toContain(`does not show the URL as sent`);
		expect(run.error?.message).not.toContain('description');
	});
});
