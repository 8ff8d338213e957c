/** Waiting out Jiko's 429s: the longest total wait for one request unless the credential says otherwise. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 300;

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
 * How long a rate-limited login waits before it tries again: as Jiko asks, else 1 s. The login
 * has no backoff schedule of its own (the transport's requests do), so a 429 without a readable
 * Retry-After waits one second and counts against the login's attempts and total wait.
 */
export function loginWaitMs(retryAfter: string | undefined, now = Date.now()): number {
	return retryAfterMs(retryAfter, now) ?? 1_000;
}
