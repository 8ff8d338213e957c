/**
 * Every place where Jiko's public documentation is silent and the sandbox had to pick a
 * behaviour. Each one is a named, switchable option: pass `assumptions` to `startSandbox`, set
 * env JIKO_SANDBOX_ASSUMPTIONS (JSON) for `npm run sandbox`, or merge new values at run time with
 * `PUT /_sandbox/config {"assumptions": {...}}`. `sandbox/ASSUMPTIONS.md` explains each choice
 * (question → default → alternatives → why). Nothing else in the sandbox hard-codes them, and
 * every reader looks them up when a request arrives, so a run-time change applies at once.
 */
export interface Assumptions {
	// ---- authentication and repeated requests ------------------------------------------
	/** Jiko: a request is "repeated" if its x-jiko-idempotency key was used in the past 1 hour. */
	repeatedKeyWindowSeconds: number;
	/** What a repeated key gets. `conflict`: `repeatedKeyStatus` with a detail message.
	 * `replay`: the first answer to that key again (status, body bytes, content type); while the
	 * first request is still being processed, or when its answer was not kept, `repeatedKeyStatus`. */
	repeatedKey: 'conflict' | 'replay';
	/** Status for a repeated key (conflict mode, and replay mode without a stored answer). */
	repeatedKeyStatus: number;
	/** Status for a signature that does not match. Undocumented; 403 here. */
	badSignatureStatus: number;
	/** Status when x-jiko-signature is absent. The OpenAPI marks it a required header (FastAPI
	 * would answer 422); the sandbox treats it like a wrong signature (403). */
	missingSignatureStatus: number;
	/** Whether a request that passed the signature check but then failed route validation has
	 * consumed its idempotency key (true: the key is recorded before route validation). */
	keyConsumedBeforeValidation: boolean;
	/** Requests per minute per token on the signed API; 0 = unlimited (Partner API documents none).
	 * When > 0, excess requests get 429 + Retry-After + X-RateLimit-* like Jiko's Customer API. */
	rateLimitPerMinute: number;
	/** Login attempts per minute per client address; 0 = unlimited. Excess → 429 + Retry-After. */
	loginRateLimitPerMinute: number;

	// ---- paths, lists, shapes ------------------------------------------------------------
	/** `accept`: /x and /x/ are the same route. `strict`: a path without its trailing slash is
	 * 404 (the slash is part of the signed path). `redirect`: 307 to the slashed path, as
	 * FastAPI's redirect_slashes would. */
	trailingSlash: 'accept' | 'strict' | 'redirect';
	/** Whether the current docs' /api/v2/ routes exist (false: 404, an older Jiko). */
	v2Endpoints: boolean;
	/** Offset lists: `count` = total matching items (`total`) or items on this page (`page`). */
	offsetListCount: 'total' | 'page';
	/** Cursor lists: the absent page is `null` (`null`) or the key is left out (`omit`). */
	cursorEmptyPage: 'null' | 'omit';
	/** v1 transaction `amount.value`: negative for money out (`signed`) or always positive (`absolute`).
	 * (v2 amounts are always positive with a `direction`.) */
	transactionAmountSign: 'signed' | 'absolute';
	/** Order of GET /api/v1/events/: oldest first (`asc`, suits polling with `after`) or newest first. */
	eventsOrder: 'asc' | 'desc';
	/** Whether customer objects carry their `id` (the OpenAPI Individual/Business schemas have none). */
	customerIncludesId: boolean;
	/** GET /health body: the JSON string "OK" (FastAPI with the documented JSON schema) or plain text. */
	healthAsJson: boolean;
	/** Reads lag behind writes: a new on-us transfer, ACH origination or wire, and the transactions
	 * they book, are invisible to every API read (GET by id, v1 and v2 lists and filters) for this
	 * many ms. Balances and admin routes are never lagged. 0 = read-your-writes. */
	visibilityLagMs: number;
	/** v2 transactions `amount_from` / `amount_to` (typed `any` in Jiko's docs, no unit given).
	 * `cents`: integer cents like `amount_usdc`, inclusive, on the absolute amount. `dollars`:
	 * decimal dollars (`12.5`), a bound B compared against the amount in cents as B*100,
	 * inclusive. `ignored`: any number is accepted and no bound is applied. */
	v2AmountFilterUnit: 'cents' | 'dollars' | 'ignored';
	/** v2 transactions `filter[wire]`: `applied` (only that wire's WIRE / WIRE_FEE items) or
	 * `ignored` (accepted, not applied: the page is the pocket's transactions under the other filters). */
	v2WireFilter: 'applied' | 'ignored';
	/** Where a v2 transaction item shows the ids of the transfer behind it. `flat`: top-level
	 * `ach_id` / `ach_direction` / `wire_id` (with the other ACH / wire fields). `nested`: under
	 * `details.ach_transaction` / `details.wire_transaction` / `details.wire_fee_transaction`
	 * instead. `absent`: no `ach_id` / `wire_id` anywhere (the other fields stay top-level).
	 * Server-side filters (`filter[wire]`) work the same under all three. */
	v2TransferIds: 'flat' | 'nested' | 'absent';

