import axios from 'axios';

import { JikoRawClient } from './jikoRawClient';

import { DEMO_IDS, startSandbox, type Assumptions, type RunningSandbox, type SandboxOptions, type SignedRouteModule } from '../../sandbox/server';

export { DEMO_IDS };

/**
 * What a test file asks of its sandbox — the one shape for every test that needs one.
 * Port is always a free loopback one.
 */
export interface SandboxSetup {
	/** switches to play a different (documented-as-possible) Jiko, see sandbox/ASSUMPTIONS.md */
	assumptions?: Partial<Assumptions>;
	/** other sandbox options (settle delays, latencyMs, faults, dataFile, replayCacheBytes, ...) */
	options?: Partial<Omit<SandboxOptions, 'port' | 'assumptions'>>;
	/** extra signed route modules (e.g. a hook that records requests) */
	routes?: SignedRouteModule[];
	/** async transfers, ACH and wires wait to be settled by hand (POST /_sandbox/settle) */
	held?: boolean;
	/** log the raw client (`raw()`) in before the tests run */
	login?: boolean;
}

/** A held sandbox's settle delay: longer than any test, so only POST /_sandbox/settle settles. */
const HELD_SETTLE_MS = 60_000;

/**
 * Starts one sandbox for one test's own Jiko (a second sandbox beside the file's, one that is
 * restarted, ...); the caller closes it. Test files use `useSandbox`, which is built on this.
 */
export async function openSandbox(setup: SandboxSetup = {}): Promise<RunningSandbox> {
	return await startSandbox({
		...(setup.held ? { asyncSettleMs: HELD_SETTLE_MS, achSettleMs: HELD_SETTLE_MS } : {}),
		...(setup.options ?? {}),
		port: 0,
		...(setup.assumptions ? { assumptions: setup.assumptions } : {}),
		...(setup.routes ? { routes: setup.routes } : {}),
	});
}

export interface SandboxHandle {
	/** the running sandbox (from beforeAll on) */
	get: () => RunningSandbox;
	/** an independent raw client of it (logged in when `login: true`) */
	raw: () => JikoRawClient;
}

/** Starts a fresh local sandbox on a free loopback port for one test file or describe block
 * (`useSandbox()` = the defaults; `useSandbox({assumptions: {...}})` = another Jiko) and closes it
 * after its tests. */
export function useSandbox(setup: SandboxSetup = {}): SandboxHandle {
	let sandbox: RunningSandbox | undefined;
	let client: JikoRawClient | undefined;
	beforeAll(async () => {
		sandbox = await openSandbox(setup);
		client = new JikoRawClient(sandbox.url);
		if (setup.login) {
			const login = await client.login();
			if (login.status !== 200) throw new Error(`sandbox login refused: ${login.status} ${login.text}`);
		}
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get: () => {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
		},
		raw: () => {
			if (!client) throw new Error('sandbox not started');
			return client;
		},
	};
}

export async function sandboxStats(url: string): Promise<{ logins: number; requests: number; rejected: Record<string, number> }> {
	return (await axios.get(`${url}/_sandbox/stats`)).data;
}

export async function expireTokens(url: string): Promise<void> {
	await axios.post(`${url}/_sandbox/tokens/expire`);
}

export interface Ledger {
	onUs: Array<Record<string, unknown> & { id: string; transfer_id: string; status: string; duplicate: boolean }>;
	ach: Array<Record<string, unknown> & { id: string; status: string; payment_related_information?: string[] }>;
	wires: Array<Record<string, unknown> & { id: string; wire_id: string; status: string; duplicate: boolean }>;
	balances: Record<string, { cash: number; pending: number; available: number; total: number }>;
}

export async function ledger(url: string): Promise<Ledger> {
	return (await axios.get(`${url}/_sandbox/ledger`)).data;
}

export async function settleAll(url: string): Promise<void> {
	await axios.post(`${url}/_sandbox/settle`);
}

export async function setFaults(url: string, config: object): Promise<void> {
	await axios.put(`${url}/_sandbox/faults`, config);
}

export async function clearFaults(url: string): Promise<void> {
	await axios.delete(`${url}/_sandbox/faults`);
}

/** Merges assumption switches into a running sandbox (PUT /_sandbox/config); returns them all. */
export async function setAssumptions(url: string, assumptions: Partial<Assumptions>): Promise<Assumptions> {
	return (await axios.put(`${url}/_sandbox/config`, { assumptions })).data.assumptions;
}

/** Bulk-seeds settled records into a pocket (admin routes POST /_sandbox/seed/...). */
export async function seedPocket(url: string, kind: 'transactions' | 'ach' | 'wires', body: { pocket_id: string; count: number; direction?: 'DEBIT' | 'CREDIT'; type?: string }): Promise<number> {
	return (await axios.post(`${url}/_sandbox/seed/${kind}`, body)).data.created;
}
