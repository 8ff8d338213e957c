/**
 * The conformance suite against the local sandbox under each setting of every switch it
 * identifies: it must name the setting the sandbox runs with, and its safe/unsafe verdict and
 * exit code must be right. The suite is an independent client (conformance/ imports nothing
 * from the sandbox or the node); these tests are the only place the two meet.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_ASSUMPTIONS } from '../../sandbox/assumptions';
import { DEMO_IDS, type RunningSandbox } from '../../sandbox/server';
import { openSandbox, type SandboxSetup } from '../support/sandbox';
import { runConformance, type ConformanceResult } from '../../conformance/suite';
import { formatReport } from '../../conformance/report';
import { startRekeyProxy } from './rekeyProxy';

jest.setTimeout(60_000);

const OLD_ACH_ENDING = '2024-06-30T12:00:00Z';

type Settings = Record<string, unknown>;

/** Fast settlement so a --money run takes well under a second (no lag). */
async function sandboxWith(assumptions: Settings, extra: SandboxSetup['options'] = {}): Promise<RunningSandbox> {
	return await openSandbox({ assumptions: assumptions as SandboxSetup['assumptions'], options: { asyncSettleMs: 50, achSettleMs: 50, ...extra } });
}

async function conform(
	assumptions: Settings,
	opts: { money?: boolean; timeoutSeconds?: number; extra?: SandboxSetup['options']; prepare?: (sb: RunningSandbox) => Promise<void> } = {},
): Promise<{ result: ConformanceResult; truth: Settings; report: string }> {
	const sb = await sandboxWith(assumptions, opts.extra);
	try {
		await opts.prepare?.(sb);
		const result = await runConformance({ baseUrl: sb.url, money: opts.money ?? true, timeoutSeconds: opts.timeoutSeconds ?? 10 });
		return { result, truth: known(sb), report: formatReport(result) };
	} finally {
		await sb.close();
	}
}

/** Seeds two ACH originations from before July 2024 into the pocket the suite looks at first. */
async function seedOldAch(sb: RunningSandbox): Promise<void> {
	const res = await fetch(`${sb.url}/_sandbox/seed/ach`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ pocket_id: DEMO_IDS.customers.ada.pockets.main, count: 2, ending: OLD_ACH_ENDING }) });
	expect(res.status).toBe(200);
}

/** The sandbox's resolved switches (what it actually runs with). */
function known(sb: RunningSandbox): Settings {
	return { ...(sb.assumptions as unknown as Settings) };
}

const row = (r: ConformanceResult, id: string) => {
	const found = r.results.find((x) => x.id === id);
	if (!found) throw new Error(`no row ${id}`);
	return found;
};

/** The switches the suite identifies, and the rows that identify each. */
const SWITCH_ROWS: Record<string, string[]> = {
	repeatedKey: ['repeatedKey', 'repeatedKeyWrite'],
	duplicateTransferId: ['duplicateTransferId', 'duplicateWireId'],
	visibilityLagMs: ['visibilityLagMs'],
	onUsUnknownId: ['onUsUnknownId'],
	v2Endpoints: ['v2Endpoints'],
	achDirection: ['achDirection'],
	wireCreateBody: ['wireCreateBody'],
	peerToPeerToAccountType: ['peerToPeerToAccountType'],
	v2AmountFilterUnit: ['v2AmountFilterUnit'],
	v2WireFilter: ['v2WireFilter'],
	v2TransferIds: ['v2TransferIds'],
	trailingSlash: ['trailingSlash'],
	offsetListCount: ['offsetListCount'],
	cursorEmptyPage: ['cursorEmptyPage'],
	transactionAmountSign: ['transactionAmountSign'],
	counterpartyAccountNumbers: ['counterpartyAccountNumbers'],
	wireCounterpartyName: ['wireCounterpartyName'],
};

