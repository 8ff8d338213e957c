import { sleep } from 'n8n-workflow';

import { headerValue } from '../../../core/failure';

/**
 * One view of Jiko's rate limit per Jiko account (base URL + username), shared by every item,
 * every parallel request and every execution in this n8n process: when Jiko says "come back
 * in N seconds" (429 + Retry-After) or "no requests left until reset" (X-RateLimit-Remaining 0),
 * every request to that Jiko waits instead of spending its own attempts on more 429s.
 */
const gates = new Map<string, number>();

// Never more than a few accounts per process; the bound only keeps a long-lived process tidy.
const MAX_GATES = 100;

export function rateGateKey(baseURL: string, username: unknown): string {
	return `${baseURL}|${String(username ?? '')}`;
}

/** What waiting at the gate came to: how long it waited (ms), and, when the gate opens later
 * than the caller may wait, when it opens (epoch ms). */
export interface GateWait {
	waitedMs: number;
	refusedUntil?: number;
}

/**
 * Waits until the gate opens, but never past `maxWaitMs` in all: a gate that opens later (a
 * reset up to an hour away, another request's Retry-After) is refused at once, without
 * waiting, so a request with a small budget (a credential's 0, a webhook delivery's claim)
 * fails instead of being held. Another request may close the gate further meanwhile: it is
 * checked again after every wait.
 */
export async function waitForGate(key: string, maxWaitMs: number, now = Date.now): Promise<GateWait> {
	// Judged against a deadline, and counted as the time the gate asked for: a timer that fires a
	// millisecond early (or a busy machine that wakes late) neither refuses a wait that fitted nor
	// charges the request for the machine's slowness.
	const startedAt = now();
	const deadline = startedAt + maxWaitMs;
	let waitedMs = 0;
	for (;;) {
		const until = gates.get(key) ?? 0;
		const current = now();
		if (until <= current) return { waitedMs };
		if (until > deadline) return { waitedMs, refusedUntil: until };
		await sleep(until - current);
		waitedMs = until - startedAt;
	}
}

/** Closes the gate until `untilMs` (never shortens an existing closure). */
export function closeGate(key: string, untilMs: number): void {
	if ((gates.get(key) ?? 0) >= untilMs) return;
	if (!gates.has(key) && gates.size >= MAX_GATES) {
		const oldest = gates.keys().next().value;
		if (oldest !== undefined) gates.delete(oldest);
	}
	gates.set(key, untilMs);
}

/** From a successful answer's headers: when nothing is left in this window, wait for its reset. */
export function gateFromHeaders(key: string, headers: unknown, now = Date.now()): void {
	const remaining = headerNumber(headers, 'x-ratelimit-remaining');
	const reset = headerNumber(headers, 'x-ratelimit-reset');
	if (remaining === 0 && reset !== undefined && reset > 0) {
		// Jiko's Customer API sends the seconds until the window resets; an epoch value would be
		// far in the future, so anything above an hour is read as epoch seconds.
		const untilMs = reset > 3_600 ? reset * 1_000 : now + reset * 1_000;
		closeGate(key, Math.min(untilMs, now + 3_600_000));
	}
}

function headerNumber(headers: unknown, name: string): number | undefined {
	const value = headerValue(headers, name);
	if (value === undefined || value.trim() === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** For tests: forget every closure. */
export function resetRateGates(): void {
	gates.clear();
}
