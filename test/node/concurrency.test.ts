import type { IDataObject } from 'n8n-workflow';

import { confirmPolicy } from '../../nodes/Jiko/money/patience';
import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { type RunningSandbox } from '../../sandbox/server';
import { runJiko } from '../support/jiko';
import { DEMO_IDS, ledger, settleAll, type Ledger, useSandbox } from '../support/sandbox';

/*
 * Two and ten executions of one keyed payment at the same moment, per rail, through n8n's
 * engine: exactly one transfer. Under our sandbox's own guesses and under a Jiko that executes
 * a duplicate transfer_id / wire_id again, shows new transfers only after a lag, and answers a
 * repeated request key with 409 or with the first answer replayed.
 */
const { ada, acme } = DEMO_IDS.customers;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const SETTINGS = [
	{ name: "the sandbox's defaults", assumptions: {} },
	{ name: 'executed again, 1 s lag, 409 for a repeated key', assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 1_000, repeatedKey: 'conflict' } },
	{ name: 'executed again, 1 s lag, the first answer replayed', assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 1_000, repeatedKey: 'replay' } },
	{
		name: 'executed again, 1 s lag, 409, amount filter in dollars, filter[wire] ignored, no ids on v2 items, 422',
		assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 1_000, v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored', v2TransferIds: 'absent', onUsUnknownId: 422 },
	},
] as const;

const RAILS = [
	{
		rail: 'on-us' as const,
		text: 'transferDescription',
		params: { resource: 'onUsTransfer', operation: 'create', transferType: 'INTERNAL_REALLOCATION', fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amountType: 'REQUESTED_AMOUNT', asyncMode: false },
		count: (book: Ledger, id: string) => book.onUs.filter((t) => t.id === id).length,
	},
	{
		rail: 'ach' as const,
		text: 'paymentRelatedInformation',
		params: { resource: 'achTransfer', operation: 'create', pocketId: byId(acme.pockets.operating), counterpartyId: byId(acme.counterparties.achVerified), direction: 'out', secCode: 'CCD', companyEntryDescription: 'Payout' },
		count: (book: Ledger, id: string) => book.ach.filter((a) => (a.payment_related_information ?? []).includes(`n8n-jiko:${id}`)).length,
	},
	{
		rail: 'wire' as const,
		text: 'wireDescription',
		params: { resource: 'wireTransfer', operation: 'create', pocketId: byId(acme.pockets.operating), counterpartyId: byId(acme.counterparties.wireVerified) },
		count: (book: Ledger, id: string) => book.wires.filter((w) => w.wire_id === id).length,
	},
];

const original = { ...confirmPolicy };
beforeAll(() => Object.assign(confirmPolicy, { windowMs: 8_000 }));
afterAll(() => Object.assign(confirmPolicy, original));

describe.each(SETTINGS)('one keyed payment, executions racing — $name', ({ assumptions }) => {
	const jiko = useSandbox({ assumptions: assumptions as never });
	let sandbox: RunningSandbox;
	beforeAll(() => {
		sandbox = jiko.get();
	});

	describe.each(RAILS)('$rail', ({ rail, text, params, count }) => {
		it.each([2, 10])('%i executions at once → exactly one transfer', async (executions) => {
			const key = `race-${rail}-${executions}-${Object.keys(assumptions).length}`;
			const runs = await Promise.all(
				Array.from({ length: executions }, async () =>
					await runJiko(sandbox.url, { ...params, amountInCents: true, amount: '1234', businessKey: key, options: {} }),
				),
			);
			await settleAll(sandbox.url);
			expect(count(await ledger(sandbox.url), deriveTransferId(rail, key))).toBe(1);
			// Every execution ends with that one transfer.
			for (const run of runs) {
				expect(run.error).toBeUndefined();
				expect(['created', 'existing']).toContain((run.items[0].json as IDataObject).outcome);
			}
		});

		it('3 executions at once whose free text differs (a description with the time in it) → exactly one transfer', async () => {
			const key = `race-text-${rail}-${Object.keys(assumptions).length}`;
			const runs = await Promise.all(
				Array.from({ length: 3 }, async (_, index) =>
					await runJiko(sandbox.url, { ...params, amountInCents: true, amount: '1234', businessKey: key, [text]: `Run ${index} at ${Date.now()}`, options: {} }),
				),
			);
			await settleAll(sandbox.url);
			expect(count(await ledger(sandbox.url), deriveTransferId(rail, key))).toBe(1);
			for (const run of runs) {
				expect(run.error).toBeUndefined();
				expect(['created', 'existing']).toContain((run.items[0].json as IDataObject).outcome);
			}
		});
	});
});

describe('one Business Key, two amounts at once, look-ups lagging: the conflict shows only after a send', () => {
	const jiko = useSandbox({ assumptions: { visibilityLagMs: 1_000, duplicateTransferId: 'conflict' } as never });

	it('the execution that lost says its request reached Jiko and where to look — never "Nothing was sent"', async () => {
		const { url } = jiko.get();
		const key = 'race-two-amounts';
		const [onUs] = RAILS;
		const runs = await Promise.all(
			['300', '400'].map(async (amount) => await runJiko(url, { ...onUs.params, amountInCents: true, amount, businessKey: key, options: {} })),
		);
		const failed = runs.filter((run) => run.error);
		expect(failed).toHaveLength(1);
		const message = String(failed[0].error?.message);
		expect(message).toMatch(/^Business Key "race-two-amounts" \(item 0\) already paid a different on-us transfer: amount \$[34]\.00 \(this run: \$[34]\.00\)\. This run's request reached Jiko without a clear answer: check /);
		expect(message).not.toContain('Nothing was sent');
		expect(count(onUs, await ledger(url), deriveTransferId('on-us', key))).toBe(1);
	});
});

function count(rail: (typeof RAILS)[number], book: Ledger, id: string): number {
	return rail.count(book, id);
}
