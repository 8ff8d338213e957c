import { randomInt, randomUUID } from 'crypto';
import { NodeOperationError, sleep, type IDataObject, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

import { describeFailure, jikoSend } from '../Jiko/transport';
import { paths } from '../../core/paths';
import { type JikoFailure } from '../../core/failure';

/*
 * The shared, atomic, restart-proof "have we taken this event?" check. n8n gives a trigger's
 * webhook() no shared store (no database, no de-duplication helpers; static data is
 * last-writer-wins), but every n8n process that receives deliveries can reach Jiko, and Jiko
 * documents a check that is shared and atomic on its side: "A request is considered to be
 * repeated if the idempotency key value ... has been used previously in the past 1 hour."
 *
 * So each verified delivery sends one cheap signed read with x-jiko-idempotency = a key derived
 * from (workflow, node, event id): the same key in every process. The first one to reach Jiko
 * gets a fresh answer; any later one within the hour is "repeated". What Jiko answers to a
 * repeated key is undocumented, so activation measures it (probeReplayCheck) and the claim
 * trusts only what was measured:
 * - a refusal with one status: that status, and nothing else, means "another process was first";
 *   a fresh 2xx means "we were first". No echo is needed.
 * - the first answer replayed (a 2xx again): a fresh answer and a replay look alike, so the read
 *   carries a random number that Jiko must echo (the offset of an offset list). Jiko does not
 *   document that echo, so activation checks it and refuses when it is missing.
 */

const CLAIM_PATH = paths.eventTypes;

export type ClaimOutcome =
	| { result: 'won'; note?: string }
	| { result: 'lost'; how: 'refused' | 'replayed' }
	| { result: 'failed'; reason: string };

/** What Jiko's repeated-request check looked like when the trigger was activated. */
export interface ReplayCheck {
	/** `replay`: the first answer comes back (and the offset is echoed); a number: that HTTP
	 * status, measured at activation, refuses the repeat. */
	repeated: 'replay' | number;
}

type Context = IHookFunctions | IWebhookFunctions;
type Sent = { ok: true; body: unknown } | { ok: false; failure: JikoFailure; message: string };

/** Attempts of one claim, and the waits between them (a delivery waits for its answer). */
export const claimRetry = { attempts: 3, backoffMs: [250, 1_000], rateLimitWaitMs: 5_000, timeoutMs: 15_000 };

function nonce(): number {
	// Large and random: two claimers drawing the same number is a 1-in-a-billion event.
	return randomInt(1_000_000_000, 2_147_483_647);
}

/**
 * One attempt, through the node's transport (login, signature, one re-login on a 401 with the
 * same key; a 429 waits as Jiko asks, at most claimRetry.rateLimitWaitMs). The caller decides
 * about resends: a resend of a claim whose first attempt may have reached Jiko is not the same
 * as a first attempt.
 */
async function sendOnce(context: Context, key: string, offset: number): Promise<Sent> {
	const sent = await jikoSend.call(context, {
		method: 'GET',
		path: CLAIM_PATH,
		qs: { offset, limit: 1 },
		idempotencyKey: key,
		what: 'check for a repeated Jiko event',
		maxAttempts: 1,
		rateLimitMaxWaitMs: claimRetry.rateLimitWaitMs,
		timeoutMs: claimRetry.timeoutMs,
	});
	if (sent.ok) return { ok: true, body: sent.body };
	return { ok: false, failure: sent.failure, message: sent.error.message };
}

function echoed(body: unknown): number | undefined {
	const offset = (body as IDataObject | undefined)?.offset;
	const value = typeof offset === 'string' ? Number(offset) : offset;
	return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Claims one event for this trigger. Never throws. */
export async function claimEvent(context: IWebhookFunctions, key: string, check: ReplayCheck): Promise<ClaimOutcome> {
	const mine = nonce();
	// Set once an attempt may have reached Jiko without us seeing the answer (timeout, reset,
	// 5xx): from then on, a "repeated" refusal may be our own first attempt.
	let uncertain = false;
	let last = 'no attempt';
	for (let attempt = 1; attempt <= claimRetry.attempts; attempt++) {
		const sent = await sendOnce(context, key, mine);
		if (sent.ok) {
			// A refusing Jiko answers a repeat with its status: any 2xx is a fresh answer.
			if (check.repeated !== 'replay') return { result: 'won' };
			const offset = echoed(sent.body);
			if (offset === mine) return { result: 'won' };
			if (offset !== undefined) return { result: 'lost', how: 'replayed' };
			return { result: 'failed', reason: "Jiko's answer to the duplicate check did not echo its offset" };
		}
		const { failure } = sent;
		last = sent.message;
		if (typeof check.repeated === 'number' && failure.status === check.repeated) {
			// We cannot tell our own unanswered attempt from another claimer: run (at-least-once)
			// rather than lose the event.
			if (uncertain) return { result: 'won', note: 'the duplicate check was ambiguous (an earlier attempt got no answer)' };
			return { result: 'lost', how: 'refused' };
		}
		// Any other answer was not measured at activation: it proves nothing either way. A
		// replaying Jiko refuses a repeat whose first request is still being answered; a moment
		// later the replay is there, so ask again (same key: a read, safe to resend). Still
		// nothing: the delivery is answered 503 and Jiko sends it again later.
		if (attempt === claimRetry.attempts) break;
		if (failure.status !== undefined && [401, 403, 404].includes(failure.status)) break; // will not change
		if (failure.status === undefined || failure.status >= 500) uncertain = true; // may have reached Jiko
		await sleep(claimRetry.backoffMs[attempt - 1] ?? 1_000);
	}
	return { result: 'failed', reason: last };
}

/**
 * At activation: sends one key twice and measures what a repeated key gets — a refusal (its
 * status is then the only one the claim reads as "repeated"), or the first answer again (then
 * the read must echo our number, or a replay could not be told from a fresh answer). Returns
 * the measured check, or a reason the trigger cannot rely on it.
 */
export async function probeReplayCheck(context: IHookFunctions): Promise<{ ok: true; check: ReplayCheck } | { ok: false; reason: string }> {
	const key = randomUUID();
	const first = nonce();
	const one = await sendOnce(context, key, first);
	if (!one.ok) {
		const text = describeFailure(one.failure, "check Jiko's repeated-request protection", 1);
		throw new NodeOperationError(context.getNode(), text.message, { description: text.description });
	}
	const two = await sendOnce(context, key, nonce());
	if (two.ok) {
		if (echoed(one.body) !== first) {
			return {
				ok: false,
				reason: `Jiko answered a repeated x-jiko-idempotency key with 2xx, and GET ${CLAIM_PATH} does not echo the offset it was asked for, so a replayed answer cannot be told from a fresh one`,
			};
		}
		if (echoed(two.body) === first) return { ok: true, check: { repeated: 'replay' } };
		return {
			ok: false,
			reason: 'Jiko answered a repeated x-jiko-idempotency key as a new request (no replay protection for reads)',
		};
	}
	const status = two.failure.status;
	// The same request passed a moment ago: a 4xx now can only be the repeated key (but not a
	// refused token or signature, a missing route or a rate limit).
	if (status !== undefined && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) {
		return { ok: true, check: { repeated: status } };
	}
	return { ok: false, reason: `a repeated key was answered with ${two.message}` };
}
