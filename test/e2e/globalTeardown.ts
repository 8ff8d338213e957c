import type { ChildProcess } from 'node:child_process';

/** Stops n8n and the sandbox (the launcher stops both on SIGTERM). */
export default async function globalTeardown(): Promise<void> {
	const child = (globalThis as { jikoE2eChild?: ChildProcess }).jikoE2eChild;
	if (!child || child.exitCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
	if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
}
