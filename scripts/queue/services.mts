/**
 * The two services n8n's queue mode needs besides n8n itself, run as this project's own
 * processes: PostgreSQL (the database every n8n process shares) and Redis (the queue between
 * the processes that receive and the workers that execute). Debian's binaries, data folders
 * inside the launcher's data dir, loopback ports only, no system service.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, createWriteStream, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

export const PG_USER = 'n8n';
export const PG_DATABASE = 'n8n';

/** The newest Debian PostgreSQL server found (/usr/lib/postgresql/<major>/bin). */
export function postgresBin(): string {
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length === 0) {
		throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: run scripts/install-queue-services.sh');
	}
	return join(root, majors[0], 'bin');
}

export function redisBin(): string {
	for (const candidate of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) {
		if (existsSync(candidate)) return candidate;
	}
	throw new Error('redis-server not found: run scripts/install-queue-services.sh');
}

/** PostgreSQL refuses to run as root: as root, it runs as the `postgres` system user
 * (created by Debian's package), else `nobody`. */
function serviceUser(): string | undefined {
	if (process.getuid?.() !== 0) return undefined;
	for (const user of ['postgres', 'nobody']) {
		if (spawnSync('id', ['-u', user]).status === 0) return user;
	}
	throw new Error('running as root and neither a postgres nor a nobody user exists to run PostgreSQL');
}

function asUser(user: string | undefined, command: string, args: string[]): [string, string[]] {
	return user ? ['setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', command, ...args]] : [command, args];
}

function must(command: string, args: string[], what: string): string {
	const result = spawnSync(command, args, { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${what} failed:\n${result.stdout}\n${result.stderr}`);
	return result.stdout;
}

export async function waitForPort(port: number, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const open = await new Promise<boolean>((resolve) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => {
				socket.destroy();
				resolve(true);
			});
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`${what} did not open port ${port} within ${timeoutMs / 1000} s`);
}

function spawnLogged(name: string, logDir: string, command: string, args: string[]): ChildProcess {
	const log = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
	// Own process group: a Ctrl-C in the terminal reaches the launcher only, which stops n8n
	// first and the services after (n8n still needs them while it shuts down).
	const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	child.stdout?.pipe(log);
	child.stderr?.pipe(log);
	return child;
}

/**
 * Starts PostgreSQL on 127.0.0.1:port with its data folder in `dir/postgres` (created with
 * initdb on first use), TCP only (no socket file), and makes sure the n8n database exists.
 * Trust authentication: loopback only, a local stand-in for a managed database.
 */
export async function startPostgres(dir: string, port: number): Promise<ChildProcess> {
	const bin = postgresBin();
	const home = join(dir, 'postgres');
	const data = join(home, 'data');
	const user = serviceUser();
	mkdirSync(home, { recursive: true });
	if (user) {
		// The service user must be able to pass through the data dir (a temp dir is 0700).
		chmodSync(dir, statSync(dir).mode | 0o011);
		if (spawnSync('setpriv', [`--reuid=${user}`, `--regid=${user}`, '--init-groups', '--', 'test', '-x', home]).status !== 0) {
			throw new Error(`PostgreSQL runs as ${user} (not as root), who cannot reach ${home}: allow o+x on its parent folders`);
		}
	}
	if (!existsSync(join(data, 'PG_VERSION'))) {
		if (user) must('chown', ['-R', `${user}:`, home], 'chown of the PostgreSQL folder');
		const [command, args] = asUser(user, join(bin, 'initdb'), ['-D', data, '-U', PG_USER, '--auth=trust', '-E', 'UTF8', '--no-locale']);
		must(command, args, 'initdb');
	}
	const [command, args] = asUser(user, join(bin, 'postgres'), [
		'-D', data,
		'-p', String(port),
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'unix_socket_directories=',
		// Commits return before the WAL reaches disk: faster on small machines; a crash of the
		// machine can lose the last moments, never corrupt the database.
		'-c', 'synchronous_commit=off',
		'-c', 'max_connections=200',
	]);
	const child = spawnLogged('postgres', dir, command, args);
	await waitForPort(port, 'PostgreSQL', 60_000);
	const psql = (database: string, sql: string) =>
		spawnSync('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, '-d', database, '-Atc', sql], { encoding: 'utf8' });
	// The port opens before the server accepts logins: ask until it answers.
	for (const deadline = Date.now() + 30_000; ; ) {
		const probe = psql('postgres', `SELECT 1 FROM pg_database WHERE datname = '${PG_DATABASE}'`);
		if (probe.status === 0) {
			if (probe.stdout.trim() !== '1') must('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', PG_USER, '-d', 'postgres', '-c', `CREATE DATABASE ${PG_DATABASE}`], 'CREATE DATABASE');
			break;
		}
		if (Date.now() > deadline) throw new Error(`PostgreSQL did not accept connections: ${probe.stderr}`);
		await new Promise((r) => setTimeout(r, 300));
	}
	return child;
}

/** Starts Redis on 127.0.0.1:port with its folder in `dir/redis`. Bull's queue lives there;
 * nothing in it must survive a restart of the whole stack, so it is not saved to disk. */
export async function startRedis(dir: string, port: number): Promise<ChildProcess> {
	const home = join(dir, 'redis');
	mkdirSync(home, { recursive: true });
	const child = spawnLogged('redis', dir, redisBin(), [
		'--port', String(port),
		'--bind', '127.0.0.1',
		'--dir', home,
		'--save', '',
		'--appendonly', 'no',
		'--daemonize', 'no',
	]);
	await waitForPort(port, 'Redis', 30_000);
	return child;
}