/** The safety questions (the node's money safety depends on them): unanswered fails the run. */
const SAFETY = ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'visibilityLagMs', 'onUsUnknownId', 'achDirection', 'v2Endpoints', 'v2AmountFilterUnit', 'v2WireFilter', 'v2TransferIds'];
const MONEY_SAFETY = ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'visibilityLagMs', 'achDirection'];

/** Every row of every switch the sandbox has names the value the sandbox runs with (but the rows in `except`). */
function expectIdentified(result: ConformanceResult, truth: Settings, except: string[] = []): void {
	const report = formatReport(result);
	for (const [name, ids] of Object.entries(SWITCH_ROWS)) {
		for (const id of ids) {
			if (except.includes(id)) continue;
			const r = row(result, id);
			const want = truth[name];
			if (name === 'visibilityLagMs') {
				const lag = want as number;
				const got = r.value as number;
				if (lag === 0) expect({ id, got }).toEqual({ id, got: 0 });
				else expect({ id, ok: got >= lag && got <= lag + 500, got, lag, report }).toMatchObject({ id, ok: true });
			} else {
				expect({ id, got: r.value, report }).toMatchObject({ id, got: want });
			}
			expect(r.switch).toBe(name);
		}
	}
}

/** What the suite must say about each setting of the switches the node's safety depends on. */
const VERDICT: Record<string, Record<string, 'safe' | 'slower' | 'unsafe'>> = {
	v2AmountFilterUnit: { cents: 'safe', dollars: 'slower', ignored: 'slower' },
	v2WireFilter: { applied: 'safe', ignored: 'slower' },
	v2TransferIds: { flat: 'safe', nested: 'safe', absent: 'slower' },
	onUsUnknownId: { '404': 'safe', '422': 'safe' },
	duplicateTransferId: { conflict: 'safe', 'return-existing': 'safe', 'execute-again': 'unsafe' },
	v2Endpoints: { true: 'safe', false: 'unsafe' },
	achDirection: { 'debit-pulls': 'safe', 'credit-pulls': 'safe' },
};

/** Each row of a switch in VERDICT carries its verdict; the report says "safe (slower fallback: ...)" for the slower ones. */
function expectVerdicts(result: ConformanceResult, truth: Settings, report: string, except: string[] = []): void {
	for (const [name, verdicts] of Object.entries(VERDICT)) {
		const want = verdicts[String(truth[name])];
		for (const id of SWITCH_ROWS[name]) {
			if (except.includes(id)) continue;
			const r = row(result, id);
			const got = r.safe === false ? 'unsafe' : r.safe === true ? (r.fallback ? 'slower' : 'safe') : 'unanswered';
			expect({ id, value: r.value, got }).toEqual({ id, value: r.value, got: want });
			if (want === 'slower') expect(report).toContain(`- ${id} = ${JSON.stringify(r.value)}: safe (slower fallback: `);
			if (want === 'unsafe') expect(result.unsafe.map((u) => u.id)).toContain(id);
		}
	}
}

/** The exit code, and what the report may and may not say, from the unsafe and unanswered lists. */
function expectExit(result: ConformanceResult, report: string, code: 0 | 1 | 3): void {
	expect({ exit: result.exitCode, unsafe: result.unsafe.map((u) => u.id), unanswered: result.unanswered.map((u) => u.id) }).toMatchObject({ exit: code });
	if (code === 0) {
		expect(result.unsafe).toEqual([]);
		expect(result.unanswered).toEqual([]);
		expect(report).toMatch(/Nothing unsafe for the node was found/);
	} else {
		expect(report).not.toMatch(/Nothing unsafe/);
	}
	if (code === 1) expect(report).toMatch(/UNSAFE for the node/);
	if (code === 3) {
		expect(result.unsafe).toEqual([]);
		expect(result.unanswered.length).toBeGreaterThan(0);
	}
	for (const u of result.unanswered) expect(report).toContain(`- ${u.id}: `);
}

