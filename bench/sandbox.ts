/*
 * A sandbox in a child process (bench/sandboxProcess.ts) and what the benchmarks ask of it:
 * its CPU time and accepted connections (over IPC), and the admin routes (stats, config,
 * bulk seeding, faults).
 */
import axios from 'axios';

import type { StartOptions } from '../sandbox/server';
import { forkChild } from './child';

export interface Usage {
	/** user + system CPU time of the sandbox process, ms */
	cpuMs: number;
	connections: number;
	rss: number;
	heapUsed: number;
}

export interface SandboxStats {
	logins: number;
	requests: number;
	rejected: { auth: number; signature: number; repeated: number; validation: number; rateLimited: number };
}

export interface ChildSandbox {
	url: string;
	pid: number;
	usage(): Promise<Usage>;
	stats(): Promise<SandboxStats>;
	config(body: object): Promise<void>;
	faults(body: object | null): Promise<void>;
	/** counters of injected faults (reset by faults(null)) */
	faultStats(): Promise<{ serverErrors: number; rateLimited: number; droppedResponses: number }>;
	seed(kind: 'transactions' | 'ach' | 'wires', body: { pocket_id: string; count: number; direction?: 'DEBIT' | 'CREDIT'; type?: string }): Promise<number>;
	close(): Promise<void>;
}

export async function startChildSandbox(options: Omit<StartOptions, 'port' | 'routes'> = {}): Promise<ChildSandbox> {
	const child = await forkChild('sandboxProcess.js', [JSON.stringify(options)]);
	const admin = axios.create({ baseURL: `${child.url}/_sandbox`, timeout: 120_000 });
	return {
		url: child.url,
		pid: child.pid,
		async usage() {
			const m = await child.ask('usage');
			const cpu = m.cpu as { user: number; system: number };
			return { cpuMs: (cpu.user + cpu.system) / 1000, connections: Number(m.connections), rss: Number(m.rss), heapUsed: Number(m.heapUsed) };
		},
		async stats() {
			return (await admin.get<SandboxStats>('/stats')).data;
		},
		async config(body) {
			await admin.put('/config', body);
		},
		async faults(body) {
			if (body === null) await admin.delete('/faults');
			else await admin.put('/faults', body);
		},
		async faultStats() {
			return (await admin.get<{ stats: { serverErrors: number; rateLimited: number; droppedResponses: number } }>('/faults')).data.stats;
		},
		async seed(kind, body) {
			return (await admin.post<{ created: number }>(`/seed/${kind}`, body)).data.created;
		},
		close: () => child.stop(),
	};
}

/** Runs `fn` with a fresh child sandbox and always stops it. */
export async function withSandbox<T>(options: Omit<StartOptions, 'port' | 'routes'>, fn: (sandbox: ChildSandbox) => Promise<T>): Promise<T> {
	const sandbox = await startChildSandbox(options);
	try {
		return await fn(sandbox);
	} finally {
		await sandbox.close();
	}
}
