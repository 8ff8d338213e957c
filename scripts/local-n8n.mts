/**
 * A real n8n 2.x with this package installed as a community package, next to the local Jiko
 * sandbox, provisioned headlessly: owner login, a "Jiko (local sandbox)" credential and the
 * example workflows. Used by the README's run command and by the end-to-end tests.
 *
 *   node scripts/local-n8n.mts [--data-dir DIR] [--n8n-port N] [--broker-port N]
 *                              [--sandbox-port N] [--ready-file FILE]
 *
 * Run with the project's Node 24 (scripts/env.sh), which runs this TypeScript file directly.
 * Everything lives under the data dir (default .n8n-local/): n8n's SQLite database and
 * settings, the installed package, the sandbox's state, logs. Ctrl-C stops both servers.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

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
		'data-dir': { type: 'string', default: process.env.JIKO_N8N_DATA_DIR ?? join(ROOT, '.n8n-local') },
		'n8n-port': { type: 'string', default: process.env.N8N_PORT ?? '5678' },
		'broker-port': { type: 'string', default: process.env.N8N_RUNNERS_BROKER_PORT ?? '5679' },
		'sandbox-port': { type: 'string', default: process.env.JIKO_SANDBOX_PORT ?? '8787' },
		'ready-file': { type: 'string' },
	},
});
const dataDir = resolve(String(args['data-dir']));
const n8nPort = Number(args['n8n-port']);
const brokerPort = Number(args['broker-port']);
const sandboxPort = Number(args['sandbox-port']);
const n8nUrl = `http://127.0.0.1:${n8nPort}`;
const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
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

function start(name: string, command: string, commandArgs: string[], env: NodeJS.ProcessEnv): ChildProcess {
	const logFile = createWriteStream(join(dataDir, `${name}.log`), { flags: 'a' });
	const child = spawn(command, commandArgs, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
	child.stdout?.pipe(logFile);
	child.stderr?.pipe(logFile);
	child.on('exit', (code, signal) => {
		if (!stopping) {
			log(`${name} exited (${signal ?? code}); see ${join(dataDir, `${name}.log`)}`);
			void stop(1);
		}
	});
	children.push(child);
	return child;
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
		N8N_WEBHOOK_URL: `${n8nUrl}/`,
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
async function stop(code: number): Promise<void> {
	if (stopping) return;
	stopping = true;
	for (const child of children) child.kill('SIGTERM');
	const deadline = Date.now() + 15_000;
	while (children.some((c) => c.exitCode === null && c.signalCode === null) && Date.now() < deadline) {
		await new Promise((resolveSleep) => setTimeout(resolveSleep, 200));
	}
	for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	process.exit(code);
}

async function main(): Promise<void> {
	if (!existsSync(N8N_BIN)) throw new Error(`n8n is not installed at ${N8N_HOME}: run scripts/install-n8n.sh`);
	mkdirSync(dataDir, { recursive: true });
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));
	const started = Date.now();
	installPackage();

	start('sandbox', process.execPath, [join(ROOT, 'dist', 'sandbox', 'main.js'), '--host', '127.0.0.1', '--port', String(sandboxPort), '--data-file', join(dataDir, 'sandbox-state.json')], process.env);
	await waitFor(`${sandboxUrl}/health`, 'the Jiko sandbox', 20_000);
	log(`Jiko sandbox ready at ${sandboxUrl}`);

	start('n8n', process.execPath, [N8N_BIN, 'start'], n8nEnv());
	log('starting n8n (first start takes about 20-40 s)');
	// /healthz answers while migrations still run; readiness means the API is up.
	await waitFor(`${n8nUrl}/healthz/readiness`, 'n8n', 180_000);
	const provisioned = await provision();
	const seconds = Math.round((Date.now() - started) / 1000);
	if (args['ready-file']) {
		writeFileSync(String(args['ready-file']), JSON.stringify({ n8nUrl, sandboxUrl, dataDir, owner: DEMO_OWNER, ...provisioned }, null, 2));
	}
	process.stdout.write(
		[
			'',
			`  n8n editor:   ${n8nUrl}   (ready in ${seconds} s)`,
			`  login:        ${DEMO_OWNER.email} / ${DEMO_OWNER.password}`,
			`  credential:   "${CREDENTIAL_NAME}" → ${sandboxUrl}`,
			`  workflows:    ${Object.keys(provisioned.workflows).join(' · ')}`,
			`  Jiko sandbox: ${sandboxUrl} (sandbox-partner / sandbox-password / sandbox-shared-secret-0001)`,
			`  data:         ${dataDir} (delete it to start over)`,
			'  Ctrl-C stops n8n and the sandbox.',
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`local-n8n: ${error instanceof Error ? error.message : String(error)}\n`);
	void stop(1);
});
