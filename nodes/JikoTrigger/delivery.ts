import { createHmac, timingSafeEqual } from 'crypto';

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

/** How many delivered event ids a trigger remembers to refuse replays (nothing time-bound is signed). */
export const REMEMBERED_EVENTS = 1000;

/**
 * Records an event id; false when it was already seen. Bounded, oldest forgotten first.
 * `seen` is the list kept in the workflow's static data (it survives restarts).
 */
export function rememberEvent(seen: string[], eventId: string, max = REMEMBERED_EVENTS): boolean {
	if (seen.includes(eventId)) return false;
	seen.push(eventId);
	if (seen.length > max) seen.splice(0, seen.length - max);
	return true;
}
