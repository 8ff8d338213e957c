import { randomInt, randomUUID } from 'crypto';
import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IHookFunctions,
	type IWebhookFunctions,
} from 'n8n-workflow';

import { CREDENTIAL_NAME, classifyWriteFailure, describeFailure, readFailure, retryAfterMs, type JikoFailure } from '../Jiko/transport';

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
 * repeated key is undocumented — an error, or the first answer again — so the read carries a
 * random number that Jiko echoes back (the offset of an offset list): our own number means we
 * were first; another claimer's number (a replayed answer) or a refusal means we were not.
 */

const CLAIM_PATH = '/api/v1/events/types/';

export type ClaimOutcome =
	| { result: 'won'; note?: string }
	| { result: 'lost'; how: 'refused' | 'replayed' }
	| { result: 'failed'; reason: string };

/** What Jiko's repeated-request check looked like when the trigger was activated. */
export interface ReplayCheck {
	/** `replay`: the first answer comes back; a number: that HTTP status refuses the repeat. */
	repeated: 'replay' | number;
}

type Context = IHookFunctions | IWebhookFunctions;
type Sent = { ok: true; body: unknown } | { ok: false; failure: JikoFailure; message: string };

/** Attempts of one claim, and the waits between them (a delivery waits for its answer). */
export const claimRetry = { attempts: 3, backoffMs: [250, 1_000] };

function nonce(): number {
	// Large and random: two claimers drawing the same number is a 1-in-a-billion event.
	return randomInt(1_000_000_000, 2_147_483_647);
}

/**
 * One attempt, through n8n's request helper with the Jiko credential (login, signature, one
 * re-login on a 401 with the same key). The caller decides about resends: a resend of a claim
 * whose first attempt may have reached Jiko is not the same as a first attempt.
 */
async function sendOnce(context: Context, baseURL: string, key: string, offset: number): Promise<Sent> {
	try {
		const body: unknown = await context.helpers.httpRequestWithAuthentication.call(context, CREDENTIAL_NAME, {
			method: 'GET',
			baseURL,
			url: CLAIM_PATH,
			qs: { offset, limit: 1 },
			headers: { 'x-jiko-idempotency': key },
			json: true,
			timeout: 15_000,
		});
		return { ok: true, body };
	} catch (error) {
		const failure = readFailure(error);
		return { ok: false, failure, message: describeFailure(failure, 'check for a repeated Jiko event', 1).message };
	}
}

function echoed(body: unknown): number | undefined {
	const offset = (body as IDataObject | undefined)?.offset;
	const value = typeof offset === 'string' ? Number(offset) : offset;
	return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

/** Jiko answers 409 to a repeated key in the sandbox; a replaying Jiko may refuse a repeat whose
 * first request is still being answered the same way. */
function isRepeatedStatus(status: number | undefined, check: ReplayCheck): boolean {
	return status === 409 || (typeof check.repeated === 'number' && status === check.repeated);
}

/** Claims one event for this trigger. Never throws. */
export async function claimEvent(context: IWebhookFunctions, baseURL: string, key: string, check: ReplayCheck): Promise<ClaimOutcome> {
	const mine = nonce();
	// Set once an attempt may have reached Jiko without us seeing the answer (timeout, reset,
	// 5xx): from then on, a "repeated" refusal may be our own first attempt.
	let uncertain = false;
	let last = 'no attempt';
	for (let attempt = 1; attempt <= claimRetry.attempts; attempt++) {
		const sent = await sendOnce(context, baseURL, key, mine);
		if (sent.ok) {
			const offset = echoed(sent.body);
			if (offset === mine) return { result: 'won' };
			if (offset !== undefined) return { result: 'lost', how: 'replayed' };
			return { result: 'failed', reason: "Jiko's answer to the duplicate check did not echo its offset" };
		}
		const { failure } = sent;
		last = sent.message;
		if (isRepeatedStatus(failure.status, check)) {
			// We cannot tell our own unanswered attempt from another claimer: run (at-least-once)
			// rather than lose the event.
			if (uncertain) return { result: 'won', note: 'the duplicate check was ambiguous (an earlier attempt got no answer)' };
			return { result: 'lost', how: 'refused' };
		}
		if (attempt === claimRetry.attempts) break;
		if (failure.status === 429) {
			// Refused before anything was done: wait as asked, the attempt does not count as uncertain.
			await sleep(Math.min(retryAfterMs(failure.retryAfter) ?? 1_000, 5_000));
			continue;
		}
		if (classifyWriteFailure(failure) !== 'unknown') break; // refused: a resend would be refused too
		uncertain = true;
		await sleep(claimRetry.backoffMs[attempt - 1] ?? 1_000);
	}
	return { result: 'failed', reason: last };
}

/**
 * At activation: checks that this Jiko's repeated-request check can be used as the claim —
 * the read echoes our number, and the same key sent again is refused or answered with the first
 * answer. Returns what a repeat looks like, or a reason the trigger cannot rely on it.
 */
export async function probeReplayCheck(context: IHookFunctions, baseURL: string): Promise<{ ok: true; check: ReplayCheck } | { ok: false; reason: string }> {
	const key = randomUUID();
	const first = nonce();
	const one = await sendOnce(context, baseURL, key, first);
	if (!one.ok) {
		const text = describeFailure(one.failure, "check Jiko's repeated-request protection", 1);
		throw new NodeOperationError(context.getNode(), text.message, { description: text.description });
	}
	if (echoed(one.body) !== first) {
		return { ok: false, reason: `GET ${CLAIM_PATH} does not echo the offset it was asked for` };
	}
	const two = await sendOnce(context, baseURL, key, nonce());
	if (two.ok) {
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
