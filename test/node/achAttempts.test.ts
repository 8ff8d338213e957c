import axios from 'axios';

import { attemptTransferId, deriveTransferId } from '../../nodes/Jiko/money/ids';
import { forgetReadings } from '../../nodes/Jiko/money/readings';
import { ACH_PATHS } from '../../nodes/Jiko/rails/ach/lookup';
import type { Assumptions } from '../../sandbox/assumptions';
import { jikoRunner } from '../support/jiko';
import { DEMO_IDS, ledger, settleAll, useSandbox } from '../support/sandbox';
import { achPayoutParams } from '../support/transfers';

/*
 * A keyed ACH whose first attempts Jiko rejected (no money moved; the sandbox drops their
 * transactions, as Jiko's REJECTED does) was paid by a later execution under the next attempt's
 * marker. Days later — more than a page of newer ACH in the pocket, n8n restarted, Jiko no longer
 * remembering the request key — the same Business Key runs again. Its look-up starts at attempt 0,
 * which only the pocket's originations show; the amount filter shows the paid attempt alone. That
 * must answer "existing" with the paid ACH, and send nothing. Run under each reading of the amount
 * filter and of ach_id the sandbox can play (where the filter is not proven, the walk answers).
 */
const { acme } = DEMO_IDS.customers;
const pocket = acme.pockets.operating;

const SETTINGS: Array<{ name: string; assumptions: Partial<Assumptions>; path: string }> = [
	{ name: 'the sandbox defaults (cents, flat ids)', assumptions: {}, path: ACH_PATHS.amount },
	{ name: 'ids nested in details', assumptions: { v2TransferIds: 'nested' }, path: ACH_PATHS.amount },
	{ name: 'no ids on v2 items', assumptions: { v2TransferIds: 'absent' }, path: ACH_PATHS.memory },
	{ name: 'amount filter in dollars', assumptions: { v2AmountFilterUnit: 'dollars' }, path: ACH_PATHS.memory },
	{ name: 'amount filter ignored', assumptions: { v2AmountFilterUnit: 'ignored' }, path: ACH_PATHS.memory },
];

describe.each(SETTINGS)('a keyed ACH paid after rejected attempts, run again days later — $name', ({ assumptions, path }) => {
	const achPosts: string[] = [];
	const sandbox = useSandbox({
		held: true,
		// Jiko has forgotten the request keys: only the look-up stands between a re-run and a second ACH.
		assumptions: { ...assumptions, repeatedKeyWindowSeconds: 0 },
		routes: [
			(api) =>
				api.addHook('onRequest', async (req) => {
					if (req.method === 'POST' && req.url.includes('/ach/')) achPosts.push(req.url);
				}),
		],
	});
	const jiko = jikoRunner(() => sandbox.get().url);
	beforeAll(() => forgetReadings());
	afterAll(() => forgetReadings());

	it.each([1, 2])('%i rejected attempt(s), then one paid: the re-run answers "existing" with the paid ACH and sends nothing', async (rejections) => {
		const { url, state } = sandbox.get();
		const item = { key: `invoice-rejected-${rejections}-${JSON.stringify(assumptions)}`, cents: 123_450 + rejections };
		const baseId = deriveTransferId('ach', item.key);
		const forKey = async () =>
			(await ledger(url)).ach.filter((ach) =>
				[0, 1, 2, 3].some((attempt) => (ach.payment_related_information ?? []).includes(`n8n-jiko:${attemptTransferId(baseId, attempt)}`)),
			);

		// 1. Each execution with the key sends the next attempt, which Jiko rejects at settlement
		// (the pocket is frozen then): no money moves.
		const rejected: unknown[] = [];
		for (let attempt = 0; attempt < rejections; attempt++) {
			const run = await jiko(achPayoutParams, [item]);
			expect(run.items[0].json).toMatchObject({ outcome: 'created', ach_marker_id: attemptTransferId(baseId, attempt) });
			rejected.push(run.items[0].json.id);
			state.data.accounts[pocket].status = 'FROZEN';
			try {
				await settleAll(url);
			} finally {
				state.data.accounts[pocket].status = 'OPEN';
			}
		}
		expect((await forKey()).map((ach) => ach.status)).toEqual(rejected.map(() => 'REJECTED'));

		// 2. The next execution with the key: the earlier attempts are rejected, this one is paid.
		const paying = await jiko(achPayoutParams, [item]);
		expect(paying.items[0].json).toMatchObject({ outcome: 'created', ach_marker_id: attemptTransferId(baseId, rejections) });
		await settleAll(url);
		const paid = paying.items[0].json.id;

		// 3. Days later: 150 newer ACH, n8n restarted, and the same key runs again.
		await axios.post(`${url}/_sandbox/seed/ach`, { pocket_id: pocket, count: 150 });
		forgetReadings();
		achPosts.length = 0;
		const again = await jiko(achPayoutParams, [item]);
		expect(again.error).toBeUndefined();
		expect(again.items[0].json).toMatchObject({
			outcome: 'existing',
			id: paid,
			status: 'PROCESSED',
			ach_marker_id: attemptTransferId(baseId, rejections),
			look_up: { result: 'found', path, attempt: rejections },
		});
		expect(achPosts).toEqual([]);
		const achs = await forKey();
		expect(achs.map((ach) => [ach.id, ach.status])).toEqual(
			expect.arrayContaining([...rejected.map((id) => [id, 'REJECTED']), [paid, 'PROCESSED']]),
		);
		expect(achs).toHaveLength(rejections + 1);
	}, 60_000);
});
