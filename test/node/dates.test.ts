/**
 * Date parameters through n8n's engine against the sandbox: a date or date-time without a zone
 * (what n8n's date picker stores) is read in the workflow's time zone, whatever the n8n
 * server's own zone; an explicit Z or offset is kept; anything but ISO 8601 is refused naming
 * the field. What is checked is what went out to Jiko and what the user sees in the output.
 */
import { DEMO_IDS, useSandbox } from '../support/sandbox';
import { runJiko } from '../support/jiko';

let requestsSeen: URL[] = [];

// Records every signed request, to see the instants the node sends.
const sandbox = useSandbox({
	routes: [
		(api) =>
			api.addHook('onRequest', async (req) => {
				requestsSeen.push(new URL(req.url, 'http://sandbox'));
			}),
	],
});

const POCKET = DEMO_IDS.customers.ada.pockets.main;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const sent = (pathPart: string, name: string) => requestsSeen.filter((u) => u.pathname.includes(pathPart)).map((u) => u.searchParams.get(name));

const reconcile = (extra: Record<string, unknown>) => ({
	resource: 'transaction',
	operation: 'reconcile',
	pocketId: byId(POCKET),
	rail: 'on-us',
	businessKey: 'dates-test',
	expectedAmount: '10',
	...extra,
});

beforeEach(() => {
	requestsSeen = [];
});

describe('Trade → Get Many date filters in the workflow time zone', () => {
	test('Asia/Kolkata: From 2026-11-24 and To 2026-11-24T23:59:59 are that day in Kolkata; the trades inside it come back', async () => {
		const pocketId = POCKET;
		const trades = sandbox.get().state.data.trades;
		const template = Object.values(trades)[0];
		// Around Kolkata's midnights (UTC+05:30): 18:30 UTC is 00:00 there.
		const at = {
			before: Date.parse('2026-11-23T18:29:00Z'),
			first: Date.parse('2026-11-23T18:30:00Z'),
			last: Date.parse('2026-11-24T18:29:00Z'),
			after: Date.parse('2026-11-24T18:30:00Z'),
		};
		for (const [name, time] of Object.entries(at)) {
			const id = `00000000-0000-4000-a000-${String(time / 60_000).padStart(12, '0')}`;
			trades[id] = { ...template, id, accountId: pocketId, tradeDatetime: time, name } as typeof template;
		}
		const run = await runJiko(
			sandbox.get().url,
			{
				resource: 'trade',
				operation: 'getMany',
				scope: 'pocket',
				pocketId: byId(pocketId),
				returnAll: true,
				filters: { tradeDatetimeFrom: '2026-11-24', tradeDatetimeTo: '2026-11-24T23:59:59' },
			},
			{ timezone: 'Asia/Kolkata' },
		);
		expect(run.error).toBeUndefined();
		expect(sent('/trades/', 'trade_datetime_from')).toEqual(['2026-11-23T18:30:00.000Z']);
		expect(sent('/trades/', 'trade_datetime_to')).toEqual(['2026-11-24T18:29:59.000Z']);
		expect(run.items.map((i) => Date.parse(String(i.json.trade_datetime))).sort()).toEqual([at.first, at.last]);
	});

	test('an explicit offset or Z is kept whatever the workflow zone', async () => {
		const run = await runJiko(
			sandbox.get().url,
			{
				resource: 'trade',
				operation: 'getMany',
				scope: 'pocket',
				pocketId: byId(POCKET),
				returnAll: true,
				filters: { tradeDatetimeFrom: '2026-11-24T00:00:00+05:30', tradeDatetimeTo: '2026-11-24T12:00:00Z' },
			},
			{ timezone: 'America/New_York' },
		);
		expect(run.error).toBeUndefined();
		expect(sent('/trades/', 'trade_datetime_from')).toEqual(['2026-11-23T18:30:00.000Z']);
		expect(sent('/trades/', 'trade_datetime_to')).toEqual(['2026-11-24T12:00:00.000Z']);
	});
});

describe('Reconcile period in the workflow time zone', () => {
	test('America/New_York over the day the clocks go back: the period is 25 hours, read one day wider each side', async () => {
		const run = await runJiko(
			sandbox.get().url,
			reconcile({ periodStart: '2026-11-01T00:00:00', periodEnd: '2026-11-02', reconcileOptions: { expectedDate: '2026-11-01T01:30:00' } }),
			{ timezone: 'America/New_York' },
		);
		expect(run.error).toBeUndefined();
		// 00:00 EDT (UTC-4) to 00:00 EST (UTC-5); 01:30 happens twice that night: the first (EDT).
		expect(run.items[0].json).toMatchObject({
			period_start: '2026-11-01T04:00:00.000Z',
			period_end: '2026-11-02T05:00:00.000Z',
			expected_date: '2026-11-01T05:30:00.000Z',
		});
		expect(sent('/transactions/', 'time_booked_from')).toEqual(['2026-10-31T04:00:00.000Z']);
		expect(sent('/transactions/', 'time_booked_to')).toEqual(['2026-11-03T05:00:00.000Z']);
	});

	test('a date from an expression ($today, $now) is its instant', async () => {
		const before = Date.now();
		const run = await runJiko(sandbox.get().url, reconcile({ periodStart: '={{ $today }}', periodEnd: '={{ $now }}' }), { timezone: 'Asia/Kolkata' });
		expect(run.error).toBeUndefined();
		// $today: midnight in Kolkata (UTC+05:30).
		const start = Date.parse(String(run.items[0].json.period_start));
		expect((start + 5.5 * 3_600_000) % 86_400_000).toBe(0);
		expect(before - start).toBeLessThan(86_400_000);
		const end = Date.parse(String(run.items[0].json.period_end));
		expect(end).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
		expect(end).toBeLessThanOrEqual(Date.now());
	});

	test.each(['Nov 24', '1', '2026-11-24 09:30', '24.11.2026', '2026-02-30', '2026-11-24T24:00:00'])('"%s" is refused, naming the field and showing an example', async (value) => {
		const run = await runJiko(sandbox.get().url, reconcile({ periodStart: value }), { timezone: 'Asia/Kolkata' });
		expect(run.error?.message).toBe(
			`Period Start (item 0): "${value}" is not an ISO 8601 date — use e.g. 2026-11-24, 2026-11-24T09:30:00 or 2026-11-24T09:30:00-05:00; without Z or an offset it is read in the workflow's time zone (Asia/Kolkata)`,
		);
		expect(requestsSeen).toEqual([]);
	});
});