describe('conformance suite against the local sandbox', () => {
	test('every switch the suite reports is a sandbox switch (same names)', () => {
		for (const name of Object.keys(SWITCH_ROWS)) expect({ name, known: name in DEFAULT_ASSUMPTIONS }).toEqual({ name, known: true });
	});

	test('defaults: every question answered, nothing unsafe, exit 0; old ACH originations show ach_id null', async () => {
		const { result, truth, report } = await conform({}, { prepare: seedOldAch });
		expectIdentified(result, truth);
		expectVerdicts(result, truth, report);
		expect(result.results.map((r) => r.id)).toEqual(ORDER);
		for (const r of result.results) expect({ id: r.id, safe: r.safe, observed: r.observed }).toMatchObject({ id: r.id, safe: true });
		for (const r of result.results) expect({ id: r.id, safety: r.safety }).toEqual({ id: r.id, safety: SAFETY.includes(r.id) });
		expect(row(result, 'achIdBeforeJuly2024')).toMatchObject({ value: 'null', switch: null });
		expect(row(result, 'counterpartyCreatePath')).toMatchObject({ value: 'present', switch: null, safe: true });
		expect(result.slower).toEqual([]);
		expectExit(result, report, 0);
		expect(report).toMatch(/ACH Direction Convention must be "DEBIT Pulls Money In" \(debitPulls\)/);
		expect(result.target.local).toBe(true);
		for (const [name, ids] of Object.entries(SWITCH_ROWS)) expect({ name, v: result.sandboxAssumptions[name] }).toEqual({ name, v: row(result, ids[0]).value });
	});

	// Every setting of the switches the node's money safety depends on, one at a time.
	const SETTINGS: Array<[string, unknown[]]> = [
		['v2AmountFilterUnit', ['cents', 'dollars', 'ignored']],
		['v2WireFilter', ['applied', 'ignored']],
		['v2TransferIds', ['flat', 'nested', 'absent']],
		['onUsUnknownId', [404, 422]],
		['duplicateTransferId', ['conflict', 'return-existing', 'execute-again']],
		['v2Endpoints', [true, false]],
		['achDirection', ['debit-pulls', 'credit-pulls']],
		['counterpartyAccountNumbers', ['full', 'masked']],
		['wireCounterpartyName', ['nameOnAccount', 'fedwireLine', 'absent']],
	];
	const cases = SETTINGS.flatMap(([name, values]) => values.map((v) => [name, v] as [string, unknown]));

	test.each(cases)('%s = %p is identified, with its verdict and exit code', async (name, value) => {
		const { result, truth, report } = await conform({ [name]: value });
		if (value === false) {
			// no v2: the money questions cannot read a pocket's cash, the v2 readings are not asked
			const unreadable = ['repeatedKeyWrite', 'duplicateTransferId', 'visibilityLagMs', 'achDirection', 'v2AmountFilterUnit', 'v2WireFilter', 'v2TransferIds'];
			expectIdentified(result, truth, unreadable);
			expectVerdicts(result, truth, report, unreadable);
			expect(result.unsafe.map((u) => u.id)).toEqual(['v2Endpoints']);
			expect(result.unanswered.map((u) => u.id).sort()).toEqual([...unreadable].sort());
			expectExit(result, report, 1);
			return;
		}
		expectIdentified(result, truth);
		expectVerdicts(result, truth, report);
		expectExit(result, report, value === 'execute-again' ? 1 : 0);
		if (value === 'execute-again') {
			expect(result.unsafe.map((u) => u.id).sort()).toEqual(['duplicateTransferId', 'duplicateWireId']);
			expect(report).toMatch(/MONEY MOVED TWICE: a second create with an existing wire_id/);
			expect(report).toMatch(/MONEY MOVED TWICE: a second create with an existing transfer_id/);
		}
		if (name === 'achDirection') expect(report).toContain(value === 'debit-pulls' ? '"DEBIT Pulls Money In" (debitPulls)' : '"CREDIT Pulls Money In" (creditPulls)');
	});

	// Several non-default settings at once, covering every value of every other switch (each
	// question must not lean on another's default).
	const COMBOS: Array<[Settings, 0 | 1]> = [
		[
			{
				v2AmountFilterUnit: 'dollars',
				v2WireFilter: 'ignored',
				v2TransferIds: 'nested',
				onUsUnknownId: 422,
				achDirection: 'credit-pulls',
				duplicateTransferId: 'return-existing',
				repeatedKey: 'replay',
				wireCreateBody: 'wire',
				trailingSlash: 'strict',
				cursorEmptyPage: 'omit',
				offsetListCount: 'page',
				peerToPeerToAccountType: 'ON_US_COUNTERPARTY',
				wireCounterpartyName: 'fedwireLine',
			},
			0,
		],
		[{ v2AmountFilterUnit: 'ignored', v2TransferIds: 'absent', v2WireFilter: 'ignored', trailingSlash: 'redirect', transactionAmountSign: 'absolute', peerToPeerToAccountType: 'JIKO_ACCOUNT', visibilityLagMs: 300, wireCounterpartyName: 'absent' }, 0],
		[{ v2TransferIds: 'absent', duplicateTransferId: 'execute-again', repeatedKey: 'replay', visibilityLagMs: 300, achDirection: 'credit-pulls' }, 1],
	];
	test.each(COMBOS)('combined %p is identified (exit %p)', async (settings, code) => {
		const { result, truth, report } = await conform(settings);
		expectIdentified(result, truth);
		expectVerdicts(result, truth, report);
		expectExit(result, report, code);
	});

	test('read-only: nothing is written; the money questions are named unanswered, exit 3', async () => {
		const sb = await sandboxWith({ transactionAmountSign: 'absolute' });
		try {
			const ledger = async () => (await fetch(`${sb.url}/_sandbox/ledger`)).json();
			const before = await ledger();
			const result = await runConformance({ baseUrl: sb.url, timeoutSeconds: 5 });
			const report = formatReport(result);
			expect(await ledger()).toEqual(before);
			expect(result.money).toBe(false);
			for (const id of ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'wireCreateBody', 'visibilityLagMs', 'achDirection', 'peerToPeerToAccountType']) {
				expect(row(result, id)).toMatchObject({ observed: 'not asked', value: null, safe: null, note: 'needs --money' });
			}
			// the read-only readings are answered from the seeded history (wires, ACH, amounts)
			for (const id of ['repeatedKey', 'onUsUnknownId', 'v2Endpoints', 'v2AmountFilterUnit', 'v2WireFilter', 'v2TransferIds', 'trailingSlash', 'offsetListCount', 'cursorEmptyPage', 'transactionAmountSign']) {
				expect({ id, value: row(result, id).value }).not.toEqual({ id, value: null });
			}
			expect(row(result, 'transactionAmountSign').value).toBe('absolute');
			expect(result.unanswered.map((u) => u.id).sort()).toEqual([...MONEY_SAFETY].sort());
			for (const u of result.unanswered) expect(u.check).toMatch(/needs --money/);
			expectExit(result, report, 3);
			expect(report).toMatch(/UNANSWERED safety questions \(5\)/);
		} finally {
			await sb.close();
		}
	});

	test('--money moves the on-us cents back to where they came from', async () => {
		const sb = await sandboxWith({});
		try {
			const demo = (await (await fetch(`${sb.url}/_sandbox/demo`)).json()) as { customers: Array<{ pockets: string[] }> };
			const [, to] = demo.customers[0].pockets;
			const cash = async (id: string) => ((await (await fetch(`${sb.url}/_sandbox/ledger`)).json()) as { balances: Record<string, { cash: number }> }).balances[id].cash;
			const before = await cash(to);
			const result = await runConformance({ baseUrl: sb.url, money: true, timeoutSeconds: 5 });
			expect(await cash(to)).toBe(before);
			expect(result.notes.join('\n')).toMatch(/moved \d+ cent\(s\) back/);
		} finally {
			await sb.close();
		}
	});

	test('reads only what the node reads: a pocket\'s cash through v2, never the deprecated v1 Get Account or List Customer Accounts', async () => {
		const sb = await sandboxWith({});
		const proxy = await startRekeyProxy(sb.url, { methods: [] });
		try {
			const result = await runConformance({ baseUrl: proxy.url, money: true, timeoutSeconds: 5 });
			expect(result.exitCode).toBe(0);
			const v1Account = proxy.seen.filter((r) => /^GET \/api\/v1\/jiko-accounts\/[^/]+\/$/.test(r) || /^GET \/api\/v1\/customers\/[^/]+\/jiko-accounts\/$/.test(r));
			expect(v1Account).toEqual([]);
			expect(proxy.seen.some((r) => /^GET \/api\/v2\/pockets\/[^/]+\/$/.test(r))).toBe(true);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});
});

