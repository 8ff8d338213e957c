/** Waiting out Jiko's 429s: the longest total wait for one request unless the credential says otherwise. */
export const DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS = 300;

/** Retry-After in ms: seconds or an HTTP date; 1 s when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number {
	if (value === undefined || value.trim() === '') return 1000;
	const seconds = Number(value);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(value);
	return Number.isFinite(date) ? Math.max(0, date - now) : 1000;
}