	// ---- money movement -----------------------------------------------------------------
	/** A create whose on-us `transfer_id` / wire `wire_id` already exists. `conflict`: 409
	 * {"detail":"transfer_id already exists"}; `return-existing`: 200 with the existing object;
	 * `execute-again`: a NEW transfer is executed (money moves again). */
	duplicateTransferId: 'conflict' | 'return-existing' | 'execute-again';
	/** Which ACH direction pulls money INTO the pocket. `debit-pulls`: DEBIT pulls from the
	 * counterparty ("Funding TX"), CREDIT pays out ("Release TX"). `credit-pulls`: the reverse
	 * (the reading of the OpenAPI's example). */
	achDirection: 'debit-pulls' | 'credit-pulls';
	/** What GET /api/v1/transfers/on-us/{unknown id}/ answers (the OpenAPI lists only 200 and 422). */
	onUsUnknownId: 404 | 422;
	/** Body of the 201 to a wire create: `none` (empty, as documented) or `wire` (a Wire object). */
	wireCreateBody: 'none' | 'wire';
	/** `to_account.type` that PEER_TO_PEER accepts (undocumented). */
	peerToPeerToAccountType: string;
	/** PATCH /api/v1/subscriptions/{id}/ with `status`: `reject` (422 extra fields not permitted,
	 * as the Partner UpdateSubscriptionRequest has no status) or `accept`. */
	subscriptionUpdateStatus: 'accept' | 'reject';
	/** AUM fee of a FULL_WITHDRAWAL on-us transfer, in basis points of the amount (0 = none).
	 * Jiko lists fees "deducted" but documents no rate. Other transfers have no fee. */
	fullWithdrawalFeeBps: number;
	/** Fee of an outgoing wire in cents, booked as a WIRE_FEE transaction (Jiko's rate is per contract). */
	wireFeeCents: number;
	/** What `counterparty_name` of an outgoing wire's WIRE / WIRE_FEE transactions (v1 details, v2
	 * items) shows; Jiko names the field and says nothing more. `nameOnAccount`: the counterparty's
	 * `name_on_account`. `fedwireLine`: that name in capitals, cut to 35 characters (a Fedwire
	 * beneficiary name line). `absent`: no name (v1 leaves the key out, v2 shows null), and the
	 * title says "Wire Transfer Out". Received wires always show their sender. */
	wireCounterpartyName: 'nameOnAccount' | 'fedwireLine' | 'absent';

	// ---- payees and returns (issue 23: sandbox/payees.ts) ---------------------------------
	/** Create Counterparty V2 for an account the customer already has (same routing number and
	 * account identifier; undocumented). `create-another`: a second counterparty; `conflict`:
	 * 409 {"detail": "counterparty already exists"}. */
	counterpartyDuplicate: 'create-another' | 'conflict';
	/** How a created counterparty's verification ends (Jiko documents the statuses, not how or
	 * when they change). `verifies`: VERIFIED; `fails`: FAILED; `stays`: IN_PROGRESS forever.
	 * A name containing DECLINE always fails (sandbox trigger). */
	counterpartyVerification: 'verifies' | 'fails' | 'stays';
	/** How long a created counterparty stays IN_PROGRESS before its outcome (ms). */
	counterpartyVerifyAfterMs: number;
	/** How a counterparty shows its account number (Jiko's schema says `account_number: string`,
	 * not whether it is masked). `full`: as created; `masked`: asterisks and the last four. */
	counterpartyAccountNumbers: 'full' | 'masked';
	/** The status of an ACH origination that was returned after PROCESSED (ACHResponse has no
	 * RETURNED; undocumented). `REJECTED`: it changes to REJECTED; `unchanged`: it stays
	 * PROCESSED, and only the reversing transaction (same ach_id, the other direction) and the
	 * transfers.ach.*.rejected event show the return. */
	achReturnStatus: 'REJECTED' | 'unchanged';

	// ---- webhooks -----------------------------------------------------------------------
	/** Delays between webhook delivery attempts (ms). Attempts = 1 + this array's length. */
	webhookRetryDelaysMs: number[];
	/** Timeout of one webhook delivery attempt (ms). */
	webhookTimeoutMs: number;
	/** `response_code` recorded for an attempt that got no HTTP answer (refused, timed out). */
	deliveryNoResponseCode: number;

