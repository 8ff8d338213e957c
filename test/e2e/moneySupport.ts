import axios from 'axios';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { DEMO_IDS } from '../../sandbox/seed';
import { JikoRawClient } from '../support/jikoRawClient';
import { N8n, ROOT, ready, sandboxGet, sandboxPost, type Execution } from './support';

/*
 * Helpers for the money end-to-end tests: the sandbox's ledger and counters, preparing a pocket
 * that holds an exact amount, starting n8n executions without waiting, retrying them, and
 * reading a node's execution context out of n8n's stored execution data.
 */

export interface OnUsEntry {
	id: string;
	status: string;
	reason?: string | null;
	transfer: { transfer_id: string; from_account: { id: string }; to_account: { id: string }; amount: { value: number } };
}
export interface AchEntry {
	id: string;
	status: string;
	direction: string;
	amount_usdc: number;
	jiko_account_id: string;
	payment_related_information: string[];
}
export interface WireEntry {
	id: string;
	wire_id: string;
	status: string;
	amount: { value: number };
	jiko_account_id: string;
}
export interface Ledger {
	onUs: OnUsEntry[];
	ach: AchEntry[];
	wires: WireEntry[];
	balances: Record<string, { cash: number; pending: number; available: number }>;
}

export async function ledger(): Promise<Ledger> {
	return await sandboxGet<Ledger>('/_sandbox/ledger');
}

export async function validationRefusals(): Promise<number> {
	return (await sandboxGet<{ rejected: { validation: number } }>('/_sandbox/stats')).rejected.validation;
}

let client: JikoRawClient | undefined;

/** A signed client of the sandbox, logged in once per test file. */
export async function jiko(): Promise<JikoRawClient> {
	if (!client) {
		client = new JikoRawClient(ready().sandboxUrl);
		const login = await client.login();
		if (login.status !== 200) throw new Error(`sandbox login: ${login.status} ${login.text}`);
	}
	return client;
}

/** Books instant incoming ACH credits on a pocket (Jiko's sandbox fund endpoint), in chunks
 * below its 5,000,000-cent limit. */
export async function fund(pocketId: string, cents: number): Promise<void> {
	const api = await jiko();
	for (let left = cents; left > 0; ) {
		const chunk = Math.min(left, 4_000_000);
		const res = await api.post('/api/v1/sandbox/fund/', { account_id: pocketId, amount_usdc: chunk, company_name: 'E2E FUNDING' });
		if (res.status !== 202) throw new Error(`fund ${pocketId} ${chunk}: ${res.status} ${res.text}`);
		left -= chunk;
	}
}

/**
 * Leaves a customer pocket with exactly `cents` available: settles whatever is pending, moves
 * everything to the partner pocket (an on-us Full Withdrawal), then funds it.
 */
export async function holdExactly(pocketId: string, cents: number): Promise<void> {
	await sandboxPost('/_sandbox/settle');
	const api = await jiko();
	const available = (await ledger()).balances[pocketId].available;
	if (available > 0) {
		const res = await api.post('/api/v1/transfers/on-us/', {
			type: 'PARTNER_CUSTOMER_DEFUNDING',
			from_account: { id: pocketId, type: 'JIKO_ACCOUNT' },
			to_account: { id: DEMO_IDS.partnerPocketId, type: 'JIKO_ACCOUNT' },
			amount: { type: 'FULL_WITHDRAWAL' },
			target: 'e2e: empty the pocket',
			async_mode: false,
		});
		if (res.status !== 201 || res.data?.status !== 'COMPLETED') throw new Error(`drain ${pocketId}: ${res.status} ${res.text}`);
	}
	if (cents > 0) await fund(pocketId, cents);
	// Seeded PENDING transactions (which no settlement completes) may keep cash and available
	// apart: what a payout may spend is the available cash.
	const balance = (await ledger()).balances[pocketId];
	if (balance.available !== cents) {
		throw new Error(`pocket ${pocketId} should hold exactly ${cents} cents available: ${JSON.stringify(balance)}`);
	}
}

/** Starts a saved workflow from its trigger, as the editor's "Execute workflow" does; does not wait. */
export async function start(n8n: N8n, workflowId: string, triggerName: string): Promise<string> {
	const started = await n8n.data<{ executionId?: string }>('post', `/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: triggerName },
	});
	if (!started.executionId) throw new Error(`no execution started: ${JSON.stringify(started)}`);
	return started.executionId;
}

/** The editor's "Retry" of a failed execution (with the workflow as it was then). n8n answers
 * when the new execution has finished. */
export async function retryExecution(n8n: N8n, executionId: string): Promise<Execution> {
	const retried = await n8n.data<{ id: string }>('post', `/executions/${executionId}/retry`, { loadWorkflow: false });
	return await n8n.execution(String(retried.id));
}

const requireFromN8n = createRequire(join(ROOT, '.tools', 'n8n-2.41.1', 'node_modules', 'n8n', 'package.json'));
const flatted = requireFromN8n('flatted') as { parse: (text: string) => unknown };

/** What n8n stored of a node's execution context (`getContext('node')`), e.g. the node's run seeds. */
export function nodeContext(execution: Execution, nodeName: string): Record<string, unknown> | undefined {
	const data = flatted.parse(execution.raw) as { executionData?: { contextData?: Record<string, Record<string, unknown>> } };
	return data.executionData?.contextData?.[`node:${nodeName}`];
}

/** The error n8n recorded for a node's last run (message and description, as the editor shows them). */
export function nodeError(execution: Execution, nodeName: string): { message: string; description: string } | undefined {
	const runs = execution.runData[nodeName] ?? [];
	const error = runs[runs.length - 1]?.error ?? execution.error;
	if (!error) return undefined;
	return { message: String(error.message ?? ''), description: String((error as { description?: unknown }).description ?? '') };
}

/** Waits until `check` is true (polling), or the time is up; returns whether it became true. */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return true;
		if (Date.now() > deadline) return false;
		await new Promise((r) => setTimeout(r, everyMs));
	}
}

/** Runs `task` with some of the sandbox's assumptions switched (how a real Jiko may differ),
 * and puts back what was there before, whatever happens. */
export async function withAssumptions<T>(overrides: Record<string, unknown>, task: () => Promise<T>): Promise<T> {
	const { sandboxUrl } = ready();
	const current = (await sandboxGet<{ assumptions: Record<string, unknown> }>('/_sandbox/config')).assumptions;
	const previous = Object.fromEntries(Object.keys(overrides).map((key) => [key, current[key]]));
	await axios.put(`${sandboxUrl}/_sandbox/config`, { assumptions: overrides });
	try {
		return await task();
	} finally {
		await axios.put(`${sandboxUrl}/_sandbox/config`, { assumptions: previous });
	}
}

/** Runs `task` with every Jiko answer of the sandbox held back `ms` (admin routes are not). */
export async function withLatency<T>(ms: number, task: () => Promise<T>): Promise<T> {
	const { sandboxUrl } = ready();
	const previous = (await sandboxGet<{ latencyMs: unknown }>('/_sandbox/config')).latencyMs;
	await axios.put(`${sandboxUrl}/_sandbox/config`, { latencyMs: ms });
	try {
		return await task();
	} finally {
		await axios.put(`${sandboxUrl}/_sandbox/config`, { latencyMs: previous });
	}
}
