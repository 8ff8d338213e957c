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

export async function sandboxStats(url: string): Promise<{ logins: number; requests: number }> {
	return (await axios.get(`${url}/_sandbox/stats`)).data;
}

export async function expireTokens(url: string): Promise<void> {
	await axios.post(`${url}/_sandbox/tokens/expire`);
}
