import axios, { type AxiosInstance, type InternalAxiosRequestConfig } from 'axios';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

export interface QueueInfo {
	postgres: { host: string; port: number; database: string; user: string };
	redis: { host: string; port: number };
	workerHealthPorts: number[];
	processes: { main: number; webhook: number; workers: number[] };
	services: Record<string, number | null>;
	/** Counts the launcher's restarts of every n8n process (SIGUSR2). */
	generation: number;
}

export interface Ready {
	n8nUrl: string;
	/** Where Jiko delivers: the webhook process in queue mode, else n8n itself. */
	webhookUrl: string;
	sandboxUrl: string;
	launcherPid: number;
	queue?: QueueInfo;
	dataDir: string;
	owner: { email: string; password: string };
	credentialId: string;
	workflows: Record<string, string>;
}

export const ROOT = resolve(__dirname, '../..');

export function ready(): Ready {
	const file = process.env.JIKO_E2E_READY;
	if (!file) throw new Error('JIKO_E2E_READY is not set: run through jest.e2e.config.js');
	return JSON.parse(readFileSync(file, 'utf8')) as Ready;
}

/** n8n's flatted encoding of execution data, decoded with n8n's own copy of the library. */
const requireFromN8n = createRequire(join(ROOT, '.tools', 'n8n-2.41.1', 'node_modules', 'n8n', 'package.json'));
const flatted = requireFromN8n('flatted') as { parse: (text: string) => unknown };

export interface NodeRunData {
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
	error?: { message?: string; description?: string };
}

export interface Execution {
	id: string;
	status: string;
	runData: Record<string, NodeRunData[]>;
	error?: { message?: string };
	raw: string;
}

/** The editor's REST API, logged in as the demo owner. */
export class N8n {
	readonly http: AxiosInstance;

	private constructor(http: AxiosInstance) {
		this.http = http;
	}

	private static session: Promise<N8n> | undefined;

	/** One login per test run: n8n rate-limits POST /rest/login. */
	static async login(): Promise<N8n> {
		N8n.session ??= N8n.signIn();
		return await N8n.session;
	}

	private static async signIn(): Promise<N8n> {
		const { n8nUrl, dataDir } = ready();
		// Shared by every test file of the run (jest gives each file fresh modules).
		const cookieFile = join(dataDir, 'e2e-session-cookie');
		const cookie = existsSync(cookieFile) ? readFileSync(cookieFile, 'utf8') : await N8n.freshCookie(cookieFile);
		// No keep-alive: a restarted n8n (queue tests) waits for idle sockets before it exits.
		const http = axios.create({ baseURL: `${n8nUrl}/rest`, headers: { cookie, 'browser-id': 'jiko-e2e' }, httpAgent: new Agent({ keepAlive: false }) });
		// After n8n restarted, the session may be gone: sign in again, once per refused request.
		http.interceptors.response.use(undefined, async (error: { response?: { status?: number }; config?: InternalAxiosRequestConfig & { retried?: boolean } }) => {
			if (error.response?.status !== 401 || !error.config || error.config.retried) throw error;
			const fresh = await N8n.freshCookie(cookieFile);
			http.defaults.headers.cookie = fresh;
			error.config.headers.set('cookie', fresh);
			error.config.retried = true;
			return await http.request(error.config);
		});
		return new N8n(http);
	}

	private static async freshCookie(cookieFile: string): Promise<string> {
		const { n8nUrl, owner } = ready();
		const response = await axios.post(`${n8nUrl}/rest/login`, { emailOrLdapLoginId: owner.email, password: owner.password });
		const cookie = (response.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
		writeFileSync(cookieFile, cookie);
		return cookie;
	}

	async data<T>(method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: unknown): Promise<T> {
		const response = await this.http.request({ method, url: path, data: body });
		return (response.data?.data ?? response.data) as T;
	}

	/** Runs a saved workflow from its trigger, as the editor's "Execute workflow" does, and waits. */
	async run(workflowId: string, triggerName: string): Promise<Execution> {
		const started = await this.data<{ executionId?: string }>('post', `/workflows/${workflowId}/run`, {
			triggerToStartFrom: { name: triggerName },
		});
		if (!started.executionId) throw new Error(`no execution started: ${JSON.stringify(started)}`);
		return await this.execution(started.executionId);
	}

	async execution(id: string, timeoutMs = 120_000): Promise<Execution> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const execution = await this.data<{ id: string; status: string; finished?: boolean; data: string }>('get', `/executions/${id}`);
			if (!['new', 'running', 'waiting'].includes(execution.status)) {
				const data = flatted.parse(execution.data) as {
					resultData: { runData: Record<string, NodeRunData[]>; error?: { message?: string } };
				};
				return { id, status: execution.status, runData: data.resultData.runData, error: data.resultData.error, raw: execution.data };
			}
			if (Date.now() > deadline) throw new Error(`execution ${id} still ${execution.status}`);
			await new Promise((r) => setTimeout(r, 300));
		}
	}

	async createWorkflow(workflow: object): Promise<string> {
		const created = await this.data<{ id: string }>('post', '/workflows', workflow);
		return created.id;
	}
}

export function output(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
	const runs = execution.runData[nodeName];
	if (!runs) throw new Error(`node "${nodeName}" did not run; ran: ${Object.keys(execution.runData).join(', ')}`);
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

export async function sandboxGet<T>(path: string): Promise<T> {
	return (await axios.get(`${ready().sandboxUrl}${path}`)).data as T;
}

export async function sandboxPost(path: string, body?: unknown): Promise<void> {
	await axios.post(`${ready().sandboxUrl}${path}`, body);
}

export async function balances(): Promise<Record<string, { cash: number }>> {
	return (await sandboxGet<{ balances: Record<string, { cash: number }> }>('/_sandbox/ledger')).balances;
}

export async function logins(): Promise<number> {
	return (await sandboxGet<{ logins: number }>('/_sandbox/stats')).logins;
}