const ORDER = [
	'repeatedKey',
	'repeatedKeyWrite',
	'duplicateTransferId',
	'duplicateWireId',
	'wireCreateBody',
	'visibilityLagMs',
	'onUsUnknownId',
	'achDirection',
	'peerToPeerToAccountType',
	'v2Endpoints',
	'v2AmountFilterUnit',
	'v2WireFilter',
	'v2TransferIds',
	'achIdBeforeJuly2024',
	'trailingSlash',
	'offsetListCount',
	'cursorEmptyPage',
	'transactionAmountSign',
	'counterpartyAccountNumbers',
	'wireCounterpartyName',
	'counterpartyCreatePath',
];

describe('against a Jiko that is not the local emulator (its admin routes hidden by a proxy)', () => {
	const ada = DEMO_IDS.customers.ada;
	const login = { username: 'sandbox-partner', password: 'sandbox-password', sharedSecret: 'sandbox-shared-secret-0001' };
	const ids = {
		pocketFrom: ada.pockets.main,
		pocketTo: ada.pockets.reserve,
		achCounterparty: ada.counterparties.achVerified,
		wireCounterparty: ada.counterparties.wireVerified,
		onUsCounterparty: ada.onUsCounterparty,
	};
	async function remote(assumptions: Settings, opts: { timeoutSeconds: number; withLogin?: boolean }) {
		// an ACH that does not settle within the run: the suite cannot call /_sandbox/settle here
		const sb = await sandboxWith(assumptions, { achSettleMs: 600_000 });
		const proxy = await startRekeyProxy(sb.url, { methods: [], hideAdmin: true });
		try {
			return await runConformance({ baseUrl: proxy.url, ...(opts.withLogin === false ? {} : login), money: true, timeoutSeconds: opts.timeoutSeconds, ids });
		} finally {
			await proxy.close();
			await sb.close();
		}
	}

	test('credentials are required when the target is not the local emulator', async () => {
		await expect(remote({}, { timeoutSeconds: 1, withLogin: false })).rejects.toThrow(/JIKO_USERNAME, JIKO_PASSWORD, JIKO_SHARED_SECRET/);
	});

	test.each([
		['debit-pulls', 'flat'],
		['credit-pulls', 'absent'],
	])('achDirection %s (v2 ids %s): an ACH not processed in time is judged by the transaction it booked (v2)', async (achDirection, v2TransferIds) => {
		const result = await remote({ achDirection, v2TransferIds }, { timeoutSeconds: 1 });
		expect(result.target.local).toBe(false);
		expect(row(result, 'achDirection')).toMatchObject({ value: achDirection, safe: true });
		expect(row(result, 'achDirection').note).toMatch(/booked transaction/);
		expect(row(result, 'v2TransferIds').value).toBe(v2TransferIds);
		for (const id of ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'wireCreateBody', 'visibilityLagMs', 'peerToPeerToAccountType', 'offsetListCount', 'transactionAmountSign', 'v2AmountFilterUnit', 'v2WireFilter', 'counterpartyCreatePath']) {
			expect({ id, value: row(result, id).value }).not.toEqual({ id, value: null });
		}
		expectExit(result, formatReport(result), 0);
	});

	test('without v2 and without settlement: v2 missing is unsafe, the ACH direction is named unanswered (exit 1)', async () => {
		const result = await remote({ v2Endpoints: false }, { timeoutSeconds: 1 });
		// no v2 pocket to learn the customer from (and the suite never reads v1 Get Account): not asked
		expect(row(result, 'counterpartyCreatePath')).toMatchObject({ value: null, observed: 'not asked' });
		expect(row(result, 'achDirection')).toMatchObject({ value: null, safe: null });
		expect(row(result, 'v2Endpoints')).toMatchObject({ value: false, safe: false });
		expect(result.unanswered.map((u) => u.id)).toContain('achDirection');
		expectExit(result, formatReport(result), 1);
	});
});

