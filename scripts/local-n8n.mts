/**
 * A real n8n 2.x with this package installed as a community package, next to the local Jiko
 * sandbox, provisioned headlessly: owner login, a "Jiko (local sandbox)" credential and the
 * example workflows. Used by the README's run command and by the end-to-end tests.
 *
 *   node scripts/local-n8n.mts [--data-dir DIR] [--n8n-port N] [--broker-port N]
 *                              [--sandbox-port N] [--ready-file FILE]
 *                              [--queue [--webhook-port N] [--workers N]]
 *
 * Run with the project's Node 24 (scripts/env.sh), which runs this TypeScript file directly.
 * Everything lives under the data dir (default .n8n-local/): n8n's SQLite database and
 * settings, the installed package, the sandbox's state, logs. Ctrl-C stops both servers.
 *
 * --queue: n8n's distributed engine, as a production deployment runs it (data dir default
 * .n8n-queue/): PostgreSQL and Redis (scripts/queue/services.mts), the n8n main process (editor,
 * API, activation, also receives webhooks), a webhook process (receives webhooks only) and
 * workers (execute), all on loopback ports, sharing one encryption key and one user folder
 * (the package is installed once). A process that dies is started again, as a process manager
 * would; SIGUSR2 restarts every n8n process (not the database, Redis or the sandbox).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { PG_DATABASE, PG_USER, startPostgres, startRedis } from './queue/services.mts';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');
export const N8N_VERSION = '2.41.1';
const N8N_HOME = join(ROOT, '.tools', `n8n-${N8N_VERSION}`);
const N8N_BIN = join(N8N_HOME, 'node_modules', 'n8n', 'bin', 'n8n');

/** The demo login the README documents. Local only: n8n listens on 127.0.0.1. */
export const DEMO_OWNER = { email: 'demo@example.com', password: 'JikoDemo2026!', firstName: 'Jiko', lastName: 'Demo' };
export const CREDENTIAL_NAME = 'Jiko (local sandbox)';
const CREDENTIAL_PLACEHOLDER = '__JIKO_CREDENTIAL_ID__';

const { values: args } = parseArgs({
	options: {
		'data-dir': { type: 'string' },
		'n8n-port': { type: 'string', default: process.env.N8N_PORT ?? '5678' },
		'broker-port': { type: 'string', default: process.env.N8N_RUNNERS_BROKER_PORT ?? '5679' },
		'sandbox-port': { type: 'string', default: process.env.JIKO_SANDBOX_PORT ?? '8787' },
		'ready-file': { type: 'string' },
		queue: { type: 'boolean', default: false },
		'webhook-port': { type: 'string', default: process.env.JIKO_N8N_WEBHOOK_PORT ?? '5680' },
		workers: { type: 'string', default: '2' },
	},
});
const queue = Boolean(args.queue);
const dataDir = resolve(args['data-dir'] ?? process.env.JIKO_N8N_DATA_DIR ?? join(ROOT, queue ? '.n8n-queue' : '.n8n-local'));
const n8nPort = Number(args['n8n-port']);
const brokerPort = Number(args['broker-port']);
const sandboxPort = Number(args['sandbox-port']);
const n8nUrl = `http://127.0.0.1:${n8nPort}`;
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
const webhookPort = Number(args['webhook-port']);
const webhookUrl = queue ? `http://127.0.0.1:${webhookPort}` : n8nUrl;
const workerCount = Math.max(1, Number(args.workers));
const children: ChildProcess[] = [];

function log(message: string): void {
	process.stdout.write(`local-n8n: ${message}\n`);
}

