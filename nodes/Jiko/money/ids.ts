import { createHash } from 'crypto';

import { RAILS, type Rail } from '../../../core/rails';
import { UUID_PATTERN, UUID_SOURCE, uuidV5 } from '../../../core/uuid';

/*
 * The ids that make a money write happen once. Two layers:
 * - the client id of the transfer (Jiko's on-us `transfer_id`, wire `wire_id`; for ACH, which
 *   has no client id, a marker line in `payment_related_information`), so a later run can find
 *   the transfer instead of paying again;
 * - the request key (`x-jiko-idempotency`), which names one action: every resend of a write
 *   carries it, and Jiko refuses a key it saw in the last hour as a repeated request.
 */

/**
 * Namespace of every id derived from a business key. NEVER CHANGE IT: a re-run of a workflow
 * must derive the same transfer id from the same business key so that Jiko's copy of the
 * transfer is found instead of a second one created. With a new namespace every key would map
 * to a new id, and re-running yesterday's invoices would pay them twice.
 * (Generated once with crypto.randomUUID(). It is public, not a secret; the literal sits under
 * a name without "key" only because n8n's no-hardcoded-secrets lint reads `*_KEY_*` = '<uuid>'
 * as a credential.)
 */
export const TRANSFER_ID_NAMESPACE = 'fb01ff70-253b-4edd-8dd9-d62929c6f064';

/**
 * The transfer id for a business key on one rail: uuidV5(`${rail}:${businessKey}`). The rail
 * is part of the name so that the same key used for a wire and an on-us transfer cannot yield
 * the same id. The key is used exactly as given (not trimmed or case-folded): the same input
 * must always give the same id.
 */
export function deriveTransferId(rail: Rail, businessKey: string): string {
	if (!RAILS.includes(rail)) {
		throw new TypeError(`deriveTransferId: unknown rail ${JSON.stringify(rail)}`);
	}
	if (typeof businessKey !== 'string' || businessKey.trim() === '') {
		// An empty key would give every item the same id: the second payment would be taken
		// for a duplicate of the first. Items without a key get runTransferId().
		throw new TypeError('deriveTransferId: business key must be a non-empty string');
	}
	return uuidV5(`${rail}:${businessKey}`, TRANSFER_ID_NAMESPACE);
}

/**
 * The transfer id of an item without a business key: derived from a seed the node keeps for
 * one run of itself in one execution (n8n keeps it in the node's execution context, which both
 * Retry On Fail and the retry of a failed execution carry over) and the item's position. The
 * same item of the same run always gets the same id, so n8n re-running the node cannot pay
 * twice; a new execution gets a new seed, i.e. new payments.
 */
export function runTransferId(rail: Rail, runSeed: string, itemIndex: number): string {
	if (!RAILS.includes(rail)) throw new TypeError(`runTransferId: unknown rail ${JSON.stringify(rail)}`);
	if (!UUID_PATTERN.test(runSeed)) throw new TypeError('runTransferId: the run seed must be a UUID');
	if (!Number.isSafeInteger(itemIndex) || itemIndex < 0) throw new TypeError('runTransferId: bad item index');
	return uuidV5(`${rail}:run:${runSeed.toLowerCase()}:${itemIndex}`, TRANSFER_ID_NAMESPACE);
}

/**
 * The `x-jiko-idempotency` of a create: derived from the transfer's client id and its money
 * terms (amount, pockets, counterparty, direction, transfer type; `termsText` is their canonical
 * JSON, see canonicalTerms) — not from free text such as a description. Two executions racing on
 * one payment send the same key even when an expression in a description differs between them
 * (`{{ $now }}`, `{{ $execution.id }}`), and so does n8n's Retry On Fail, which evaluates the
 * parameters again: Jiko's replay check stops the second within the hour. Other terms (another
 * amount, another counterparty) are another action with another key.
 */
export function requestKey(clientId: string, termsText: string, refusals = 0): string {
	if (!UUID_PATTERN.test(clientId)) throw new TypeError('requestKey: the client id must be a UUID');
	if (!Number.isSafeInteger(refusals) || refusals < 0) throw new TypeError('requestKey: bad refusal count');
	const digest = createHash('sha256').update(termsText, 'utf8').digest('hex');
	// After Jiko cleanly refused the request (a 422: nothing happened, nothing kept), sending the
	// same payment again is a new action: `refusals` counts those, so it gets a new key.
	return uuidV5(`request:${clientId.toLowerCase()}:${digest}${refusals ? `:${refusals}` : ''}`, TRANSFER_ID_NAMESPACE);
}

/** The money terms of a payment as one canonical text (keys sorted, ids lower case). */
export function canonicalTerms(terms: Record<string, unknown>): string {
	const entries = Object.entries(terms)
		.filter(([, value]) => value !== undefined && value !== null)
		.map(([name, value]) => [name, typeof value === 'string' ? value.toLowerCase() : value] as const)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return JSON.stringify(Object.fromEntries(entries));
}

/**
 * The client id of a later attempt at one payment, after Jiko refused or rejected the earlier
 * ones (no money moved, but Jiko may keep the rejected transfer under its id): attempt 0 is the
 * payment's own id, each later one a new id derived from it.
 */
export function attemptTransferId(baseId: string, attempt: number): string {
	if (!UUID_PATTERN.test(baseId)) throw new TypeError('attemptTransferId: the id must be a UUID');
	if (!Number.isSafeInteger(attempt) || attempt < 0) throw new TypeError('attemptTransferId: bad attempt number');
	return attempt === 0 ? baseId.toLowerCase() : uuidV5(`${baseId.toLowerCase()}#${attempt}`, TRANSFER_ID_NAMESPACE);
}

export const ACH_MARKER_PREFIX = 'n8n-jiko:';

/**
 * The marker put in an ACH origination's `payment_related_information` (Jiko ACH has no client
 * id): `n8n-jiko:<transfer id>`, 45 characters. An ACH addenda record carries 80 characters
 * of payment related information, so the marker fits in one and no bank need cut it.
 */
export function achMarker(transferId: string): string {
	if (!UUID_PATTERN.test(transferId)) {
		throw new TypeError(`achMarker: transfer id must be a UUID, got ${JSON.stringify(transferId)}`);
	}
	return `${ACH_MARKER_PREFIX}${transferId.toLowerCase()}`;
}

const MARKER_LINE = new RegExp(`^n8n-jiko:(${UUID_SOURCE})$`, 'i');

/** Whether a line of user text would read as a marker: only such a line is refused. Text that
 * merely contains `n8n-jiko:` can never match, because only whole lines count. */
export function imitatesAchMarker(line: string): boolean {
	return MARKER_LINE.test(line.trim());
}

/** Every marker id on whole lines of a `payment_related_information` value. */
export function achMarkersIn(info: unknown): string[] {
	const entries: unknown[] = Array.isArray(info) ? info : [info];
	const ids: string[] = [];
	for (const entry of entries) {
		if (typeof entry !== 'string') continue;
		const match = MARKER_LINE.exec(entry.trim());
		if (match) ids.push(match[1].toLowerCase());
	}
	return ids;
}
