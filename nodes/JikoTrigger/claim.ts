import { randomInt, randomUUID } from 'crypto';
import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { jikoSend } from '../Jiko/transport';

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

function nonce(): number {
	// Large and random: two claimers drawing the same number is a 1-in-a-billion event.
	return randomInt(1_000_000_000, 2_147_483_647);
}

async function send(context: Context, key: string, offset: number, what: string) {
	return await jikoSend.call(context, {
		method: 'GET',
		path: CLAIM_PATH,
		qs: { offset, limit: 1 },
		idempotencyKey: key,
		what,
	});
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
export async function claimEvent(context: IWebhookFunctions, key: string, eventId: string, check: ReplayCheck): Promise<ClaimOutcome> {
	const mine = nonce();
	let result;
	try {
		result = await send(context, key, mine, `check that Jiko event ${eventId} was not taken before`);
	} catch (error) {
		return { result: 'failed', reason: error instanceof Error ? error.message : String(error) };
	}
	if (result.ok) {
		const offset = echoed(result.body);
		if (offset === mine) return { result: 'won' };
		if (offset !== undefined) return { result: 'lost', how: 'replayed' };
		return { result: 'failed', reason: "Jiko's answer to the duplicate check did not echo its offset" };
	}
	if (isRepeatedStatus(result.failure.status, check)) {
		if (result.attempts > 1) {
			// An earlier attempt of this very claim got no clear answer and may have been the
			// one Jiko recorded: we cannot tell. Run (at-least-once) rather than lose the event.
			return { result: 'won', note: 'the duplicate check was ambiguous (an earlier attempt got no answer)' };
		}
		return { result: 'lost', how: 'refused' };
	}
	return { result: 'failed', reason: result.error.message };
}

/**
 * At activation: checks that this Jiko's repeated-request check can be used as the claim —
 * the read echoes our number, and the same key sent again is refused or answered with the first
 * answer. Returns what a repeat looks like, or a reason the trigger cannot rely on it.
 */
export async function probeReplayCheck(context: IHookFunctions): Promise<{ ok: true; check: ReplayCheck } | { ok: false; reason: string }> {
	const key = randomUUID();
	const first = nonce();
	const one = await send(context, key, first, 'check Jiko\'s repeated-request protection');
	if (!one.ok) throw one.error;
	if (echoed(one.body) !== first) {
		return { ok: false, reason: `GET ${CLAIM_PATH} does not echo the offset it was asked for` };
	}
	const second = nonce();
	const two = await send(context, key, second, 'check Jiko\'s repeated-request protection');
	if (two.ok) {
		const offset = echoed(two.body);
		if (offset === first) return { ok: true, check: { repeated: 'replay' } };
		return {
			ok: false,
			reason: 'Jiko answered a repeated x-jiko-idempotency key as a new request (no replay protection for reads)',
		};
	}
	const status = two.failure.status;
	if (status !== undefined && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) {
		return { ok: true, check: { repeated: status } };
	}
	throw two.error;
}
