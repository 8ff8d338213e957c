import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

async function freePort(): Promise<number> {
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
 * provisioned. The ready file tells the tests where everything is.
 */
export default async function globalSetup(): Promise<void> {
	const dataDir = mkdtempSync(join(tmpdir(), 'jiko-e2e-'));
	const readyFile = join(dataDir, 'ready.json');
	const [n8nPort, brokerPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
	const child = spawn(
		process.execPath,
		[join(ROOT, 'scripts', 'local-n8n.mts'), '--data-dir', dataDir, '--n8n-port', String(n8nPort), '--broker-port', String(brokerPort), '--sandbox-port', String(sandboxPort), '--ready-file', readyFile],
		{ cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
	);
	let output = '';
	child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
	const deadline = Date.now() + 240_000;
	while (!existsSync(readyFile)) {
		if (child.exitCode !== null) throw new Error(`local n8n exited early:\n${output}`);
		if (Date.now() > deadline) throw new Error(`local n8n not ready after 240 s:\n${output}`);
		await new Promise((r) => setTimeout(r, 500));
	}
	process.env.JIKO_E2E_READY = readyFile;
	process.env.JIKO_E2E_PID = String(child.pid);
	(globalThis as { jikoE2eChild?: unknown }).jikoE2eChild = child;
	JSON.parse(readFileSync(readyFile, 'utf8'));
}
