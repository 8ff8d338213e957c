/**
 * Every question the suite asks, in table order, with the local sandbox switch that answers
 * it (names exactly as in sandbox/assumptions.ts; the suite does not import the sandbox; null =
 * a fixed reading of the sandbox, no switch). `safety`: the node's money safety depends on the
 * answer — such a question left unanswered fails the run (exit 3), and `check` says what to
 * look at. The others are informational.
 */
import type { Row } from './types';

interface Question {
	switch: string | null;
	question: string;
	money?: true;
	safety?: true;
	/** what to check (or give) when the question cannot be answered */
	check?: string;
}

export const QUESTIONS = {
	repeatedKey: { switch: 'repeatedKey', question: 'A repeated x-jiko-idempotency key (a different signed GET sent with an already used key)' },
	repeatedKeyWrite: {
		switch: 'repeatedKey',
		question: 'A write resent with the same key and bytes (1-cent on-us transfer)',
		money: true,
		safety: true,
		check: 'Run with --money and JIKO_POCKET_FROM / JIKO_POCKET_TO (two OPEN pockets of one customer, a few cents in the first): a resend after a lost answer must not move money twice.',
	},
	duplicateTransferId: {
		switch: 'duplicateTransferId',
		question: 'A second on-us create with the same transfer_id and a new key',
		money: true,
		safety: true,
		check: 'Run with --money and JIKO_POCKET_FROM / JIKO_POCKET_TO: a second create with a used transfer_id must not move money again.',
	},
	duplicateWireId: {
		switch: 'duplicateTransferId',
		question: 'A second wire create with the same wire_id and a new key',
		money: true,
		safety: true,
		check: 'Run with --money and JIKO_WIRE_COUNTERPARTY (a VERIFIED wire counterparty; a wire has a fee): a second create with a used wire_id must not send a second wire.',
	},
	wireCreateBody: { switch: 'wireCreateBody', question: 'The body of the wire create answer', money: true },
	visibilityLagMs: {
		switch: 'visibilityLagMs',
		question: "Time until a new on-us transfer shows in GET by id and in its pocket's transactions",
		money: true,
		safety: true,
		check: 'Run with --money and JIKO_POCKET_FROM / JIKO_POCKET_TO; a longer --timeout-seconds if it was not visible in time.',
	},
	onUsUnknownId: {
		switch: 'onUsUnknownId',
		question: 'GET /api/v1/transfers/on-us/{id}/ of an id that does not exist',
		safety: true,
		check: 'GET /api/v1/transfers/on-us/{a random uuid}/ must answer 404 or 422 ("no such transfer").',
	},
	achDirection: {
		switch: 'achDirection',
		question: 'An ACH origination with direction DEBIT: which way does the money go',
		money: true,
		safety: true,
		check: 'Run with --money and JIKO_ACH_COUNTERPARTY (a VERIFIED ACH counterparty), with a --timeout-seconds long enough for the ACH to settle or book.',
	},
	peerToPeerToAccountType: { switch: 'peerToPeerToAccountType', question: 'The to_account.type a PEER_TO_PEER on-us transfer accepts', money: true },
	v2Endpoints: {
		switch: 'v2Endpoints',
		question: 'Are the /api/v2/ routes the node reads there (GET /api/v2/pockets/, /api/v2/pockets/{id}/, /api/v2/pockets/{id}/transactions/)',
		safety: true,
		check: 'The three v2 routes must answer 200 (set JIKO_POCKET_FROM to a pocket to read).',
	},
	v2AmountFilterUnit: {
		switch: 'v2AmountFilterUnit',
		question: "v2 transactions amount_from / amount_to: cents, dollars, or ignored (one item's amount asked both ways)",
		safety: true,
		check: 'Needs a pocket whose v2 transactions show at least two different amounts (JIKO_POCKET_FROM), or --money.',
	},
	v2WireFilter: {
		switch: 'v2WireFilter',
		question: 'v2 transactions filter[wire]: applied or ignored (a random wire id; a known one)',
		safety: true,
		check: 'Needs a pocket that has sent a wire (JIKO_POCKET_FROM), or --money with JIKO_WIRE_COUNTERPARTY.',
	},
	v2TransferIds: {
		switch: 'v2TransferIds',
		question: 'Where a v2 ACH / wire item shows ach_id / wire_id: flat, nested under details, or absent',
		safety: true,
		check: 'Needs a pocket with an ACH origination or a wire in its v2 transactions (JIKO_POCKET_FROM), or --money with JIKO_ACH_COUNTERPARTY / JIKO_WIRE_COUNTERPARTY.',
	},
	achIdBeforeJuly2024: { switch: null, question: 'ach_id of an ACH origination created before July 2024 (documented: not populated)' },
	trailingSlash: { switch: 'trailingSlash', question: 'A path without its trailing slash (GET /api/v1/events/types, signed as sent)' },
	offsetListCount: { switch: 'offsetListCount', question: 'Offset list `count` with limit=1: all matching items (total) or this page (page)' },
	cursorEmptyPage: { switch: 'cursorEmptyPage', question: 'Cursor list, first page: `prev_page` null or left out' },
	transactionAmountSign: { switch: 'transactionAmountSign', question: 'amount.value of a money-out transaction (v1): negative or positive' },
	counterpartyAccountNumbers: {
		switch: 'counterpartyAccountNumbers',
		question: "A counterparty's account_number in the customer's counterparty list: whole (full) or masked",
	},
	wireCounterpartyName: {
		switch: 'wireCounterpartyName',
		question: "counterparty_name of a wire sent out (its transaction), beside the names of the customer's wire counterparties",
	},
	counterpartyCreatePath: {
		switch: null,
		question: 'Create Counterparty V2 at the path the node sends to, POST /api/v2/customers/{customer_id}/counterparties/ (an empty body: a 422 means the route is there; nothing is created)',
	},
} as const satisfies Record<string, Question>;

export type QuestionId = keyof typeof QUESTIONS;

export const QUESTION_ORDER = Object.keys(QUESTIONS) as QuestionId[];

export const isSafetyQuestion = (id: string): boolean => (QUESTIONS as Record<string, Question>)[id]?.safety === true;
export const isMoneyQuestion = (id: string): boolean => (QUESTIONS as Record<string, Question>)[id]?.money === true;
export const checkOf = (id: string): string => (QUESTIONS as Record<string, Question>)[id]?.check ?? '';

/** A fresh row for a question: nothing observed yet, undecided. */
export function newRow(id: QuestionId): Row {
	return { id, question: QUESTIONS[id].question, observed: '', switch: QUESTIONS[id].switch, value: null, safe: null, safety: isSafetyQuestion(id) };
}

/** The row of a question that was not asked. */
export function skippedRow(id: QuestionId, why: string): Row {
	return { ...newRow(id), observed: 'not asked', note: why };
}
