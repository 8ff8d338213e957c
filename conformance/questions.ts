/**
 * Every question the suite asks, in table order, with the local sandbox switch that answers
 * it (names exactly as in sandbox/assumptions.ts; the suite does not import the sandbox).
 */
import type { Row } from './types';

export const QUESTIONS = {
	repeatedKey: { switch: 'repeatedKey', question: 'A repeated x-jiko-idempotency key (a different signed GET sent with an already used key)' },
	repeatedKeyWrite: { switch: 'repeatedKey', question: 'A write resent with the same key and bytes (1-cent on-us transfer)', money: true },
	duplicateTransferId: { switch: 'duplicateTransferId', question: 'A second on-us create with the same transfer_id and a new key', money: true },
	duplicateWireId: { switch: 'duplicateTransferId', question: 'A second wire create with the same wire_id and a new key', money: true },
	wireCreateBody: { switch: 'wireCreateBody', question: 'The body of the wire create answer', money: true },
	visibilityLagMs: { switch: 'visibilityLagMs', question: 'Time until a new on-us transfer shows in GET by id and in its pocket\'s transactions', money: true },
	onUsUnknownId: { switch: 'onUsUnknownId', question: 'GET /api/v1/transfers/on-us/{id}/ of an id that does not exist' },
	achDirection: { switch: 'achDirection', question: 'An ACH origination with direction DEBIT: which way does the money go', money: true },
	peerToPeerToAccountType: { switch: 'peerToPeerToAccountType', question: 'The to_account.type a PEER_TO_PEER on-us transfer accepts', money: true },
	v2Endpoints: { switch: 'v2Endpoints', question: 'Are the /api/v2/ routes there (GET /api/v2/pockets/)' },
	trailingSlash: { switch: 'trailingSlash', question: 'A path without its trailing slash (GET /api/v1/events/types, signed as sent)' },
	offsetListCount: { switch: 'offsetListCount', question: 'Offset list `count` with limit=1: all matching items (total) or this page (page)' },
	cursorEmptyPage: { switch: 'cursorEmptyPage', question: 'Cursor list, first page: `prev_page` null or left out' },
	transactionAmountSign: { switch: 'transactionAmountSign', question: 'amount.value of a money-out transaction (v1): negative or positive' },
} as const satisfies Record<string, { switch: string; question: string; money?: boolean }>;

export type QuestionId = keyof typeof QUESTIONS;

export const QUESTION_ORDER = Object.keys(QUESTIONS) as QuestionId[];

/** A fresh row for a question: nothing observed yet, undecided. */
export function newRow(id: QuestionId): Row {
	return { id, question: QUESTIONS[id].question, observed: '', switch: QUESTIONS[id].switch, value: null, safe: null };
}

/** The row of a question that was not asked. */
export function skippedRow(id: QuestionId, why: string): Row {
	return { ...newRow(id), observed: 'not asked', note: why };
}
