import type {
	ICredentialDataDecryptedObject,
	IContextObject,
	IDataObject,
	IExecuteFunctions,
	INode,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../../../core/credential';
import { moneyPassHeaders } from '../../../core/moneyPass';
import {
	emptyTotals,
	moneyRefusal,
	readMoneySettings,
	type ExecutionTotals,
} from '../../../core/moneyRules';
import type { Rail } from '../../../core/rails';

/*
 * The guard rails a person set in the Jiko credential, applied just before a transfer is sent:
 * money movement switched on (Production separately), AI agents allowed, the per-transfer
 * limit and the per-execution total (all rails together or each rail). A refused transfer is
 * never sent; the refusal says which rule, the amount, the item and what to change.
 */


export type GuardDecision =
	| {
			allowed: true;
			/** Gives the reserved amount back: call it when Jiko cleanly refused the create. */
			release: () => void;
			/** Put on the create request (every send of it): the credential signs transfer
			 * writes only when they carry this in-process pass. */
			headers: IDataObject;
	  }
	| { allowed: false; refusal: string };

export interface GuardInput {
	rail: Rail;
	/** Integer cents; undefined = Full Withdrawal (the whole balance). */
	cents: number | undefined;
	itemIndex: number;
	dryRun: boolean;
}

/**
 * Whether the node runs as an AI agent's tool. n8n gives the tool variant a type ending in
 * "Tool" on every path; `isToolExecution()` is false for the default Agent (v3), which runs
 * the tool as an ordinary node with its output rewired to the agent.
 */
export function isAiToolRun(ctx: IExecuteFunctions): boolean {
	const node = ctx.getNode() as INode & { rewireOutputLogTo?: string };
	if (node.type.endsWith('Tool') || node.rewireOutputLogTo === 'ai_tool') return true;
	try {
		return typeof ctx.isToolExecution === 'function' && ctx.isToolExecution() === true;
	} catch {
		return false;
	}
}

/** For every money output: which n8n execution sent it. */
export function executionAudit(ctx: IExecuteFunctions): { n8n_execution_id: string | null } {
	let id: unknown;
	try {
		id = ctx.getExecutionId();
	} catch {
		id = undefined;
	}
	return { n8n_execution_id: id === undefined || id === null || id === '' ? null : String(id) };
}

// ---------------------------------------------------------------------------------------------
// Running totals per execution and credential.
//
// Kept in the execution's own flow context: n8n saves it with the execution, so the totals
// survive a Wait (an approval that resumes hours later, maybe in another process) and carry
// into a retry of a failed execution, where money that moved still counts. Where a context
// offers no flow context, a bounded in-memory map keyed by the execution id stands in.
// JavaScript runs one thing at a time: check and reserve happen with no await between them.

interface Ledger {
	/** Reserved for transfers being sent or sent. */
	sent: ExecutionTotals;
	/** What Dry Run items of this execution would have sent, counted apart. */
	dryRun: ExecutionTotals;
}

const CONTEXT_KEY = 'jikoMoneyGuard';

export const FALLBACK_TTL_MS = 24 * 60 * 60 * 1000;
export const FALLBACK_MAX_EXECUTIONS = 1_000;

const fallback = new Map<string, { expires: number; ledger: Ledger }>();

function isTotals(value: unknown): value is ExecutionTotals {
	if (typeof value !== 'object' || value === null) return false;
	const totals = value as Record<string, unknown>;
	return ['all', 'on-us', 'ach', 'wire'].every((key) => Number.isSafeInteger(totals[key]));
}

function fallbackLedger(key: string, now: number): Ledger {
	const found = fallback.get(key);
	if (found && found.expires > now) return found.ledger;
	for (const [entry, { expires }] of fallback) if (expires <= now) fallback.delete(entry);
	while (fallback.size >= FALLBACK_MAX_EXECUTIONS) {
		// Maps iterate in insertion order: the oldest execution goes first.
		const oldest = fallback.keys().next().value as string;
		fallback.delete(oldest);
	}
	const ledger = { sent: emptyTotals(), dryRun: emptyTotals() };
	fallback.set(key, { expires: now + FALLBACK_TTL_MS, ledger });
	return ledger;
}

/** How many executions the in-memory stand-in holds (for tests). */
export function fallbackSize(): number {
	return fallback.size;
}

function credentialKey(node: INode): string {
	const reference = node.credentials?.[CREDENTIAL_NAME];
	return `credential:${reference?.id ?? reference?.name ?? 'default'}`;
}

function ledgerFor(ctx: IExecuteFunctions): Ledger {
	const key = credentialKey(ctx.getNode());
	let flow: IContextObject | undefined;
	try {
		flow = ctx.getContext('flow');
	} catch {
		flow = undefined;
	}
	if (flow && typeof flow === 'object') {
		const all = (flow[CONTEXT_KEY] ??= {}) as Record<string, Partial<Ledger>>;
		const ledger = (all[key] ??= {});
		if (!isTotals(ledger.sent)) ledger.sent = emptyTotals();
		if (!isTotals(ledger.dryRun)) ledger.dryRun = emptyTotals();
		return ledger as Ledger;
	}
	const executionId = executionAudit(ctx).n8n_execution_id ?? 'unknown-execution';
	return fallbackLedger(`${executionId}|${key}`, Date.now());
}

function add(totals: ExecutionTotals, rail: Rail, cents: number): void {
	totals[rail] += cents;
	totals.all += cents;
}

function sum(a: ExecutionTotals, b: ExecutionTotals): ExecutionTotals {
	return { all: a.all + b.all, 'on-us': a['on-us'] + b['on-us'], ach: a.ach + b.ach, wire: a.wire + b.wire };
}

/**
 * Decides whether one transfer may be sent, and reserves its amount in this execution's totals
 * when it may. Dry Run only evaluates: it never throws and never touches what real transfers
 * count; Dry Run items are added up among themselves, so a preview refuses what a real run of
 * the same items would refuse.
 */
export async function guardMoneyMovement(ctx: IExecuteFunctions, input: GuardInput): Promise<GuardDecision> {
	const { rail, cents, itemIndex, dryRun } = input;
	if (cents !== undefined && !(Number.isSafeInteger(cents) && cents > 0)) {
		return { allowed: false, refusal: `The amount of item ${itemIndex} is not a whole, positive number of cents (${String(cents)}), so nothing was sent.` };
	}
	let credentials: ICredentialDataDecryptedObject;
	if (dryRun) {
		try {
			credentials = await ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
		} catch (error) {
			return { allowed: false, refusal: `The Jiko credential could not be read: ${(error as Error).message}` };
		}
	} else {
		credentials = await ctx.getCredentials(CREDENTIAL_NAME, itemIndex);
	}
	const settings = readMoneySettings(credentials);
	// From here to the reservation nothing awaits: no other item can slip in between.
	const ledger = ledgerFor(ctx);
	const request = { rail, cents, itemIndex, aiToolRun: isAiToolRun(ctx), preview: dryRun };
	const refusal = moneyRefusal(settings, request, dryRun ? sum(ledger.sent, ledger.dryRun) : ledger.sent);
	if (refusal) return { allowed: false, refusal };
	const totals = dryRun ? ledger.dryRun : ledger.sent;
	const reserved = cents ?? 0;
	add(totals, rail, reserved);
	let released = false;
	return {
		allowed: true,
		headers: moneyPassHeaders(),
		release: () => {
			if (released) return;
			released = true;
			totals[rail] = Math.max(0, totals[rail] - reserved);
			totals.all = Math.max(0, totals.all - reserved);
		},
	};
}