	// ---- webhooks: the Jiko Trigger's readings (issue #22) ------------------------------
	/** GET /api/v1/events/types/ documents no query parameters. `echo`: it reads `offset` and
	 * `limit` like every offset list and echoes the offset; `ignore`: it answers the whole list
	 * with `offset: 0` whatever was asked. */
	eventTypesOffset: 'echo' | 'ignore';
	/** GET /api/v1/events/ lags behind: an event is listed only this many ms after Jiko
	 * recorded it (0 = at once). Its timestamp is unchanged, so a reader that moves past it in
	 * the meantime must read back (an overlap). */
	eventListLagMs: number;
	/** GET /api/v1/events/?after=T: events strictly after T (`exclusive`) or at T too (`inclusive`). */
	eventsAfter: 'exclusive' | 'inclusive';
}

export const DEFAULT_ASSUMPTIONS: Readonly<Assumptions> = Object.freeze({
	repeatedKeyWindowSeconds: 3600,
	repeatedKey: 'conflict',
	repeatedKeyStatus: 409,
	badSignatureStatus: 403,
	missingSignatureStatus: 403,
	keyConsumedBeforeValidation: true,
	rateLimitPerMinute: 0,
	loginRateLimitPerMinute: 0,
	trailingSlash: 'accept',
	v2Endpoints: true,
	offsetListCount: 'total',
	cursorEmptyPage: 'null',
	transactionAmountSign: 'signed',
	eventsOrder: 'asc',
	customerIncludesId: false,
	healthAsJson: true,
	visibilityLagMs: 0,
	v2AmountFilterUnit: 'cents',
	v2WireFilter: 'applied',
	v2TransferIds: 'flat',
	duplicateTransferId: 'conflict',
	achDirection: 'debit-pulls',
	onUsUnknownId: 404,
	wireCreateBody: 'none',
	peerToPeerToAccountType: 'COUNTERPARTY',
	subscriptionUpdateStatus: 'reject',
	fullWithdrawalFeeBps: 0,
	wireFeeCents: 2500,
	wireCounterpartyName: 'nameOnAccount',
	counterpartyDuplicate: 'create-another',
	counterpartyVerification: 'verifies',
	counterpartyVerifyAfterMs: 2000,
	counterpartyAccountNumbers: 'full',
	achReturnStatus: 'REJECTED',
	webhookRetryDelaysMs: [250, 1000, 3000],
	webhookTimeoutMs: 5000,
	deliveryNoResponseCode: 0,
	eventTypesOffset: 'echo',
	eventListLagMs: 0,
	eventsAfter: 'exclusive',
} satisfies Assumptions) as Readonly<Assumptions>;

type Rule =
	| { kind: 'choice'; values: readonly (string | number | boolean)[] }
	| { kind: 'int'; min: number; max?: number }
	| { kind: 'string' }
	| { kind: 'intList' };

