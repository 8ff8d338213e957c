import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ready } from '../support';

/** The log of one n8n process of the deployment (n8n, n8n-webhook, n8n-worker-1, …). */
export function n8nLog(name: string): string {
	return readFileSync(join(ready().dataDir, `${name}.log`), 'utf8');
}

/** Which worker ran an execution, from the workers' own logs ("Worker started execution …"). */
export function workerThatRan(executionId: string): string | undefined {
	const workers = ready().queue?.processes.workers.length ?? 0;
	for (let i = 1; i <= workers; i++) {
		if (new RegExp(`Worker started execution ${executionId} \\(`).test(n8nLog(`n8n-worker-${i}`))) return `n8n-worker-${i}`;
	}
	return undefined;
}

async function until(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await check())) {
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** Stops and starts every n8n process (main, webhook process, workers) through the launcher;
 * PostgreSQL, Redis and the sandbox keep running. Resolves when all are ready again. */
export async function restartEveryN8nProcess(): Promise<number> {
	const { launcherPid, queue } = ready();
	if (!queue) throw new Error('not a queue-mode deployment');
	const started = Date.now();
	process.kill(launcherPid, 'SIGUSR2');
	await until('every n8n process restarted', 240_000, () => (ready().queue?.generation ?? 0) > queue.generation);
	const seconds = Math.round((Date.now() - started) / 1000);
	process.stdout.write(`queue: every n8n process restarted in ${seconds} s\n`);
	return seconds;
}

export async function waitUntil(what: string, timeoutMs: number, check: () => Promise<boolean> | boolean): Promise<void> {
	await until(what, timeoutMs, check);
}
