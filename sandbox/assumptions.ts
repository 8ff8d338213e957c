/**
 * Every place where Jiko's public documentation is silent and the sandbox had to pick a
 * behaviour. Each one is a named, switchable option (pass `assumptions` to `startSandbox`);
 * `sandbox/ASSUMPTIONS.md` explains the reasoning. Nothing else in the sandbox hard-codes
 * these choices.
 */
export interface Assumptions {
	/** Jiko: a request is "repeated" if its x-jiko-idempotency key was used in the past 1 hour. */
	repeatedKeyWindowSeconds: number;
	/** Status for a repeated key. Undocumented by Jiko; 409 Conflict here. */
	repeatedKeyStatus: number;
	/** Status for a signature that does not match. Undocumented; 403 here. */
	badSignatureStatus: number;
	/** Status when x-jiko-signature is absent. The OpenAPI marks it a required header (FastAPI
	 * would answer 422); the sandbox treats it like a wrong signature (403). */
	missingSignatureStatus: number;
	/** Whether a request that passed the signature check but then failed route validation has
	 * consumed its idempotency key (true: the key is recorded before route validation). */
	keyConsumedBeforeValidation: boolean;
	/** `strict`: a path without its trailing slash is 404 (the slash is part of the signed path).
	 * `redirect`: answer 307 to the slashed path, as FastAPI's redirect_slashes would. */
	trailingSlash: 'accept' | 'strict' | 'redirect';
	/** Offset lists: `count` = total matching items (`total`) or items on this page (`page`). */
	offsetListCount: 'total' | 'page';
	/** Cursor lists: the absent page is `null` (`null`) or the key is left out (`omit`). */
	cursorEmptyPage: 'null' | 'omit';
	/** Transaction `amount.value`: negative for money out (`signed`) or always positive (`absolute`). */
	transactionAmountSign: 'signed' | 'absolute';
	/** Order of GET /api/v1/events/: oldest first (`asc`, suits polling with `after`) or newest first. */
	eventsOrder: 'asc' | 'desc';
	/** Whether customer objects carry their `id` (the OpenAPI Individual/Business schemas have none). */
	customerIncludesId: boolean;
	/** GET /health body: the JSON string "OK" (FastAPI with the documented JSON schema) or plain text. */
	healthAsJson: boolean;
	/** Requests per minute per token on the signed API; 0 = unlimited (Partner API documents none).
	 * When > 0, excess requests get 429 + Retry-After + X-RateLimit-* like Jiko's Customer API. */
	rateLimitPerMinute: number;
	/** Delays between webhook delivery attempts (ms). Attempts = 1 + this array's length. */
	webhookRetryDelaysMs: number[];
	/** Timeout of one webhook delivery attempt (ms). */
	webhookTimeoutMs: number;
	/** `response_code` recorded for an attempt that got no HTTP answer (refused, timed out). */
	deliveryNoResponseCode: number;
	/** A create with an on-us `transfer_id` / `wire_id` that already exists never moves money
	 * twice. `conflict`: 409 {"detail":"transfer_id already exists"}; `return-existing`: 200 with
	 * the existing object (wires: the existing wire). Jiko documents neither. */
	duplicateTransferId: 'conflict' | 'return-existing';
	/** AUM fee of a FULL_WITHDRAWAL on-us transfer, in basis points of the amount (0 = none).
	 * Jiko lists fees "deducted" but documents no rate. Other transfers have no fee. */
	fullWithdrawalFeeBps: number;
	/** Fee of an outgoing wire in cents, booked as a WIRE_FEE transaction (Jiko's rate is per contract). */
	wireFeeCents: number;
}

export const DEFAULT_ASSUMPTIONS: Readonly<Assumptions> = Object.freeze({
	repeatedKeyWindowSeconds: 3600,
	repeatedKeyStatus: 409,
	badSignatureStatus: 403,
	missingSignatureStatus: 403,
	keyConsumedBeforeValidation: true,
	trailingSlash: 'accept',
	offsetListCount: 'total',
	cursorEmptyPage: 'null',
	transactionAmountSign: 'signed',
	eventsOrder: 'asc',
	customerIncludesId: false,
	healthAsJson: true,
	rateLimitPerMinute: 0,
	webhookRetryDelaysMs: [250, 1000, 3000],
	webhookTimeoutMs: 5000,
	deliveryNoResponseCode: 0,
	duplicateTransferId: 'conflict',
	fullWithdrawalFeeBps: 0,
	wireFeeCents: 2500,
} satisfies Assumptions);

export function resolveAssumptions(overrides?: Partial<Assumptions>): Assumptions {
	return { ...DEFAULT_ASSUMPTIONS, ...(overrides ?? {}), webhookRetryDelaysMs: [...(overrides?.webhookRetryDelaysMs ?? DEFAULT_ASSUMPTIONS.webhookRetryDelaysMs)] };
}
