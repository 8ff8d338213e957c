import axios from 'axios';
import { randomUUID } from 'node:crypto';

import { retryPolicy } from '../../nodes/Jiko/transport';
import { DEMO_IDS } from '../../sandbox/seed';
import {
	holdExactly,
	fund,
	ledger,
	nodeContext,
	nodeError,
	retryExecution,
	start,
	validationRefusals,
	waitUntil,
	withAssumptions,
	withLatency,
	type Ledger,
} from './moneySupport';
import { N8n, output, ready, sandboxGet, sandboxPost, type Execution } from './support';

/*
 * "Money moves once" in a real n8n 2.41.1 against the sandbox, asserted on the sandbox's ledger
 * (transfers counted by their ids, balances after settlement):
 * - the payout example started twice at once pays one ACH;
 * - per rail, without a Business Key: n8n's Retry On Fail and the editor's "Retry" of a failed
 *   execution re-run the Jiko node over all its items; items 0–4 were paid, item 5 was refused by
 *   Jiko (insufficient funds: the pocket held exactly enough for items 0–4), the test funds the
 *   pocket, and the re-run must pay items 5–9 and nothing twice (10 transfers, not 15);
 * - the failure a user sees names the item, the transfer, the reason and the next step;
 * - the "Retry" still pays nothing twice when Jiko has forgotten the request keys (its window is
 *   one hour), or executes a repeated wire_id again;
 * - on-us, whose insufficient funds is a REJECTED transfer rather than an error, also with item 5
 *   hit by a Jiko outage, which n8n does retry.
 * Pockets: Grace's two pockets (on-us, ACH) and Acme's payroll pocket (payout, wire), drained to
 * the partner pocket and funded per test; the other e2e files use Ada's pockets and Acme's
 * operating pocket. Each test uses its own amounts.
 */
const { grace, acme } = DEMO_IDS.customers;
const PAYOUT = 'Jiko: pay out cash above a limit by ACH';
const JIKO_NODE = 'Pay each item';
const ITEMS = 10;
const FAILING_ITEM = 5;

type RailName = 'on-us' | 'ACH' | 'wire';

interface Rail {
	name: RailName;
	source: string;
	/** on-us: the pocket that receives the money */
	destination?: string;
	/** held from the source per transfer besides its amount (wire fee) */
	feeCents: number;
	/** the output field with the transfer's client id */
	idField: 'transfer_id' | 'ach_marker_id' | 'wire_id';
	/** status of a transfer that moved its money, after settlement */
	done: string;
	parameters: Record<string, unknown>;
}

const rl = (value: string) => ({ __rl: true, mode: 'id', value });

const RAILS: Rail[] = [
	{
		name: 'on-us',
		source: grace.pockets.savings,
		destination: grace.pockets.main,
		feeCents: 0,
		idField: 'transfer_id',
		done: 'COMPLETED',
		parameters: {
			resource: 'onUsTransfer',
			operation: 'create',
			transferType: 'INTERNAL_REALLOCATION',
			customerId: grace.id,
			fromPocketId: rl(grace.pockets.savings),
			toPocketId: rl(grace.pockets.main),
			amountType: 'REQUESTED_AMOUNT',
			amountInCents: true,
			amount: '={{ $json.cents }}',
			transferDescription: '={{ "e2e item " + $json.i }}',
			asyncMode: false,
		},
	},
	{
		name: 'ACH',
		source: grace.pockets.main,
		feeCents: 0,
		idField: 'ach_marker_id',
		done: 'PROCESSED',
		parameters: {
			resource: 'achTransfer',
			operation: 'create',
			customerId: grace.id,
			pocketId: rl(grace.pockets.main),
			counterpartyId: rl(grace.counterparties.achVerified),
			direction: 'out',
			amountInCents: true,
			amount: '={{ $json.cents }}',
			secCode: 'WEB',
			paymentRelatedInformation: '={{ "e2e item " + $json.i }}',
		},
	},
	{
		name: 'wire',
		source: acme.pockets.payroll,
		feeCents: 2_500, // the sandbox's wire fee
		idField: 'wire_id',
		done: 'COMPLETED',
		parameters: {
			resource: 'wireTransfer',
			operation: 'create',
			customerId: acme.id,
			pocketId: rl(acme.pockets.payroll),
			counterpartyId: rl(acme.counterparties.wireVerified),
			amountInCents: true,
			amount: '={{ $json.cents }}',
			wireDescription: '={{ "e2e item " + $json.i }}',
		},
	},
];