function run(command: string, commandArgs: string[], cwd: string): void {
	const result = spawnSync(command, commandArgs, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
	if (result.status !== 0) {
		throw new Error(`${command} ${commandArgs.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
	}
}

/** Installs the package the way a user's install does (npm into ~/.n8n/nodes), from a tarball
 * of this checkout; reinstalls only when the tarball changed. Node types: n8n-nodes-jiko.* */
function installPackage(): void {
	const packDir = join(dataDir, 'pack');
	const nodesDir = join(dataDir, '.n8n', 'nodes');
	mkdirSync(packDir, { recursive: true });
	mkdirSync(nodesDir, { recursive: true });
	run('npm', ['pack', '--silent', '--pack-destination', packDir], ROOT);
	const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
	const tarball = join(packDir, `n8n-nodes-jiko-${version}.tgz`);
	const hash = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	const stamp = join(packDir, 'installed.sha256');
	if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
	if (!existsSync(join(nodesDir, 'package.json'))) {
		writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	}
	log('installing n8n-nodes-jiko into n8n (community nodes folder)');
	// --legacy-peer-deps: n8n provides n8n-workflow itself, as for any community package.
	run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps', tarball], nodesDir);
	writeFileSync(stamp, hash);
}

interface Started {
	name: string;
	child: ChildProcess;
	/** n8n processes in queue mode are started again when they die (a process manager's job). */
	restart?: () => ChildProcess;
	deaths: number[];
}
const started = new Map<string, Started>();
/** n8n processes that are being stopped on purpose (restart of all n8n processes). */
const expectedExits = new Set<ChildProcess>();

function start(name: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv, options: { detached?: boolean; restartable?: boolean } = {}): ChildProcess {
	const logFile = createWriteStream(join(dataDir, `${name}.log`), { flags: 'a' });
	// Detached (own process group): a Ctrl-C reaches only this launcher, which stops the
	// processes in order. The single-process mode keeps its children in its own group.
	const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
	child.stdout?.pipe(logFile);
	child.stderr?.pipe(logFile);
	const entry: Started = started.get(name) ?? { name, child, deaths: [] };
	entry.child = child;
	if (options.restartable) entry.restart = () => start(name, command, commandArgs, env, options);
	started.set(name, entry);
	adopt(name, child);
	children.push(child);
	return child;
}

function adopt(name: string, child: ChildProcess): void {
	child.on('exit', (code, signal) => {
		if (stopping || expectedExits.delete(child)) return;
		const entry = started.get(name);
		if (entry?.restart && entry.child === child) {
			const now = Date.now();
			entry.deaths = entry.deaths.filter((t) => now - t < 60_000).concat(now);
			if (entry.deaths.length <= 5) {
				log(`${name} exited (${signal ?? code}); starting it again (see ${join(dataDir, `${name}.log`)})`);
				setTimeout(() => {
					if (stopping) return;
					entry.restart?.();
					writeReady();
				}, 1_000);
				return;
			}
		}
		log(`${name} exited (${signal ?? code}); see ${join(dataDir, `${name}.log`)}`);
		void stop(1);
	});
}

async function waitFor(url: string, what: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const response = await fetch(url);
			if (response.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((resolveSleep) => setTimeout(resolveSleep, 500));
	}
	throw new Error(`${what} did not become ready at ${url} within ${timeoutMs / 1000} s`);
}

function n8nEnv(): NodeJS.ProcessEnv {
	const requireFromN8n = createRequire(join(N8N_HOME, 'node_modules', 'n8n', 'package.json'));
	const bcrypt = requireFromN8n('bcryptjs') as { hashSync: (value: string, rounds: number) => string };
	return {
		...process.env,
		// Whoever started us (e.g. jest sets NODE_ENV=test) must not change how n8n runs.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: dataDir,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PORT: String(n8nPort),
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_EDITOR_BASE_URL: `${n8nUrl}/`,
		// The address given to Jiko for deliveries: in queue mode the webhook process.
		N8N_WEBHOOK_URL: `${webhookUrl}/`,
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		// No outbound calls: telemetry, version checks, templates, banners, AI, license.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// The owner account, created headlessly on first start.
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: DEMO_OWNER.email,
		N8N_INSTANCE_OWNER_FIRST_NAME: DEMO_OWNER.firstName,
		N8N_INSTANCE_OWNER_LAST_NAME: DEMO_OWNER.lastName,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: bcrypt.hashSync(DEMO_OWNER.password, 10),
	};
}

interface QueuePorts {
	postgres: number;
	redis: number;
	/** Task-broker port of each worker (each runs its own task runner for Code nodes). */
	workerBrokers: number[];
	/** Health port of each worker (/healthz/readiness tells when it takes jobs). */
	workerHealth: number[];
}

/**
 * What every process of a queue-mode deployment shares (the README maps these to production):
 * the database, Redis, queue mode itself, and one encryption key (credentials are encrypted
 * with it in the database; a process with another key cannot read them).
 */
function queueEnv(ports: QueuePorts): NodeJS.ProcessEnv {
	const keyFile = join(dataDir, 'encryption-key');
	if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(24).toString('base64url'), { mode: 0o600 });
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(ports.postgres),
		DB_POSTGRESDB_DATABASE: PG_DATABASE,
		DB_POSTGRESDB_USER: PG_USER,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(ports.redis),
		N8N_ENCRYPTION_KEY: readFileSync(keyFile, 'utf8').trim(),
		// Manual runs (the editor's Execute, the tests' runs) go to the workers too.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '20',
		// An execution whose worker died (its job failed as stalled) is marked "crashed" by the
		// main's queue recovery, every minute here (n8n's default: 180 minutes).
		N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '1',
		// n8n's durable poll cursors: a poll trigger's cursor (the Jiko Poll Trigger's position in
		// Jiko's event list) is saved in the same database transaction as the execution it starts,
		// so a poll runs each event once even when the main dies mid-poll. Off by default in n8n
		// 2.41, and only with the durable scheduler and the publication service on.
		...durablePollCursorsEnv(process.env.JIKO_N8N_DURABLE_POLL_CURSORS !== 'false'),
	};
}

export function durablePollCursorsEnv(on: boolean): NodeJS.ProcessEnv {
	const value = on ? 'true' : 'false';
	return {
		N8N_SCHEDULER_ENABLED: value,
		N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: value,
		N8N_USE_WORKFLOW_PUBLICATION_SERVICE: value,
		N8N_POLLER_DURABLE_CURSORS_ENABLED: value,
	};
}

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

/** A minimal REST client for n8n's editor API, logged in as the demo owner. */
class N8nRest {
	private cookie = '';

	async login(): Promise<void> {
		const response = await fetch(`${n8nUrl}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ emailOrLdapLoginId: DEMO_OWNER.email, password: DEMO_OWNER.password }),
		});
		if (!response.ok) throw new Error(`n8n login failed: ${response.status} ${await response.text()}`);
		this.cookie = (response.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
	}

	async call<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${n8nUrl}/rest${path}`, {
			method,
			headers: { 'content-type': 'application/json', cookie: this.cookie, 'browser-id': 'jiko-local' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`n8n ${method} ${path}: ${response.status} ${text}`);
		const parsed = text ? JSON.parse(text) : {};
		return (parsed.data ?? parsed) as T;
	}
}

/** Idempotent: creates what is missing, keeps what a user changed (except the sandbox address). */
async function provision(): Promise<{ credentialId: string; workflows: Record<string, string> }> {
	const rest = new N8nRest();
	await rest.login();
	const data = {
		environment: sandboxPort === 8787 ? 'local' : 'custom',
		baseUrl: sandboxUrl,
		username: 'sandbox-partner',
		password: 'sandbox-password',
		sharedSecret: 'sandbox-shared-secret-0001',
		partnerId: '',
	};
	const credentials = await rest.call<Array<{ id: string; name: string; type: string }>>('GET', '/credentials');
	const found = credentials.find((c) => c.name === CREDENTIAL_NAME && c.type === 'jikoApi');
	const credential = found ?? (await rest.call<{ id: string }>('POST', '/credentials', { name: CREDENTIAL_NAME, type: 'jikoApi', data }));
	if (!found) {
		log(`created credential "${CREDENTIAL_NAME}"`);
	} else if (sandboxPort !== 8787) {
		// Tests start the sandbox on a free port: point the credential at it.
		await rest.call('PATCH', `/credentials/${credential.id}`, { name: CREDENTIAL_NAME, type: 'jikoApi', data });
	}
	const existing = await rest.call<Array<{ id: string; name: string }>>('GET', '/workflows');
	const workflows: Record<string, string> = {};
	for (const file of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).sort()) {
		const text = readFileSync(join(ROOT, 'examples', file), 'utf8').split(CREDENTIAL_PLACEHOLDER).join(credential.id);
		const workflow = JSON.parse(text) as { name: string };
		const imported = existing.find((w) => w.name === workflow.name);
		if (imported) {
			workflows[workflow.name] = imported.id;
			continue;
		}
		const created = await rest.call<{ id: string }>('POST', '/workflows', { ...workflow, active: false });
		workflows[workflow.name] = created.id;
		log(`imported example "${workflow.name}"`);
	}
	return { credentialId: credential.id, workflows };
}

let stopping = false;
let ready: Record<string, unknown> | undefined;
let generation = 0;

/** Stops n8n first (it still needs the database and Redis while it shuts down), then the rest. */
async function stop(code: number): Promise<void> {
	if (stopping) return;
	stopping = true;
	const alive = (c: ChildProcess) => c.exitCode === null && c.signalCode === null;
	const waitFor = async (group: ChildProcess[], ms: number) => {
		const deadline = Date.now() + ms;
		while (group.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
		for (const child of group) if (alive(child)) child.kill('SIGKILL');
	};
	const n8n = [...started.values()].filter((s) => s.name.startsWith('n8n')).map((s) => s.child);
	const rest = children.filter((c) => !n8n.includes(c));
	for (const child of n8n) child.kill('SIGTERM');
	await waitFor(n8n, 25_000);
	for (const child of rest) child.kill(child === started.get('postgres')?.child ? 'SIGINT' : 'SIGTERM');
	await waitFor(rest, 15_000);
	process.exit(code);
}

function n8nProcesses(): Record<string, unknown> {
	const pid = (name: string) => started.get(name)?.child.pid ?? null;
	return {
		main: pid('n8n'),
		webhook: pid('n8n-webhook'),
		workers: Array.from({ length: workerCount }, (_, i) => pid(`n8n-worker-${i + 1}`)),
	};
}

function writeReady(): void {
	if (!ready || !args['ready-file']) return;
	const queueInfo = ready.queue as Record<string, unknown> | undefined;
	const pid = (name: string) => started.get(name)?.child.pid ?? null;
	const services = { sandbox: pid('sandbox'), postgres: pid('postgres'), redis: pid('redis') };
	const content = queueInfo ? { ...ready, queue: { ...queueInfo, processes: n8nProcesses(), services, generation } } : ready;
	writeFileSync(String(args['ready-file']), JSON.stringify(content, null, 2));
}

/**
 * What the next SIGUSR2 does besides restarting (tests write it): `downSeconds` keeps every n8n
 * process stopped that long first (n8n "down" while things happen at Jiko); `env` is merged into
 * every n8n process's environment from then on (e.g. durable poll cursors off).
 */
interface RestartPlan {
	downSeconds?: number;
	env?: Record<string, string>;
}
let envOverrides: Record<string, string> = {};

function takeRestartPlan(): RestartPlan {
	const file = join(dataDir, 'restart-plan.json');
	if (!existsSync(file)) return {};
	const plan = JSON.parse(readFileSync(file, 'utf8')) as RestartPlan;
	rmSync(file);
	return plan;
}

/** The queue-mode n8n processes: main, then the webhook process and the workers. */
async function startQueueN8n(ports: QueuePorts): Promise<void> {
	const env = { ...n8nEnv(), ...queueEnv(ports), ...envOverrides };
	start('n8n', process.execPath, [N8N_BIN, 'start'], env, { detached: true, restartable: true });
	await waitFor(`${n8nUrl}/healthz/readiness`, 'n8n main', 180_000);
	start('n8n-webhook', process.execPath, [N8N_BIN, 'webhook'], { ...env, N8N_PORT: String(webhookPort) }, { detached: true, restartable: true });
	for (let i = 0; i < workerCount; i++) {
		start(`n8n-worker-${i + 1}`, process.execPath, [N8N_BIN, 'worker'], {
			...env,
			N8N_RUNNERS_BROKER_PORT: String(ports.workerBrokers[i]),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			QUEUE_HEALTH_CHECK_PORT: String(ports.workerHealth[i]),
			N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		}, { detached: true, restartable: true });
	}
	await Promise.all([
		waitFor(`${webhookUrl}/healthz/readiness`, 'n8n webhook process', 180_000),
		...ports.workerHealth.map((port, i) => waitFor(`http://127.0.0.1:${port}/healthz/readiness`, `n8n worker ${i + 1}`, 180_000)),
	]);
}

