/*
 * The sandbox in its own process for the benchmarks, so that its CPU time can be read apart
 * from the client's (process.cpuUsage() here, sent over the IPC channel) and the two do not
 * share one event loop. Started by bench/sandbox.ts with fork(); the first argument is the
 * JSON of startSandbox's options. Also counts the TCP connections the sandbox accepted.
 *
 * Messages: {id, cmd: 'usage'} → {id, cpu: {user, system} µs, connections, rss, heapUsed}
 *           {id, cmd: 'close'} → {id} and the process exits.
 */
import { startSandbox, type StartOptions } from '../sandbox/server';

interface Request {
	id: number;
	cmd: 'usage' | 'close';
}

async function main(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as StartOptions;
	const sandbox = await startSandbox({ ...options, port: 0 });
	let connections = 0;
	sandbox.app.server.on('connection', () => {
		connections += 1;
	});
	const send = (message: object) => process.send?.(message);
	process.on('message', (raw: unknown) => {
		const request = raw as Request;
		if (request.cmd === 'usage') {
			const memory = process.memoryUsage();
			send({ id: request.id, cpu: process.cpuUsage(), connections, rss: memory.rss, heapUsed: memory.heapUsed });
		} else if (request.cmd === 'close') {
			void sandbox.close().finally(() => {
				send({ id: request.id });
				process.exit(0);
			});
		}
	});
	// The benchmark died: do not outlive it.
	process.on('disconnect', () => process.exit(0));
	send({ type: 'ready', url: sandbox.url, pid: process.pid });
}

main().catch((error: unknown) => {
	process.stderr.write(`bench sandbox: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