/** What each switch accepts (checked for startSandbox, the env variable and PUT /_sandbox/config). */
const RULES: { [K in keyof Assumptions]: Rule } = {
	repeatedKeyWindowSeconds: { kind: 'int', min: 0 },
	repeatedKey: { kind: 'choice', values: ['conflict', 'replay'] },
	repeatedKeyStatus: { kind: 'int', min: 100, max: 599 },
	badSignatureStatus: { kind: 'int', min: 100, max: 599 },
	missingSignatureStatus: { kind: 'int', min: 100, max: 599 },
	keyConsumedBeforeValidation: { kind: 'choice', values: [true, false] },
	rateLimitPerMinute: { kind: 'int', min: 0 },
	loginRateLimitPerMinute: { kind: 'int', min: 0 },
	trailingSlash: { kind: 'choice', values: ['accept', 'strict', 'redirect'] },
	v2Endpoints: { kind: 'choice', values: [true, false] },
	offsetListCount: { kind: 'choice', values: ['total', 'page'] },
	cursorEmptyPage: { kind: 'choice', values: ['null', 'omit'] },
	transactionAmountSign: { kind: 'choice', values: ['signed', 'absolute'] },
	eventsOrder: { kind: 'choice', values: ['asc', 'desc'] },
	customerIncludesId: { kind: 'choice', values: [true, false] },
	healthAsJson: { kind: 'choice', values: [true, false] },
	visibilityLagMs: { kind: 'int', min: 0 },
	v2AmountFilterUnit: { kind: 'choice', values: ['cents', 'dollars', 'ignored'] },
	v2WireFilter: { kind: 'choice', values: ['applied', 'ignored'] },
	v2TransferIds: { kind: 'choice', values: ['flat', 'nested', 'absent'] },
	duplicateTransferId: { kind: 'choice', values: ['conflict', 'return-existing', 'execute-again'] },
	achDirection: { kind: 'choice', values: ['debit-pulls', 'credit-pulls'] },
	onUsUnknownId: { kind: 'choice', values: [404, 422] },
	wireCreateBody: { kind: 'choice', values: ['none', 'wire'] },
	peerToPeerToAccountType: { kind: 'string' },
	subscriptionUpdateStatus: { kind: 'choice', values: ['accept', 'reject'] },
	fullWithdrawalFeeBps: { kind: 'int', min: 0, max: 10_000 },
	wireFeeCents: { kind: 'int', min: 0 },
	wireCounterpartyName: { kind: 'choice', values: ['nameOnAccount', 'fedwireLine', 'absent'] },
	counterpartyDuplicate: { kind: 'choice', values: ['create-another', 'conflict'] },
	counterpartyVerification: { kind: 'choice', values: ['verifies', 'fails', 'stays'] },
	counterpartyVerifyAfterMs: { kind: 'int', min: 0 },
	counterpartyAccountNumbers: { kind: 'choice', values: ['full', 'masked'] },
	achReturnStatus: { kind: 'choice', values: ['REJECTED', 'unchanged'] },
	webhookRetryDelaysMs: { kind: 'intList' },
	webhookTimeoutMs: { kind: 'int', min: 1 },
	deliveryNoResponseCode: { kind: 'int', min: 0, max: 599 },
	eventTypesOffset: { kind: 'choice', values: ['echo', 'ignore'] },
	eventListLagMs: { kind: 'int', min: 0 },
	eventsAfter: { kind: 'choice', values: ['exclusive', 'inclusive'] },
};

/** Problems with a (partial) assumptions object; empty = fine. */
export function assumptionProblems(value: unknown): string[] {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return ['assumptions must be a JSON object'];
	const out: string[] = [];
	for (const [key, v] of Object.entries(value)) {
		const rule = (RULES as Record<string, Rule | undefined>)[key];
		if (!rule) {
			out.push(`unknown assumption ${key} (known: ${Object.keys(RULES).join(', ')})`);
			continue;
		}
		const isInt = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x);
		if (rule.kind === 'choice' && !rule.values.includes(v as string)) out.push(`${key} must be one of ${rule.values.map((x) => JSON.stringify(x)).join(' | ')}`);
		if (rule.kind === 'int' && (!isInt(v) || v < rule.min || (rule.max !== undefined && v > rule.max))) {
			out.push(`${key} must be an integer >= ${rule.min}${rule.max !== undefined ? ` and <= ${rule.max}` : ''}`);
		}
		if (rule.kind === 'string' && (typeof v !== 'string' || v === '')) out.push(`${key} must be a non-empty string`);
		if (rule.kind === 'intList' && (!Array.isArray(v) || v.some((x) => !isInt(x) || x < 0))) out.push(`${key} must be a list of integers >= 0`);
	}
	return out;
}

export function resolveAssumptions(overrides?: Partial<Assumptions>): Assumptions {
	const problems = overrides ? assumptionProblems(overrides) : [];
	if (problems.length) throw new Error(`invalid sandbox assumptions: ${problems.join('; ')}`);
	return { ...DEFAULT_ASSUMPTIONS, ...(overrides ?? {}), webhookRetryDelaysMs: [...(overrides?.webhookRetryDelaysMs ?? DEFAULT_ASSUMPTIONS.webhookRetryDelaysMs)] };
}

/** Merges checked overrides into a live assumptions object (PUT /_sandbox/config). */
export function mergeAssumptions(live: Assumptions, overrides: Partial<Assumptions>): void {
	const problems = assumptionProblems(overrides);
	if (problems.length) throw new Error(problems.join('; '));
	Object.assign(live, overrides);
	if (overrides.webhookRetryDelaysMs) live.webhookRetryDelaysMs = [...overrides.webhookRetryDelaysMs];
}

/** Reads JIKO_SANDBOX_ASSUMPTIONS (JSON object of switches) if set. */
export function assumptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<Assumptions> | undefined {
	const raw = env.JIKO_SANDBOX_ASSUMPTIONS;
	if (!raw) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw);
	} catch (err: unknown) {
		throw new Error(`JIKO_SANDBOX_ASSUMPTIONS is not JSON: ${(err as Error).message}`);
	}
	const problems = assumptionProblems(parsed);
	if (problems.length) throw new Error(`JIKO_SANDBOX_ASSUMPTIONS: ${problems.join('; ')}`);
	return parsed as Partial<Assumptions>;
}
