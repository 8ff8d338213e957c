import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/**
 * Starts the sandbox and n8n exactly as the README's run command does (scripts/local-n8n.mts),
 * but in a temp folder and on free ports (n8n's task-broker port too), and waits until they are
 * provisioned. The ready file tells the tests where everything is (JIKO_E2E_READY).
 */
export async function launchLocalN8n(options: { queue?: boolean; prefix: string; timeoutMs: number }): Promise<ChildProcess> {
	const dataDir = mkdtempSync(join(tmpdir(), options.prefix));
	const readyFile = join(dataDir, 'ready.json');
	const [n8nPort, brokerPort, sandboxPort, webhookPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
	const args = [join(ROOT, 'scripts', 'local-n8n.mts'), '--data-dir', dataDir, '--n8n-port', String(n8nPort), '--broker-port', String(brokerPort), '--sandbox-port', String(sandboxPort), '--ready-file', readyFile];
	if (options.queue) args.push('--queue', '--webhook-port', String(webhookPort));
	const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const deadline = Date.now() + options.timeoutMs;
	while (!existsSync(readyFile)) {
		if (child.exitCode !== null) throw new Error(`local n8n exited early:\n${output}`);
		if (Date.now() > deadline) throw new Error(`local n8n not ready after ${options.timeoutMs / 1000} s:\n${output}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	process.env.JIKO_E2E_READY = readyFile;
	process.env.JIKO_E2E_PID = String(child.pid);
	(globalThis as { jikoE2eChild?: unknown }).jikoE2eChild = child;
	JSON.parse(readFileSync(readyFile, 'utf8'));
	return child;
}

/** Stops the launcher (it stops everything it started, n8n first) and, failing that, kills
 * every process it recorded. */
export async function stopLocalN8n(): Promise<void> {
	const child = (globalThis as { jikoE2eChild?: ChildProcess }).jikoE2eChild;
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolveExit) => child.once('exit', resolveExit));
	child.kill('SIGTERM');
	// The grace timer is cleared once the launcher is gone: a pending timer would keep Jest's
	// process alive after the run ("did not exit one second after the test run").
	let grace: NodeJS.Timeout | undefined;
	await Promise.race([exited, new Promise((resolveWait) => (grace = setTimeout(resolveWait, 60_000)))]);
	clearTimeout(grace);
	if (child.exitCode !== null || !child.pid) return;
	const pids = [-child.pid];
	try {
		const { queue } = JSON.parse(readFileSync(String(process.env.JIKO_E2E_READY), 'utf8')) as {
			queue?: { processes: { main: number; webhook: number; workers: number[] }; services: Record<string, number | null> };
		};
		// queue mode: each process runs in its own process group
		if (queue) pids.push(...[queue.processes.main, queue.processes.webhook, ...queue.processes.workers, ...Object.values(queue.services)].filter((p): p is number => typeof p === 'number').map((p) => -p));
	} catch {
		// no ready file: only the launcher's group
	}
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}
