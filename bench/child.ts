/*
 * A helper process of the benchmarks (the sandbox, the webhook receiver): forked with an IPC
 * channel, it sends {type: 'ready', url, pid} once listening and answers {id, cmd} messages
 * with {id, ...}. Keeping servers out of the benchmark's process keeps their CPU time apart
 * from the client's and gives each its own event loop.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';

export interface Child {
	url: string;
	pid: number;
	ask(cmd: string): Promise<Record<string, unknown>>;
	/** asks it to close and waits for it to exit */
	stop(): Promise<void>;
}

export async function forkChild(script: string, args: string[]): Promise<Child> {
	const child = fork(join(__dirname, script), args, {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		// as it would run on its own: no inspector, no --expose-gc
		execArgv: [],
	});
	let nextId = 1;
	const pending = new Map<number, (message: Record<string, unknown>) => void>();
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const { url, pid } = await new Promise<{ url: string; pid: number }>((resolve, reject) => {
		child.once('exit', (code) => reject(new Error(`${script} exited with code ${String(code)} before it was ready`)));
		child.on('message', (raw) => {
			const message = raw as Record<string, unknown>;
			if (message.type === 'ready') resolve({ url: String(message.url), pid: Number(message.pid) });
			else if (typeof message.id === 'number') {
				pending.get(message.id)?.(message);
				pending.delete(message.id);
			}
		});
	});
	const ask = (cmd: string) =>
		new Promise<Record<string, unknown>>((resolve) => {
			const id = nextId++;
			pending.set(id, resolve);
			child.send({ id, cmd });
		});
	let stopping: Promise<void> | undefined;
	return {
		url,
		pid,
		ask,
		stop: () => {
			stopping ??= (async () => {
				if (child.exitCode === null) {
					await ask('close');
					await exited;
				}
			})();
			return stopping;
		},
	};
}
