/**
 * The conformance suite against the local sandbox under each setting of every switch it
 * identifies: it must name the setting the sandbox runs with, and its safe/unsafe verdict and
 * exit code must be right. The suite is an independent client (conformance/ imports nothing
 * from the sandbox or the node); these tests are the only place the two meet.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_ASSUMPTIONS } from '../../sandbox/assumptions';
import { DEMO_IDS, startSandbox, type RunningSandbox, type StartOptions } from '../../sandbox/server';
import { runConformance, type ConformanceResult } from '../../conformance/suite';
import { formatReport } from '../../conformance/report';
import { startRekeyProxy } from './rekeyProxy';

jest.setTimeout(60_000);

type Settings = Record<string, unknown>;

/** Fast settlement so a --money run takes well under a second (no lag). */
async function sandboxWith(assumptions: Settings, extra: Partial<StartOptions> = {}): Promise<RunningSandbox> {
	return startSandbox({ port: 0, asyncSettleMs: 50, achSettleMs: 50, assumptions: assumptions as StartOptions['assumptions'], ...extra });
}

async function conform(assumptions: Settings, opts: { money?: boolean; timeoutSeconds?: number; extra?: Partial<StartOptions> } = {}): Promise<{ result: ConformanceResult; truth: Settings }> {
	const sb = await sandboxWith(assumptions, opts.extra);
	try {
		const result = await runConformance({ baseUrl: sb.url, money: opts.money ?? true, timeoutSeconds: opts.timeoutSeconds ?? 10 });
		return { result, truth: known(sb) };
	} finally {
		await sb.close();
	}
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
	trailingSlash: ['trailingSlash'],
	offsetListCount: ['offsetListCount'],
	cursorEmptyPage: ['cursorEmptyPage'],
	transactionAmountSign: ['transactionAmountSign'],
};

