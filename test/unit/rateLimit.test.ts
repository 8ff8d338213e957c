import { MIN_RATE_LIMIT_WAIT_MS, rateLimitWaitMs } from '../../core/rateLimit';
import { closeGate, resetRateGates, waitForGate } from '../../nodes/Jiko/transport/rateLimit';

const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('rate-limit wait after a 429', () => {
	it.each([
		['0', 1_000],
		['0.001', 1_000],
		['Mon, 30 Nov 2026 11:00:00 GMT', 1_000], // in the past
		['Mon, 30 Nov 2026 12:00:00 GMT', 1_000], // now
		['1', 1_000],
		['3', 3_000],
		['Mon, 30 Nov 2026 12:00:07 GMT', 7_000],
	])('Retry-After %s → %i ms (never less than 1 s)', (retryAfter, ms) => {
		expect(MIN_RATE_LIMIT_WAIT_MS).toBe(1_000);
		expect(rateLimitWaitMs(retryAfter, NOW)).toBe(ms);
	});

	it.each([[undefined], [''], ['soon']])('Retry-After %p says nothing: undefined (the backoff schedule applies)', (retryAfter) => {
		expect(rateLimitWaitMs(retryAfter, NOW)).toBeUndefined();
	});
});

describe('the shared rate-limit gate, within a request total', () => {
	beforeEach(() => resetRateGates());
	const KEY = 'http://jiko.test|partner';

	it('an open gate: no wait', async () => {
		await expect(waitForGate(KEY, 0)).resolves.toEqual({ waitedMs: 0 });
	});

	it('a gate that opens later than the request may wait: refused at once, with when it opens', async () => {
		const until = Date.now() + 60_000;
		closeGate(KEY, until);
		const started = Date.now();
		await expect(waitForGate(KEY, 5_000)).resolves.toEqual({ waitedMs: 0, refusedUntil: until });
		await expect(waitForGate(KEY, 0)).resolves.toEqual({ waitedMs: 0, refusedUntil: until });
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('a timer that fires a millisecond early does not turn a wait that fitted into a refusal', async () => {
		// The clock as the gate reads it: 1000 at the start, 1099 when the 100 ms sleep ends (one
		// millisecond early), then 1100. The whole total (100 ms) is exactly the wait asked for.
		const clock = [1_000, 1_000, 1_099];
		const now = () => clock.shift() ?? 1_100;
		closeGate(KEY, 1_100);
		expect(await waitForGate(KEY, 100, now)).toEqual({ waitedMs: 100 });
	});

	it('a gate within the total is waited out', async () => {
		closeGate(KEY, Date.now() + 200);
		const started = Date.now();
		const waited = await waitForGate(KEY, 1_000);
		expect(waited.refusedUntil).toBeUndefined();
		expect(waited.waitedMs).toBeGreaterThan(150);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});

	it('closed further while waiting, past the total: refused then, having waited what it did', async () => {
		closeGate(KEY, Date.now() + 200);
		setTimeout(() => closeGate(KEY, Date.now() + 10_000), 100);
		const waited = await waitForGate(KEY, 1_000);
		expect(waited.refusedUntil).toBeGreaterThan(Date.now() + 9_000);
		expect(waited.waitedMs).toBeGreaterThan(150);
		expect(waited.waitedMs).toBeLessThanOrEqual(1_000);
	});
});