/** SIGUSR2: every n8n process stops and starts again (a deployment's rolling restart, all at once). */
async function restartAllN8n(ports: QueuePorts): Promise<void> {
	const n8n = [...started.values()].filter((s) => s.name.startsWith('n8n'));
	const plan = takeRestartPlan();
	log(`restarting every n8n process${plan.downSeconds ? ` after ${plan.downSeconds} s down` : ''}`);
	for (const entry of n8n) {
		expectedExits.add(entry.child);
		entry.child.kill('SIGTERM');
	}
	const deadline = Date.now() + 30_000;
	while (n8n.some((e) => e.child.exitCode === null && e.child.signalCode === null) && Date.now() < deadline) {
		await new Promise((r) => setTimeout(r, 200));
	}
	for (const entry of n8n) if (entry.child.exitCode === null && entry.child.signalCode === null) entry.child.kill('SIGKILL');
	if (plan.downSeconds) await new Promise((r) => setTimeout(r, plan.downSeconds! * 1000));
	if (plan.env) envOverrides = { ...envOverrides, ...plan.env };
	await startQueueN8n(ports);
	generation += 1;
	writeReady();
	log(`every n8n process is running again (generation ${generation})`);
}

async function main(): Promise<void> {
	if (!existsSync(N8N_BIN)) throw new Error(`n8n is not installed at ${N8N_HOME}: run scripts/install-n8n.sh`);
	mkdirSync(dataDir, { recursive: true });
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	const startedAt = Date.now();
	installPackage();

	start('sandbox', process.execPath, [join(ROOT, 'dist', 'sandbox', 'main.js'), '--host', '127.0.0.1', '--port', String(sandboxPort), '--data-file', join(dataDir, 'sandbox-state.json')], process.env, { detached: queue });
	await waitFor(`${sandboxUrl}/health`, 'the Jiko sandbox', 20_000);
	log(`Jiko sandbox ready at ${sandboxUrl}`);

	let ports: QueuePorts | undefined;
	if (queue) {
		ports = {
			postgres: await freePort(),
			redis: await freePort(),
			workerBrokers: [],
			workerHealth: [],
		};
		for (let i = 0; i < workerCount; i++) {
			ports.workerBrokers.push(await freePort());
			ports.workerHealth.push(await freePort());
		}
		const postgres = await startPostgres(dataDir, ports.postgres);
		started.set('postgres', { name: 'postgres', child: postgres, deaths: [] });
		adopt('postgres', postgres);
		children.push(postgres);
		const redis = await startRedis(dataDir, ports.redis);
		started.set('redis', { name: 'redis', child: redis, deaths: [] });
		adopt('redis', redis);
		children.push(redis);
		log(`PostgreSQL on 127.0.0.1:${ports.postgres}, Redis on 127.0.0.1:${ports.redis}`);
		log(`starting n8n main, a webhook process and ${workerCount} workers (about a minute)`);
		await startQueueN8n(ports);
		const queuePorts = ports;
		process.on('SIGUSR2', () => {
			restartAllN8n(queuePorts).catch((error: unknown) => {
				log(`restart failed: ${error instanceof Error ? error.message : String(error)}`);
				void stop(1);
			});
		});
	} else {
		start('n8n', process.execPath, [N8N_BIN, 'start'], n8nEnv());
		log('starting n8n (first start takes about 20-40 s)');
		// /healthz answers while migrations still run; readiness means the API is up.
		await waitFor(`${n8nUrl}/healthz/readiness`, 'n8n', 180_000);
	}
	const provisioned = await provision();
	const seconds = Math.round((Date.now() - startedAt) / 1000);
	ready = {
		n8nUrl,
		webhookUrl,
		sandboxUrl,
		dataDir,
		owner: DEMO_OWNER,
		launcherPid: process.pid,
		...provisioned,
		...(ports
			? { queue: { postgres: { host: '127.0.0.1', port: ports.postgres, database: PG_DATABASE, user: PG_USER }, redis: { host: '127.0.0.1', port: ports.redis }, workerHealthPorts: ports.workerHealth } }
			: {}),
	};
	writeReady();
	const lines = [
		'',
		`  n8n editor:   ${n8nUrl}   (ready in ${seconds} s)`,
		`  login:        ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
		`  credential:   "${CREDENTIAL_NAME}" → ${sandboxUrl}`,
		`  workflows:    ${Object.keys(provisioned.workflows).join(' · ')}`,
		`  Jiko sandbox: ${sandboxUrl} (sandbox-partner / sandbox-password / sandbox-shared-secret-0001)`,
	];
	if (ports) {
		lines.push(
			`  queue mode:   main ${n8nUrl} (editor, API, webhooks) · webhook process ${webhookUrl} (Jiko delivers here)`,
			`                ${workerCount} workers execute · PostgreSQL 127.0.0.1:${ports.postgres} · Redis 127.0.0.1:${ports.redis}`,
		);
	}
	lines.push(`  data:         ${dataDir} (delete it to start over)`, `  Ctrl-C stops ${ports ? 'every process' : 'n8n and the sandbox'}.`, '');
	process.stdout.write(lines.join('\n'));
}

main().catch((error: unknown) => {
	process.stderr.write(`local-n8n: ${error instanceof Error ? error.message : String(error)}\n`);
	void stop(1);
});
