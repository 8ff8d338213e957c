import axios from 'axios';

import { JikoRawClient } from './jikoRawClient';

import { DEMO_IDS, startSandbox, type Assumptions, type RunningSandbox, type SandboxOptions, type SignedRouteModule } from '../../sandbox/server';

export { DEMO_IDS };

export interface UseSandboxOptions {
	/** switches to play a different (documented-as-possible) Jiko, see sandbox/ASSUMPTIONS.md */
	assumptions?: Partial<Assumptions>;
	/** other sandbox options (settle delays, latencyMs, faults, ...); port is always a free one */
	options?: Partial<SandboxOptions>;
	/** extra signed route modules (e.g. a hook that records requests) */
	routes?: SignedRouteModule[];
}

/** Starts a fresh local sandbox on a free loopback port for one test file
 * (`useSandbox()` = the defaults; `useSandbox({assumptions: {...}})` = another Jiko). */
export function useSandbox(opts: UseSandboxOptions = {}): { get: () => RunningSandbox } {
	let sandbox: RunningSandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({
			...(opts.options ?? {}),
			port: 0,
			...(opts.assumptions ? { assumptions: opts.assumptions } : {}),
			...(opts.routes ? { routes: opts.routes } : {}),
		});
	});
	afterAll(async () => {
		await sandbox?.close();
	});
	return {
		get: () => {
			if (!sandbox) throw new Error('sandbox not started');
			return sandbox;
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

/**
 * For one test file: a sandbox whose async transfers wait to be settled by hand (POST
 * /_sandbox/settle) and a raw client logged in to it, handed to `ready` once both are up.
 */
export function useHeldSandbox(ready: (sandbox: RunningSandbox, client: JikoRawClient) => void): void {
	let sandbox: RunningSandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0, asyncSettleMs: 60_000, achSettleMs: 60_000 });
		const client = new JikoRawClient(sandbox.url);
		await client.login();
		ready(sandbox, client);
	});
	afterAll(async () => {
		await sandbox?.close();
	});
}
