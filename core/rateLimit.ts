/** Waiting out Jiko's 429s: the longest total wait for one request unless the credential says otherwise. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 300;

/**
 * The shortest pause after a 429, and the wait when Jiko gives no readable Retry-After. Jiko
 * documents neither; without a floor, `Retry-After: 0` (or a past date, or 0.001) would make a
 * request ask again at once, again and again, without ever using up its total wait.
 */
export const MIN_RATE_LIMIT_WAIT_MS = 1_000;

/**
 * How long a 429 asks us to wait, from Retry-After (seconds or an HTTP date); undefined when
 * Jiko did not say. The caller bounds the total wait.
 */
export function retryAfterMs(retryAfter: string | undefined, now = Date.now()): number | undefined {
	if (!retryAfter || retryAfter.trim() === '') return undefined;
	const seconds = Number(retryAfter);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
	const date = Date.parse(retryAfter);
	if (Number.isFinite(date)) return Math.max(0, date - now);
	return undefined;
}

/**
 * How long a request waits after a 429 that says when to come back: as Jiko asks, but never
 * less than MIN_RATE_LIMIT_WAIT_MS, so every rate-limited attempt uses up part of the request's
 * total wait. Undefined when Jiko did not say (the caller's own schedule applies).
 */
export function rateLimitWaitMs(retryAfter: string | undefined, now = Date.now()): number | undefined {
	const advised = retryAfterMs(retryAfter, now);
	return advised === undefined ? undefined : Math.max(MIN_RATE_LIMIT_WAIT_MS, advised);
}

/**
 * How long a rate-limited login waits before it tries again: as Jiko asks, else 1 s. The login
 * has no backoff schedule of its own (the transport's requests do), so a 429 without a readable
 * Retry-After waits one second and counts against the login's attempts and total wait.
 */
export function loginWaitMs(retryAfter: string | undefined, now = Date.now()): number {
	// The same floor as every other request: `Retry-After: 0` must not make the login ask again
	// at once, again and again.
	return rateLimitWaitMs(retryAfter, now) ?? MIN_RATE_LIMIT_WAIT_MS;
}
