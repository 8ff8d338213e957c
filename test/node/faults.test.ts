import type { IDataObject } from 'n8n-workflow';

import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { confirmPolicy } from '../../nodes/Jiko/money/patience';
import { retryPolicy } from '../../nodes/Jiko/transport';
import { type RunningSandbox } from '../../sandbox/server';
import { runJiko } from '../support/jiko';
import { DEMO_IDS, clearFaults, ledger, setFaults, settleAll, type Ledger, useSandbox } from '../support/sandbox';
import { achPayoutParams as achPayout, onUsParams as onUs, wireParams as wire } from '../support/transfers';

/*
 * 210 transfers over the three rails while the sandbox drops responses after committing,
 * answers 5xx before processing and rate-limits. The ledger must then hold every transfer
 * exactly once and balances must have moved by exactly the requested cents; running the same
 * items again with the same Business Keys must move nothing. All of it under the sandbox's
 * own guesses and under a Jiko that executes a duplicate transfer_id / wire_id again, shows a
 * new transfer only 2 s later, and answers a repeated request key with 409 or with the first
 * answer replayed: the node may rely only on what Jiko documents.
 */
const SETTINGS = [
	{ name: "the sandbox's defaults", assumptions: {} },
	{ name: 'executed again + 2 s lag + 409 for a repeated key', assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 2_000, repeatedKey: 'conflict' } },
	{ name: 'executed again + 2 s lag + the first answer replayed', assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 2_000, repeatedKey: 'replay' } },
	// Jiko's silences read the other way: the look-ups must prove themselves or walk.
	{
		name: 'executed again + 2 s lag + 409, amount filter in dollars, filter[wire] ignored, ids nested, 422',
		assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 2_000, v2AmountFilterUnit: 'dollars', v2WireFilter: 'ignored', v2TransferIds: 'nested', onUsUnknownId: 422 },
	},
	{
		name: 'executed again + 2 s lag + replay, amount filter ignored, no ids on v2 items',
		assumptions: { duplicateTransferId: 'execute-again', visibilityLagMs: 2_000, repeatedKey: 'replay', v2AmountFilterUnit: 'ignored', v2TransferIds: 'absent' },
	},
] as const;
const { ada, acme } = DEMO_IDS.customers;

const ON_US = 90;
const ACH = 60;
const WIRES = 60;
const WIRE_FEE_CENTS = 2500;

const onUsItems = Array.from({ length: ON_US }, (_, i) => ({ key: `faults-on-us-${i}`, cents: 100 + i }));
const achItems = Array.from({ length: ACH }, (_, i) => ({ key: `faults-ach-${i}`, cents: 200 + i }));
const wireItems = Array.from({ length: WIRES }, (_, i) => ({ key: `faults-wire-${i}`, cents: 300 + i }));
const sum = (items: { cents: number }[]) => items.reduce((total, item) => total + item.cents, 0);

// Four items at a time: parallel items must keep every guarantee, and a 2 s look-up lag costs
// less wall time.
const parallel = { requestOptions: { parallelRequests: 4 } };
const onUsParams = { ...onUs, ...parallel };
const achParams = { ...achPayout, ...parallel };
const wireParams = { ...wire, ...parallel };

const FAULTS = {
	// every POST to a money route: 12% answered 5xx before processing, 12% committed then dropped
	serverErrorProbability: 0.12,
	dropResponseProbability: 0.12,
	probabilityMatch: { methods: ['POST'], paths: ['/api/v1/transfers/', '/api/v1/jiko-accounts/'] },
	// the first reads get 5xx and the first money requests 429 with Retry-After, back to back
	// (fewer in a row than the node's attempts, as a real outage would allow)
	serverErrors: { count: 3, status: 502, methods: ['GET'], paths: ['/api/v1/'] },
	rateLimit: { count: 4, retryAfterSeconds: 1, paths: ['/api/v1/transfers/', '/api/v1/jiko-accounts/'] },
	seed: 20261125,
};

let sandbox: RunningSandbox;