/** Every row of every switch the sandbox has names the value the sandbox runs with. */
function expectIdentified(result: ConformanceResult, truth: Settings): void {
	const report = formatReport(result);
	for (const [name, ids] of Object.entries(SWITCH_ROWS)) {
		for (const id of ids) {
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

describe('conformance suite against the local sandbox', () => {
	test('every switch the suite reports is a sandbox switch (same names)', () => {
		for (const name of Object.keys(SWITCH_ROWS)) expect({ name, known: name in DEFAULT_ASSUMPTIONS }).toEqual({ name, known: true });
	});

	test('defaults: every question answered, nothing unsafe, exit 0', async () => {
		const { result, truth } = await conform({});
		expectIdentified(result, truth);
		expect(result.results.map((r) => r.id)).toEqual(Object.values(SWITCH_ROWS).flat().sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)));
		for (const r of result.results) expect({ id: r.id, safe: r.safe, observed: r.observed }).toMatchObject({ id: r.id, safe: true });
		expect(result.unsafe).toEqual([]);
		expect(result.exitCode).toBe(0);
		expect(result.target.local).toBe(true);
		for (const [name, ids] of Object.entries(SWITCH_ROWS)) expect({ name, v: result.sandboxAssumptions[name] }).toEqual({ name, v: row(result, ids[0]).value });
	});

	const SETTINGS: Array<[string, unknown[]]> = [
		['repeatedKey', ['conflict', 'replay']],
		['duplicateTransferId', ['conflict', 'return-existing', 'execute-again']],
		['onUsUnknownId', [404, 422]],
		['v2Endpoints', [true, false]],
		['achDirection', ['debit-pulls', 'credit-pulls']],
		['wireCreateBody', ['none', 'wire']],
		['peerToPeerToAccountType', ['COUNTERPARTY', 'ON_US_COUNTERPARTY', 'JIKO_ACCOUNT']],
		['trailingSlash', ['accept', 'strict', 'redirect']],
		['offsetListCount', ['total', 'page']],
		['cursorEmptyPage', ['null', 'omit']],
		['transactionAmountSign', ['signed', 'absolute']],
		['visibilityLagMs', [0, 300]],
	];
	const cases = SETTINGS.flatMap(([name, values]) => values.map((v) => [name, v] as [string, unknown]));

	test.each(cases)('%s = %p is identified', async (name, value) => {
		const { result, truth } = await conform({ [name]: value });
		expectIdentified(result, truth);
		expect(result.exitCode).toBe(0);
	});

	// Several non-default settings at once (each question must not lean on another's default).
	const COMBOS: Settings[] = [
		{ v2Endpoints: false, visibilityLagMs: 300, transactionAmountSign: 'absolute' },
		{
			trailingSlash: 'strict',
			cursorEmptyPage: 'omit',
			offsetListCount: 'page',
			onUsUnknownId: 422,
			wireCreateBody: 'wire',
			achDirection: 'credit-pulls',
			peerToPeerToAccountType: 'ON_US_COUNTERPARTY',
			duplicateTransferId: 'return-existing',
			repeatedKey: 'replay',
		},
	];
	test.each(COMBOS)('combined %p is identified', async (settings) => {
		const { result, truth } = await conform(settings);
		expectIdentified(result, truth);
		expect(result.exitCode).toBe(0);
	});

	test('read-only: the money questions are not asked and nothing is written', async () => {
		const sb = await sandboxWith({ transactionAmountSign: 'absolute' });
		try {
			const ledger = async () => (await fetch(`${sb.url}/_sandbox/ledger`)).json();
			const before = await ledger();
			const result = await runConformance({ baseUrl: sb.url, timeoutSeconds: 5 });
			expect(await ledger()).toEqual(before);
			expect(result.money).toBe(false);
			for (const id of ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'wireCreateBody', 'visibilityLagMs', 'achDirection', 'peerToPeerToAccountType']) {
				expect(row(result, id)).toMatchObject({ observed: 'not asked', value: null, safe: null, note: 'needs --money' });
			}
			for (const id of ['repeatedKey', 'onUsUnknownId', 'trailingSlash', 'offsetListCount', 'cursorEmptyPage', 'transactionAmountSign']) expect(row(result, id).value).not.toBeNull();
			expect(row(result, 'transactionAmountSign').value).toBe('absolute');
			expect(result.exitCode).toBe(0);
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
	'trailingSlash',
	'offsetListCount',
	'cursorEmptyPage',
	'transactionAmountSign',
];

describe('against a Jiko that is not the local emulator (its admin routes hidden by a proxy)', () => {
	const ada = DEMO_IDS.customers.ada;
	const login = { username: 'sandbox-partner', password: 'sandbox-password', sharedSecret: 'sandbox-shared-secret-0001' };
	const ids = {
		customerId: ada.id,
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

	test.each(['debit-pulls', 'credit-pulls'])('achDirection %s: an ACH not processed in time is judged by the transaction it booked (v2)', async (achDirection) => {
		const result = await remote({ achDirection }, { timeoutSeconds: 1 });
		expect(result.target.local).toBe(false);
		expect(row(result, 'achDirection')).toMatchObject({ value: achDirection, safe: true });
		expect(row(result, 'achDirection').note).toMatch(/booked transaction/);
		for (const id of ['repeatedKeyWrite', 'duplicateTransferId', 'duplicateWireId', 'wireCreateBody', 'visibilityLagMs', 'peerToPeerToAccountType', 'offsetListCount', 'transactionAmountSign']) {
			expect({ id, value: row(result, id).value }).not.toEqual({ id, value: null });
		}
		expect(result.exitCode).toBe(0);
	});

	test('without v2 and without settlement the ACH direction is undecided (not unsafe)', async () => {
		const result = await remote({ v2Endpoints: false }, { timeoutSeconds: 1 });
		expect(row(result, 'achDirection')).toMatchObject({ value: null, safe: null });
		expect(row(result, 'achDirection').note).toMatch(/undecided/);
		expect(result.exitCode).toBe(0);
	});
});

describe('unsafe verdicts', () => {
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

	test('combined: duplicate ids executed again + repeated keys replayed + 2000 ms lag → identified, safe (exit 0)', async () => {
		const { result, truth } = await conform({ duplicateTransferId: 'execute-again', repeatedKey: 'replay', visibilityLagMs: 2000 });
		expectIdentified(result, truth);
		expect(truth).toMatchObject({ duplicateTransferId: 'execute-again', repeatedKey: 'replay', visibilityLagMs: 2000 });
		expect(row(result, 'duplicateTransferId')).toMatchObject({ value: 'execute-again', safe: true });
		expect(row(result, 'duplicateTransferId').note).toMatch(/relies on the request key/);
		expect(result.unsafe).toEqual([]);
		expect(result.exitCode).toBe(0);
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

	test('the table: one line per question with the matching switch, and the JIKO_SANDBOX_ASSUMPTIONS to set', async () => {
		const sb = await sandboxWith({ trailingSlash: 'strict' });
		try {
			const r = await cli([], { JIKO_BASE_URL: sb.url });
			expect(r.code).toBe(0);
			expect(r.stdout).toMatch(/\| question +\| what this Jiko did +\| sandbox switch = value +\| safe\? \|/);
			expect(r.stdout).toMatch(/trailingSlash = "strict"/);
			expect(r.stdout).toMatch(/JIKO_SANDBOX_ASSUMPTIONS='\{.*"trailingSlash":"strict".*\}' npm run sandbox/);
		} finally {
			await sb.close();
		}
	});
});