describe('unsafe and unanswered verdicts', () => {
	test('a visibility lag longer than --timeout-seconds is unsafe (exit 1)', async () => {
		const { result } = await conform({ visibilityLagMs: 2500 }, { timeoutSeconds: 1 });
		expect(row(result, 'visibilityLagMs')).toMatchObject({ safe: false, value: null });
		expect(result.unsafe.map((u) => u.id)).toContain('visibilityLagMs');
		expect(result.exitCode).toBe(1);
	});

	test('an unknown on-us id answered with neither 404 nor 422 is unsafe (exit 1)', async () => {
		const sb = await sandboxWith({});
		try {
			sb.faults.set({ serverErrors: { count: 1, status: 500, paths: ['/api/v1/transfers/on-us/'], methods: ['GET'] } });
			const result = await runConformance({ baseUrl: sb.url, timeoutSeconds: 5 });
			expect(row(result, 'onUsUnknownId')).toMatchObject({ safe: false, value: null });
			expect(row(result, 'onUsUnknownId').observed).toMatch(/^500/);
			expect(result.unsafe.map((u) => u.id)).toEqual(['onUsUnknownId']);
			expect(result.exitCode).toBe(1);
		} finally {
			await sb.close();
		}
	});

	test('a Jiko that does not check the request key is unsafe; with duplicate ids executed again too (exit 1)', async () => {
		const sb = await sandboxWith({ duplicateTransferId: 'execute-again' });
		const proxy = await startRekeyProxy(sb.url);
		try {
			const result = await runConformance({ baseUrl: proxy.url, money: true, timeoutSeconds: 5 });
			expect(row(result, 'repeatedKey')).toMatchObject({ safe: false, value: null });
			expect(row(result, 'repeatedKeyWrite')).toMatchObject({ safe: false, value: null });
			expect(row(result, 'repeatedKeyWrite').observed).toMatch(/lost 2 cent/);
			expect(row(result, 'duplicateTransferId')).toMatchObject({ value: 'execute-again', safe: false });
			expect(row(result, 'duplicateWireId')).toMatchObject({ value: 'execute-again', safe: false });
			expect(result.unsafe.map((u) => u.id).sort()).toEqual(['duplicateTransferId', 'duplicateWireId', 'repeatedKey', 'repeatedKeyWrite']);
			expect(result.exitCode).toBe(1);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});

	test('reads not checked for a repeated key but writes are: unsafe read-only, safe once --money shows the writes protected', async () => {
		const sb = await sandboxWith({});
		const proxy = await startRekeyProxy(sb.url, { methods: ['GET'] });
		try {
			const readOnly = await runConformance({ baseUrl: proxy.url, timeoutSeconds: 5 });
			expect(row(readOnly, 'repeatedKey')).toMatchObject({ safe: false, value: null });
			expect(readOnly.exitCode).toBe(1);
			const money = await runConformance({ baseUrl: proxy.url, money: true, timeoutSeconds: 5 });
			expect(row(money, 'repeatedKey')).toMatchObject({ safe: true, value: null });
			expect(row(money, 'repeatedKey').note).toMatch(/writes are/);
			expect(row(money, 'repeatedKeyWrite')).toMatchObject({ safe: true, value: 'conflict' });
			expect(money.sandboxAssumptions.repeatedKey).toBe('conflict');
			expect(money.exitCode).toBe(0);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});

	test('duplicate ids executed again are unsafe even when repeated keys are replayed (exit 1)', async () => {
		const { result, truth, report } = await conform({ duplicateTransferId: 'execute-again', repeatedKey: 'replay' });
		expectIdentified(result, truth);
		expect(row(result, 'duplicateTransferId')).toMatchObject({ value: 'execute-again', safe: false });
		expect(row(result, 'duplicateWireId')).toMatchObject({ value: 'execute-again', safe: false });
		expectExit(result, report, 1);
	});

	test('a documentation-faithful stand-in: duplicate wire_id executed again, filter[wire] ignored, no GET /api/v2/pockets/, no v1 Get Account → unsafe, flagged, exit 1', async () => {
		const sb = await sandboxWith({ duplicateTransferId: 'execute-again', v2WireFilter: 'ignored' });
		const proxy = await startRekeyProxy(sb.url, {
			methods: [],
			refuse: (m, p) =>
				(m === 'GET' && (p === '/api/v2/pockets/' || /^\/api\/v1\/jiko-accounts\/[^/]+\/$/.test(p))) ||
				(m === 'POST' && /^\/api\/v2\/customers\/[^/]+\/counterparties\/$/.test(p)),
		});
		try {
			const result = await runConformance({ baseUrl: proxy.url, money: true, timeoutSeconds: 5 });
			const report = formatReport(result);
			expect(row(result, 'duplicateWireId')).toMatchObject({ value: 'execute-again', safe: false });
			expect(row(result, 'duplicateTransferId')).toMatchObject({ value: 'execute-again', safe: false });
			expect(row(result, 'v2Endpoints')).toMatchObject({ value: false, safe: false });
			expect(row(result, 'v2Endpoints').observed).toMatch(/GET \/api\/v2\/pockets\/ → 404/);
			// the cash comes from v2 GET /api/v2/pockets/{id}/: the money questions are answered
			for (const id of ['repeatedKeyWrite', 'visibilityLagMs', 'achDirection']) expect({ id, safe: row(result, id).safe }).toEqual({ id, safe: true });
			// no Create Counterparty V2 at the node's path: named, but nothing unsafe (the create fails with 404, creating nothing)
			expect(row(result, 'counterpartyCreatePath')).toMatchObject({ value: 'absent', safe: true });
			expect(result.unsafe.map((u) => u.id).sort()).toEqual(['duplicateTransferId', 'duplicateWireId', 'v2Endpoints']);
			expect(report).toMatch(/MONEY MOVED TWICE: a second create with an existing wire_id/);
			expectExit(result, report, 1);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});
});

describe('the CLI (npm run conformance)', () => {
	const root = join(__dirname, '..', '..');
	const cli = (args: string[], env: Record<string, string>) =>
		new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
			const child = spawn('bash', [join(root, 'conformance', 'run.sh'), ...args], { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
			let stdout = '';
			let stderr = '';
			child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
			child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
			child.on('close', (code) => resolve({ code, stdout, stderr }));
		});

	test('--help prints the usage and exits 0', async () => {
		const r = await cli(['--help'], {});
		expect(r.code).toBe(0);
		expect(r.stdout).toMatch(/Usage: npm run conformance/);
		expect(r.stdout).toMatch(/JIKO_BASE_URL/);
	});

	test('bad input exits 2: no base URL, an unknown flag, an unreachable Jiko, a wrong password', async () => {
		expect((await cli([], {})).code).toBe(2);
		expect((await cli(['--nope'], { JIKO_BASE_URL: 'http://127.0.0.1:9' })).code).toBe(2);
		const unreachable = await cli([], { JIKO_BASE_URL: 'http://127.0.0.1:9' });
		expect(unreachable.code).toBe(2);
		expect(unreachable.stderr).toMatch(/cannot reach/);
		const sb = await sandboxWith({});
		try {
			const wrong = await cli([], { JIKO_BASE_URL: sb.url, JIKO_USERNAME: 'sandbox-partner', JIKO_PASSWORD: 'not-the-password-123', JIKO_SHARED_SECRET: 'x' });
			expect(wrong.code).toBe(2);
			expect(wrong.stderr).toMatch(/login failed/);
			expect(wrong.stderr + wrong.stdout).not.toContain('not-the-password-123');
		} finally {
			await sb.close();
		}
	});

	test('--json against the sandbox: the result object, exit code, and no secret or token in the output', async () => {
		const sb = await sandboxWith({});
		// through a pass-through proxy that collects the bearer tokens the CLI sends
		const proxy = await startRekeyProxy(sb.url, { methods: [] });
		try {
			const secret = 'sandbox-shared-secret-0001';
			const r = await cli(['--json', '--money', '--timeout-seconds', '5'], {
				JIKO_BASE_URL: proxy.url,
				JIKO_USERNAME: 'sandbox-partner',
				JIKO_PASSWORD: 'sandbox-password',
				JIKO_SHARED_SECRET: secret,
			});
			expect(r.code).toBe(0);
			const out = JSON.parse(r.stdout) as ConformanceResult;
			expect(out.exitCode).toBe(0);
			expect(out.unsafe).toEqual([]);
			for (const x of out.results) expect(Object.keys(x)).toEqual(expect.arrayContaining(['question', 'observed', 'switch', 'value', 'safe']));
			expect(proxy.tokens.size).toBeGreaterThan(0);
			for (const s of ['sandbox-password', secret, ...proxy.tokens]) expect(r.stdout + r.stderr).not.toContain(s);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});

	test('the table: one line per question with the matching switch, and the JIKO_SANDBOX_ASSUMPTIONS to set (read-only: exit 3)', async () => {
		const sb = await sandboxWith({ trailingSlash: 'strict' });
		try {
			const r = await cli([], { JIKO_BASE_URL: sb.url });
			expect(r.code).toBe(3);
			expect(r.stdout).toMatch(/UNANSWERED safety questions/);
			expect(r.stdout).not.toMatch(/Nothing unsafe/);
			expect(r.stdout).toMatch(/\| question +\| what this Jiko did +\| sandbox switch = value +\| safe\? +\|/);
			expect(r.stdout).toMatch(/trailingSlash = "strict"/);
			expect(r.stdout).toMatch(/JIKO_SANDBOX_ASSUMPTIONS='\{.*"trailingSlash":"strict".*\}' npm run sandbox/);
		} finally {
			await sb.close();
		}
	});

	test('money questions made unanswerable (the creates answer 404): exit 3, each one named with what to check, never "Nothing unsafe"', async () => {
		const sb = await sandboxWith({});
		const creates = /^\/api\/v1\/(transfers\/on-us\/|jiko-accounts\/[^/]+\/(ach-originating|wires)\/)$/;
		const proxy = await startRekeyProxy(sb.url, { methods: [], refuse: (m, p) => m === 'POST' && creates.test(p) });
		try {
			const r = await cli(['--money', '--timeout-seconds', '2'], { JIKO_BASE_URL: proxy.url });
			expect(r.code).toBe(3);
			expect(r.stdout).not.toMatch(/Nothing unsafe/);
			expect(r.stdout).not.toMatch(/UNSAFE for the node/);
			expect(r.stdout).toMatch(/UNANSWERED safety questions \(5\)/);
			for (const id of ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'visibilityLagMs', 'achDirection']) expect(r.stdout).toMatch(new RegExp(`^- ${id}: .*Check: `, 'm'));
			const json = await cli(['--money', '--json', '--timeout-seconds', '2'], { JIKO_BASE_URL: proxy.url });
			expect(json.code).toBe(3);
			const out = JSON.parse(json.stdout) as ConformanceResult;
			expect(out.unanswered.map((u) => u.id).sort()).toEqual(['achDirection', 'duplicateTransferId', 'duplicateWireId', 'repeatedKeyWrite', 'visibilityLagMs']);
			expect(out.unsafe).toEqual([]);
		} finally {
			await proxy.close();
			await sb.close();
		}
	});
});