async function run(parameters: Record<string, unknown>, items: IDataObject[]) {
	const { url } = sandbox;
	return await runJiko(url, parameters, { items });
}

function counts(book: Ledger) {
	const markers = new Map<string, number>();
	for (const ach of book.ach) {
		for (const line of ach.payment_related_information ?? []) {
			if (line.startsWith('n8n-jiko:')) markers.set(line, (markers.get(line) ?? 0) + 1);
		}
	}
	const onUsIds = new Set(onUsItems.map((item) => deriveTransferId('on-us', item.key)));
	const wireIds = new Set(wireItems.map((item) => deriveTransferId('wire', item.key)));
	return {
		onUs: book.onUs.filter((t) => onUsIds.has(t.id)).length,
		achPerMarker: achItems.map((item) => markers.get(`n8n-jiko:${deriveTransferId('ach', item.key)}`) ?? 0),
		wires: book.wires.filter((w) => wireIds.has(w.wire_id)).length,
	};
}

const originalPolicy = { ...retryPolicy };
const originalConfirm = { ...confirmPolicy };
beforeAll(() => {
	retryPolicy.backoffMs = () => 20;
	confirmPolicy.windowMs = 10_000;
});
afterAll(() => {
	Object.assign(retryPolicy, originalPolicy);
	Object.assign(confirmPolicy, originalConfirm);
});

describe.each(SETTINGS)('exactly once under injected faults — $name', ({ assumptions }) => {
	const jiko = useSandbox({ assumptions: assumptions as never });
	beforeAll(() => {
		sandbox = jiko.get();
	});

	it('210 transfers: no duplicate, none lost, balances exact; a re-run moves nothing', async () => {
		const { url, faults } = sandbox;
		const start = await ledger(url);
		await setFaults(url, FAULTS);

		const results = [
			await run(onUsParams, onUsItems),
			await run(achParams, achItems),
			await run(wireParams, wireItems),
		];
		for (const result of results) expect(result.error).toBeUndefined();
		const outputs = results.flatMap((result) => result.items.map((item) => item.json));
		expect(outputs).toHaveLength(ON_US + ACH + WIRES);
		expect(outputs.filter((json) => json.outcome !== 'created')).toEqual([]);
		// the faults really happened, and some writes were only confirmed by a look-up
		expect(faults.stats.droppedResponses).toBeGreaterThan(10);
		expect(faults.stats.serverErrors).toBeGreaterThan(10);
		expect(faults.stats.rateLimited).toBe(4);

		await clearFaults(url);
		await settleAll(url);
		const after = await ledger(url);
		const seen = counts(after);
		expect(seen.onUs).toBe(ON_US);
		expect(seen.achPerMarker).toEqual(achItems.map(() => 1));
		expect(seen.wires).toBe(WIRES);
		expect(after.balances[ada.pockets.reserve].cash - start.balances[ada.pockets.reserve].cash).toBe(sum(onUsItems));
		expect(after.balances[ada.pockets.main].cash - start.balances[ada.pockets.main].cash).toBe(-sum(onUsItems));
		expect(after.balances[acme.pockets.operating].cash - start.balances[acme.pockets.operating].cash).toBe(
			-(sum(achItems) + sum(wireItems) + WIRES * WIRE_FEE_CENTS),
		);

		// Tomorrow's re-run of the same items (after Jiko shows them), faults on again:
		// everything already exists.
		await new Promise((resolve) => setTimeout(resolve, ((assumptions as { visibilityLagMs?: number }).visibilityLagMs ?? 0) + 200));
		await setFaults(url, FAULTS);
		const again = [
			await run(onUsParams, onUsItems),
			await run(achParams, achItems),
			await run(wireParams, wireItems),
		];
		await clearFaults(url);
		await settleAll(url);
		for (const result of again) expect(result.error).toBeUndefined();
		expect(again.flatMap((r) => r.items).every((item) => item.json.outcome === 'existing')).toBe(true);
		const final = await ledger(url);
		expect(counts(final)).toEqual(seen);
		expect(final.balances).toEqual(after.balances);
	}, 300_000);
});