/** Manual Trigger → Code (10 items, item i pays base + i cents) → the rail's create, no Business Key. */
function tenItemWorkflow(rail: Rail, base: number, settings: Record<string, unknown>) {
	const { credentialId } = ready();
	return {
		name: `e2e money: ${rail.name}, ${ITEMS} items without a Business Key ${randomUUID()}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Ten payments', type: 'main', index: 0 }]] },
			'Ten payments': { main: [[{ node: JIKO_NODE, type: 'main', index: 0 }]] },
		},
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'Ten payments',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: { jsCode: `return Array.from({ length: ${ITEMS} }, (_, i) => ({ json: { i, cents: ${base} + i } }));` },
			},
			{
				id: randomUUID(),
				name: JIKO_NODE,
				type: 'n8n-nodes-jiko.jiko',
				typeVersion: 1,
				position: [440, 0],
				parameters: rail.parameters,
				credentials: { jikoApi: { id: credentialId, name: 'Jiko (local sandbox)' } },
				...settings,
			},
		],
	};
}

const amounts = (base: number, from: number, to: number) => Array.from({ length: to - from }, (_, k) => base + from + k);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const toItem = (base: number, from: number, to: number, rail: Rail) => sum(amounts(base, from, to)) + (to - from) * rail.feeCents;

interface Moved {
	clientId: string;
	status: string;
	cents: number;
}

/** The transfers out of the rail's source pocket that are not in `before`. */
function newTransfers(rail: Rail, before: Ledger, after: Ledger): Moved[] {
	if (rail.name === 'on-us') {
		const known = new Set(before.onUs.map((t) => t.id));
		return after.onUs
			.filter((t) => !known.has(t.id) && t.transfer.from_account.id === rail.source)
			.map((t) => ({ clientId: t.transfer.transfer_id, status: t.status, cents: t.transfer.amount.value }));
	}
	if (rail.name === 'ACH') {
		const known = new Set(before.ach.map((a) => a.id));
		return after.ach
			.filter((a) => !known.has(a.id) && a.jiko_account_id === rail.source)
			.map((a) => ({
				clientId: (a.payment_related_information.find((line) => line.startsWith('n8n-jiko:')) ?? '').slice('n8n-jiko:'.length),
				status: a.status,
				cents: a.amount_usdc,
			}));
	}
	const known = new Set(before.wires.map((w) => w.id));
	return after.wires
		.filter((w) => !known.has(w.id) && w.jiko_account_id === rail.source)
		.map((w) => ({ clientId: w.wire_id, status: w.status, cents: w.amount.value }));
}

function pick(object: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> | null {
	return object ? Object.fromEntries(keys.map((key) => [key, object[key]])) : null;
}

function histogram(values: string[]): Record<string, number> {
	const out: Record<string, number> = {};
	for (const v of values) out[v] = (out[v] ?? 0) + 1;
	return out;
}

async function jikoCounters(): Promise<{ validation: number; repeated: number }> {
	const stats = await sandboxGet<{ rejected: { validation: number; repeated: number } }>('/_sandbox/stats');
	return { validation: stats.rejected.validation, repeated: stats.rejected.repeated };
}

/** The pocket set up so that items 0–4 can be paid and item 5 cannot. */
async function prepare(rail: Rail, base: number) {
	await holdExactly(rail.source, toItem(base, 0, FAILING_ITEM, rail));
	const before = await ledger();
	return { before, counters: await jikoCounters() };
}

/** What happened, in one object, so that a failing test shows all of it at once. */
async function outcome(
	rail: Rail,
	base: number,
	before: Ledger,
	counters: { validation: number; repeated: number },
	last: Execution,
	fundedLater = toItem(base, FAILING_ITEM, ITEMS, rail),
) {
	await sandboxPost('/_sandbox/settle');
	const after = await ledger();
	const all = newTransfers(rail, before, after);
	// Transfers that moved money, and records Jiko rejected (they moved nothing: an on-us transfer
	// refused for insufficient funds is such a record).
	const moved = all.filter((m) => m.status === rail.done);
	const rejected = all.filter((m) => m.status === 'REJECTED');
	const now = await jikoCounters();
	let outputIds: string[] = [];
	try {
		outputIds = last.status === 'success' ? output(last, JIKO_NODE).map((item) => String(item[rail.idField])) : [];
	} catch {
		outputIds = [];
	}
	const expectedAmounts = amounts(base, 0, ITEMS);
	return {
		facts: {
			execution: last.status,
			error: nodeError(last, JIKO_NODE)?.message ?? null,
			transfers: moved.length,
			clientIds: new Set(moved.map((m) => m.clientId)).size,
			amounts: moved.map((m) => m.cents).sort((a, b) => a - b),
			rejected: rejected.map((m) => m.cents),
			otherStatuses: histogram(all.filter((m) => m.status !== rail.done && m.status !== 'REJECTED').map((m) => m.status)),
			outputIdsAreTheLedgersIds: outputIds.length === ITEMS && [...outputIds].sort().join() === moved.map((m) => m.clientId).sort().join(),
			sourceCashChange: after.balances[rail.source].cash - before.balances[rail.source].cash,
			sourceAvailable: after.balances[rail.source].available,
			...(rail.destination
				? { destinationCashChange: after.balances[rail.destination].cash - before.balances[rail.destination].cash }
				: {}),
		},
		expected: {
			execution: 'success',
			error: null,
			transfers: ITEMS,
			clientIds: ITEMS,
			amounts: expectedAmounts,
			// at most item 5's first attempt, if Jiko recorded its refusal
			rejected: rejected.length === 1 && rejected[0].cents === base + FAILING_ITEM ? [base + FAILING_ITEM] : [],
			otherStatuses: {},
			outputIdsAreTheLedgersIds: true,
			// the pocket held what it needed (items 0–4 at first, the rest later): it ends empty
			sourceCashChange: fundedLater - toItem(base, 0, ITEMS, rail),
			sourceAvailable: 0,
			...(rail.destination ? { destinationCashChange: sum(expectedAmounts) } : {}),
		},
		refusedByJiko: { validation: now.validation - counters.validation, repeated: now.repeated - counters.repeated },
		item5: last.runData[JIKO_NODE] ? pick(output(last, JIKO_NODE)[FAILING_ITEM], ['outcome', 'status', 'reason', rail.idField]) : null,
	};
}

async function executionStatus(n8n: N8n, id: string): Promise<string> {
	return (await n8n.data<{ status: string }>('get', `/executions/${id}`)).status;
}

describe('money moves once in a real n8n', () => {
	it.each([
		{ label: 'as fast as the sandbox answers', latencyMs: 0, customer: acme, pocket: acme.pockets.payroll },
		{ label: 'with every Jiko answer taking 300 ms, so both runs reach the create together', latencyMs: 300, customer: grace, pocket: grace.pockets.savings },
	])('the payout example started twice at once pays one ACH ($label)', async ({ latencyMs, customer, pocket }) => {
		const n8n = await N8n.login();
		// The example itself, pointed at another pocket: the examples test owns the operating
		// pocket's payout of today (its Business Key is per pocket and day).
		const example = await n8n.data<{ name: string; nodes: Array<Record<string, any>>; connections: unknown; settings: unknown }>(
			'get',
			`/workflows/${ready().workflows[PAYOUT]}`,
		);
		const payoutCents = 12_345;
		const holding = 3_000_000;
		const limit = holding - payoutCents;
		const settings: Record<string, unknown> = {
			customer_id: customer.id,
			pocket_id: pocket,
			counterparty_id: customer.counterparties.achVerified,
			limit_cents: limit,
		};
		const nodes = example.nodes.map((node) => {
			if (node.name !== 'Payout settings') return node;
			const assignments = (node.parameters.assignments.assignments as Array<{ name: string; value: unknown }>).map((a) =>
				a.name in settings ? { ...a, value: settings[a.name] } : a,
			);
			return { ...node, parameters: { ...node.parameters, assignments: { assignments } } };
		});
		const workflowId = await n8n.createWorkflow({
			name: `${example.name} (e2e: started twice at once) ${randomUUID()}`,
			active: false,
			nodes,
			connections: example.connections,
			settings: example.settings,
		});
		await holdExactly(pocket, holding);
		const before = await ledger();
		const counters = await jikoCounters();

		const runs = await withLatency(latencyMs, async () => {
			const ids = await Promise.all([start(n8n, workflowId, 'Every day at 17:00'), start(n8n, workflowId, 'Every day at 17:00')]);
			return await Promise.all(ids.map((id) => n8n.execution(id)));
		});
		const payouts = runs.map((run) => (run.runData['Pay out the excess by ACH'] ? output(run, 'Pay out the excess by ACH') : []));
		const markers = new Set(payouts.flat().map((p) => String(p.ach_marker_id)));

		console.log(`payout started twice at once, Jiko answering in ${latencyMs} ms`, JSON.stringify({ outcomes: payouts.flat().map((p) => p.outcome), repeatedRequests: (await jikoCounters()).repeated - counters.repeated }));
		await sandboxPost('/_sandbox/settle');
		const after = await ledger();
		const achs = after.ach.filter((a) => !before.ach.some((b) => b.id === a.id) && a.jiko_account_id === pocket);
		expect({
			executions: runs.map((run) => run.status),
			errors: runs.map((run) => nodeError(run, 'Pay out the excess by ACH')?.message ?? null),
			outcomes: payouts.map((p) => p.map((item) => item.outcome)).flat().sort(),
			markers: markers.size,
			achs: achs.map((a) => ({ cents: a.amount_usdc, status: a.status, direction: a.direction })),
			withTheMarker: achs.filter((a) => a.payment_related_information.includes(`n8n-jiko:${[...markers][0]}`)).length,
			pocketCash: after.balances[pocket].cash - before.balances[pocket].cash,
		}).toEqual({
			executions: ['success', 'success'],
			errors: [null, null],
			outcomes: ['created', 'existing'],
			markers: 1,
			achs: [{ cents: payoutCents, status: 'PROCESSED', direction: 'CREDIT' }],
			withTheMarker: 1,
			pocketCash: -payoutCents,
		});
		expect(payouts.flat().every((p) => p.amount_usdc === payoutCents && p.moves_money === 'out of the pocket')).toBe(true);
	});

	describe.each(RAILS.map((rail, k) => [rail.name, rail, k] as const))('%s without a Business Key', (_name, rail, k) => {
		it('Retry On Fail over 10 items, item 5 refused for insufficient funds at first: 10 transfers', async () => {
			const n8n = await N8n.login();
			const base = 11_000 + k * 1_000;
			const workflowId = await n8n.createWorkflow(tenItemWorkflow(rail, base, { retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 }));
			const { before, counters } = await prepare(rail, base);

			const executionId = await start(n8n, workflowId, 'Start');
			// Jiko refuses item 5 (a 422, or on-us a REJECTED transfer); while n8n waits between
			// tries, the money for items 5–9 arrives.
			const item5Refused = async () =>
				(await validationRefusals()) > counters.validation ||
				newTransfers(rail, before, await ledger()).some((m) => m.status === 'REJECTED');
			await waitUntil(async () => (await item5Refused()) || !['new', 'running'].includes(await executionStatus(n8n, executionId)), 60_000);
			const fundedWhileWaiting = (await item5Refused()) && ['new', 'running'].includes(await executionStatus(n8n, executionId));
			await fund(rail.source, toItem(base, FAILING_ITEM, ITEMS, rail));
			const execution = await n8n.execution(executionId, 170_000);

			const result = await outcome(rail, base, before, counters, execution);
			console.log(`${rail.name} Retry On Fail`, JSON.stringify({ fundedWhileWaiting, ...result }, null, 1));
			expect({ ...result.facts, fundedWhileWaiting }).toEqual({ ...result.expected, fundedWhileWaiting: true });
		});

		/** Runs the workflow without Retry On Fail (it fails at item 5), funds the pocket, then
		 * "Retry"s the failed execution (`around` may set the scene for the retry). */
		async function failThenRetry(base: number, around = (retry: () => Promise<Execution>) => retry()) {
			const n8n = await N8n.login();
			const workflowId = await n8n.createWorkflow(tenItemWorkflow(rail, base, {}));
			const { before, counters } = await prepare(rail, base);
			const failed = await n8n.execution(await start(n8n, workflowId, 'Start'));
			await fund(rail.source, toItem(base, FAILING_ITEM, ITEMS, rail));
			const retried = failed.status === 'error' ? await around(() => retryExecution(n8n, failed.id)) : failed;
			const result = await outcome(rail, base, before, counters, retried);
			const seeds = {
				failed: nodeContext(failed, JIKO_NODE)?.jikoRunSeeds ?? null,
				retry: nodeContext(retried, JIKO_NODE)?.jikoRunSeeds ?? null,
			};
			return { failed, retried, result, seeds, failure: nodeError(failed, JIKO_NODE) };
		}

		let firstFailure: { message: string; description: string } | undefined;
		let item5Id: string | undefined;

		it('"Retry" of the execution that failed at item 5: 10 transfers', async () => {
			const { failed, retried, result, seeds, failure } = await failThenRetry(21_000 + k * 1_000);
			firstFailure = failure;
			item5Id = retried.status === 'success' ? String(output(retried, JIKO_NODE)[FAILING_ITEM]?.[rail.idField]) : undefined;
			console.log(`${rail.name} Retry of the failed execution`, JSON.stringify({ failure, seeds, ...result }, null, 1));
			expect({
				...result.facts,
				failedFirst: failed.status,
				sameSeedInTheRetry: seeds.failed !== null && JSON.stringify(seeds.failed) === JSON.stringify(seeds.retry),
			}).toEqual({ ...result.expected, failedFirst: 'error', sameSeedInTheRetry: true });
		});

		it('the failure at item 5 names the item, the transfer, the reason and the next step', () => {
			const message = firstFailure?.message ?? '';
			const description = firstFailure?.description ?? '';
			expect({
				failed: firstFailure !== undefined,
				namesItem5: /\bitem 5\b/.test(message),
				// item 5's id as the retry paid it, else any id of the rail's kind (on-us: Jiko keeps the
				// rejected transfer under its id, so the retry pays under an id of its own)
				namesTheTransfer: new RegExp(`${rail.idField} ${(rail.name !== 'on-us' && item5Id) || '[0-9a-f-]{36}'}`).test(message),
				namesTheReason: /insufficient funds/i.test(message),
				// Without a Business Key only n8n's Retry reuses the transfer IDs: running the node or the
				// workflow anew pays items 0–4 again. The next step must be the Retry, never "run again".
				nextStepIsRetry: /\bretry/i.test(description),
				saysRunAgain: /run (the node|it|this node|the workflow) again/i.test(`${message}\n${description}`),
			}).toEqual({
				failed: true,
				namesItem5: true,
				namesTheTransfer: true,
				namesTheReason: true,
				nextStepIsRetry: true,
				saysRunAgain: false,
			});
		});

		// The editor keeps failed executions: people retry them the next morning, when Jiko has
		// long forgotten the request keys of items 0–4 (it remembers a key for one hour).
		// (on-us never gets here: its item 5 does not fail, see above)
		const afterTheKeyWindow = (base: number, jiko: Record<string, unknown>) => async () => {
			const { failed, result, seeds } = await failThenRetry(base, (retry) =>
				withAssumptions({ repeatedKeyWindowSeconds: 1, ...jiko }, async () => {
					await new Promise((r) => setTimeout(r, 1_500));
					return await retry();
				}),
			);
			console.log(`${rail.name} Retry after the key window ${JSON.stringify(jiko)}`, JSON.stringify({ seeds, ...result }, null, 1));
			expect({ ...result.facts, failedFirst: failed.status }).toEqual({ ...result.expected, failedFirst: 'error' });
		};
		if (rail.name !== 'on-us') {
			it('"Retry" after Jiko\'s one-hour repeated-request window has passed: still 10 transfers', afterTheKeyWindow(31_000 + k * 1_000, {}));
		}
		if (rail.name === 'wire') {
			// Jiko does not document what it does with a wire_id it has seen (the sandbox refuses it).
			it('"Retry" after the window, on a Jiko that executes a repeated wire_id again: still 10 wires', afterTheKeyWindow(41_000, { duplicateTransferId: 'execute-again' }));
		}
	});

	/*
	 * On-us, item 5 meets a Jiko outage: every attempt of its create gets a 503 before Jiko acts
	 * (the transport resends the same request retryPolicy.writeAttempts times, then the node looks
	 * for the transfer for 20 s and fails the item: its outcome is unknown).
	 */
	describe('on-us without a Business Key, item 5 hit by a Jiko outage', () => {
		const rail = RAILS[0];

		async function outageAtItem5(_before: Ledger, run: () => Promise<Execution>): Promise<{ execution: Execution; outageStarted: boolean }> {
			const { sandboxUrl } = ready();
			// Items 0–4 go through; every send of item 5 is answered 503; then the outage is over.
			await axios.put(`${sandboxUrl}/_sandbox/faults`, {
				serverErrors: { count: retryPolicy.writeAttempts, skip: FAILING_ITEM, status: 503, paths: ['/api/v1/transfers/on-us'], methods: ['POST'] },
			});
			try {
				const execution = await run();
				const served = ((await axios.get(`${sandboxUrl}/_sandbox/faults`)).data as { stats: { serverErrors: number } }).stats.serverErrors;
				return { execution, outageStarted: served >= retryPolicy.writeAttempts };
			} finally {
				await axios.delete(`${sandboxUrl}/_sandbox/faults`);
			}
		}

		it('Retry On Fail: 10 transfers', async () => {
			const n8n = await N8n.login();
			const base = 51_000;
			const workflowId = await n8n.createWorkflow(tenItemWorkflow(rail, base, { retryOnFail: true, maxTries: 3, waitBetweenTries: 5000 }));
			await holdExactly(rail.source, toItem(base, 0, ITEMS, rail));
			const before = await ledger();
			const counters = await jikoCounters();
			const { execution, outageStarted } = await outageAtItem5(before, async () => await n8n.execution(await start(n8n, workflowId, 'Start'), 170_000));
			const result = await outcome(rail, base, before, counters, execution, 0);
			console.log('on-us outage, Retry On Fail', JSON.stringify({ outageStarted, ...result }, null, 1));
			expect({ ...result.facts, outageStarted }).toEqual({ ...result.expected, outageStarted: true });
		});

		it('"Retry" of the execution that failed at item 5: 10 transfers', async () => {
			const n8n = await N8n.login();
			const base = 61_000;
			const workflowId = await n8n.createWorkflow(tenItemWorkflow(rail, base, {}));
			await holdExactly(rail.source, toItem(base, 0, ITEMS, rail));
			const before = await ledger();
			const counters = await jikoCounters();
			const { execution: failed, outageStarted } = await outageAtItem5(before, async () => await n8n.execution(await start(n8n, workflowId, 'Start'), 170_000));
			const failure = nodeError(failed, JIKO_NODE);
			const retried = failed.status === 'error' ? await retryExecution(n8n, failed.id) : failed;
			const result = await outcome(rail, base, before, counters, retried, 0);
			console.log('on-us outage, Retry of the failed execution', JSON.stringify({ outageStarted, failure, ...result }, null, 1));
			expect({
				...result.facts,
				outageStarted,
				failedFirst: failed.status,
				failureNamesItem5AndTheTransfer: /\bitem 5\b/.test(failure?.message ?? '') && /transfer/i.test(failure?.message ?? ''),
				failureNextStepIsRetry: /\bretry/i.test(failure?.description ?? ''),
			}).toEqual({
				...result.expected,
				outageStarted: true,
				failedFirst: 'error',
				failureNamesItem5AndTheTransfer: true,
				failureNextStepIsRetry: true,
			});
		});
	});
});
