import { createHmac, timingSafeEqual } from 'crypto';

import { uuidV5 } from '../../core/uuid';

/**
 * Jiko signs a webhook delivery differently from API requests: one header,
 * x-jiko-signature = base64(HMAC-SHA256(the subscription's shared secret, raw body bytes)).
 * No idempotency key, path or timestamp enters it. The one place this scheme lives.
 * Verifies over the bytes received, never over re-serialized JSON; constant time.
 */
export function verifyJikoDelivery(rawBody: Buffer | undefined, signature: unknown, secret: unknown): boolean {
	if (!Buffer.isBuffer(rawBody) || typeof signature !== 'string' || typeof secret !== 'string' || secret === '') {
		return false; // fail closed: nothing to verify means not verified
	}
	const expected = createHmac('sha256', secret).update(rawBody).digest();
	const given = Buffer.from(signature.trim(), 'base64');
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/**
 * The subscription's shared secret, derived, never stored: HMAC-SHA256(the credential's Shared
 * Secret, "jiko-trigger:v1:" + workflow id + ":" + node id + ":" + nonce), base64url (43
 * characters; Jiko asks for at least 16). The nonce is random per activation and kept in the
 * workflow's static data; the workflow id and node id are in the workflow too. Someone who can
 * read the workflow but not the credential knows all three inputs but the key, so cannot sign a
 * delivery. The same derivation runs at activation (to give Jiko the secret) and on every
 * delivery (to check its signature), in whichever n8n process receives it.
 */
export function deriveDeliverySecret(credentialSecret: string, workflowId: string, nodeId: string, nonce: string): string {
	if (!credentialSecret || !workflowId || !nodeId || !nonce) {
		throw new TypeError('deriveDeliverySecret: credential secret, workflow id, node id and nonce are all required');
	}
	return createHmac('sha256', credentialSecret)
		.update(`jiko-trigger:v1:${workflowId}:${nodeId}:${nonce}`, 'utf8')
		.digest('base64url');
}

/** A short, one-way fingerprint of a derived secret (kept in static data): tells at the next
 * activation whether the credential's Shared Secret changed since the subscription was made. */
export function secretFingerprint(secret: string): string {
	return createHmac('sha256', secret).update('jiko-trigger:v1:fingerprint', 'utf8').digest('hex').slice(0, 16);
}

/*
 * Fixed namespace of the claim keys (UUID v5). Public, not a secret; never change it, or keys
 * derived before and after a change would differ and one event could be claimed twice.
 */
const CLAIM_NAMESPACE = '6a0f3f0e-5c55-4a8e-9d7b-2f4b8f1c7e21';

/** The x-jiko-idempotency key that claims one event for one trigger node: every n8n process
 * derives the same key for the same delivery, so Jiko's repeated-request check lets one win. */
export function claimKey(workflowId: string, nodeId: string, eventId: string): string {
	return uuidV5(`jiko-trigger-claim:v1:${workflowId}:${nodeId}:${eventId}`, CLAIM_NAMESPACE);
}

/** Accept Events For (Minutes): bounds, default. Jiko remembers an idempotency key for one
 * hour; the window plus the allowed clock difference must stay inside it. */
export const ACCEPT_MINUTES = { min: 5, default: 50, max: 55 };
/** How far an event's timestamp may lie in the future (clock difference n8n ↔ Jiko). */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface JikoEvent {
	event_id: string;
	event_type: string;
	timestamp: string;
	payload: Record<string, unknown>;
}

export type Refusal = { status: number; reason: string };
export type ReadResult = { ok: true; event: JikoEvent; timestampMs: number } | ({ ok: false } & Refusal);

function refuse(status: number, reason: string): { ok: false } & Refusal {
	return { ok: false, status, reason };
}

/** ISO-8601 date-time to epoch ms; one without a zone is read as UTC (Jiko's clock), never as
 * the n8n server's local time, which would shift the event's age by hours. */
export function parseTimestamp(text: string): number {
	const value = text.trim();
	if (!/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/.test(value)) return NaN;
	const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
	return Date.parse(zoned.replace(' ', 'T'));
}

/**
 * Reads a verified delivery body. Anything but a JSON object with a string `event_id`, a string
 * `event_type`, a parseable `timestamp` and an object (or absent) `payload` is refused with a
 * reason: a signed body that is not an event is a bug or an attack, never a workflow run.
 */
export function readDelivery(rawBody: Buffer): ReadResult {
	if (rawBody.length === 0) return refuse(400, 'The body is empty: a Jiko delivery is a JSON event');
	let parsed: unknown;
	try {
		parsed = JSON.parse(rawBody.toString('utf8'));
	} catch {
		return refuse(400, 'The body is not JSON: a Jiko delivery is a JSON event');
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		return refuse(400, 'The body is not a JSON object: a Jiko delivery is an event object');
	}
	const body = parsed as Record<string, unknown>;
	const eventId = body.event_id;
	if (typeof eventId !== 'string' || eventId.trim() === '' || eventId.length > 200) {
		return refuse(400, 'event_id must be a non-empty string');
	}
	if (typeof body.event_type !== 'string' || body.event_type === '') {
		return refuse(400, 'event_type must be a non-empty string');
	}
	const timestampMs = typeof body.timestamp === 'string' ? parseTimestamp(body.timestamp) : NaN;
	if (!Number.isFinite(timestampMs)) {
		return refuse(400, 'timestamp must be an ISO-8601 date-time');
	}
	const payload = body.payload ?? {};
	if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
		return refuse(400, 'payload must be an object');
	}
	return {
		ok: true,
		event: {
			event_id: eventId,
			event_type: body.event_type,
			timestamp: body.timestamp as string,
			payload: payload as Record<string, unknown>,
		},
		timestampMs,
	};
}

