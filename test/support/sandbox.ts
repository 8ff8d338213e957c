import axios from 'axios';

import { DEMO_IDS, startSandbox, type RunningSandbox } from '../../sandbox/server';

export { DEMO_IDS };

/** Starts a fresh local sandbox on a free loopback port for one test file. */
export async function useSandbox(): Promise<{ get: () => RunningSandbox }> {
	let sandbox: RunningSandbox | undefined;
	beforeAll(async () => {
		sandbox = await startSandbox({ port: 0 });
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
	onUs: Array<Record<string, unknown> & { id: string; status: string }>;
	ach: Array<Record<string, unknown> & { id: string; status: string; payment_related_information?: string[] }>;
	wires: Array<Record<string, unknown> & { id: string; wire_id: string }>;
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