/**
 * Events older than the window are refused by age, forever, with no store: Jiko signs the
 * timestamp inside the body. Within the window, Jiko's repeated-request check (one hour) stops a
 * second acceptance. A timestamp too far in the future means the clocks disagree, which would
 * stretch the window past Jiko's hour: refused too.
 */
export function checkAge(timestampMs: number, nowMs: number, acceptMinutes: number): Refusal | undefined {
	const ageMs = nowMs - timestampMs;
	if (ageMs > acceptMinutes * 60_000) {
		return {
			status: 422,
			reason: `The event is ${Math.round(ageMs / 60_000)} minutes old; this trigger accepts events for ${acceptMinutes} minutes (Accept Events For)`,
		};
	}
	if (-ageMs > CLOCK_SKEW_MS) {
		return {
			status: 422,
			reason: `The event's timestamp is ${Math.round(-ageMs / 60_000)} minutes in the future: check the n8n server's clock`,
		};
	}
	return undefined;
}

export interface RetryPolicy {
	retry_on_status_codes: number[];
	backoff_coefficient: number;
	maximum_attempts: number;
	initial_interval_seconds: number;
	maximum_interval_seconds: number;
}

/** Statuses the trigger answers when it could not take a delivery yet: Jiko should try again.
 * 0 = no answer (refused connection, timeout). Its refusals (400, 401, 422) are final. */
export const RETRY_ON_STATUS_CODES = [0, 408, 429, 500, 502, 503, 504];
/** Time one delivery attempt may take at Jiko (its timeout is undocumented): counted per attempt. */
export const ATTEMPT_ALLOWANCE_SECONDS = 30;
/** Kept free at the end of the window (delivery, claim and start of the run). */
export const WINDOW_MARGIN_SECONDS = 120;

/**
 * The subscription's retry policy: Jiko's last retry must still arrive inside the window, or an
 * event would be refused as too old before it ever ran. Exponential from 30 s, doubling, capped
 * at 10 minutes between attempts; as many attempts as fit. `maximum_attempts` is read as
 * including the first delivery (as in Temporal, whose field names these are); if Jiko counts
 * only retries, the horizon still fits because one more interval is budgeted below.
 */
export function retryPolicyFor(acceptMinutes: number): RetryPolicy {
	const policy = (attempts: number): RetryPolicy => ({
		retry_on_status_codes: [...RETRY_ON_STATUS_CODES],
		backoff_coefficient: 2,
		maximum_attempts: attempts,
		initial_interval_seconds: 30,
		maximum_interval_seconds: 600,
	});
	const budget = acceptMinutes * 60 - WINDOW_MARGIN_SECONDS;
	let attempts = 1;
	// Budget one attempt beyond maximum_attempts (see above).
	while (attempts < 20 && retryHorizonSeconds(policy(attempts + 1), 1) <= budget) attempts++;
	return policy(attempts);
}

/** Seconds from the first delivery attempt to the end of the last one Jiko may make, with
 * `extraAttempts` more than `maximum_attempts` (1 if Jiko counts retries only). */
export function retryHorizonSeconds(policy: RetryPolicy, extraAttempts = 0): number {
	let total = ATTEMPT_ALLOWANCE_SECONDS;
	let interval = policy.initial_interval_seconds;
	for (let attempt = 2; attempt <= policy.maximum_attempts + extraAttempts; attempt++) {
		total += interval + ATTEMPT_ALLOWANCE_SECONDS;
		interval = Math.min(interval * policy.backoff_coefficient, policy.maximum_interval_seconds);
	}
	return total;
}

/**
 * This process's memory of recent claims: a fast path only (a copy arriving at the process that
 * already took the event is answered without asking Jiko). Never the guarantee: other processes
 * and restarts do not see it. Bounded in size and age.
 */
export class RecentClaims {
	private readonly entries = new Map<string, number>();

	constructor(private readonly max = 10_000) {}

	has(key: string, nowMs: number, ttlMs: number): boolean {
		const at = this.entries.get(key);
		if (at === undefined) return false;
		if (nowMs - at > ttlMs) {
			this.entries.delete(key);
			return false;
		}
		return true;
	}

	add(key: string, nowMs: number): void {
		this.entries.delete(key);
		this.entries.set(key, nowMs);
		while (this.entries.size > this.max) {
			const oldest = this.entries.keys().next().value as string;
			this.entries.delete(oldest);
		}
	}

	delete(key: string): void {
		this.entries.delete(key);
	}

	get size(): number {
		return this.entries.size;
	}
}
