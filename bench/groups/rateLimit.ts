/*
 * Rate limits: Pocket Gets with Parallel Requests 8 against a sandbox that makes the node wait,
 * with Continue On Fail on so that a failed item shows as an error item instead of stopping
 * the run. Figure: wall time ÷ the least time the limit allows, and the failed items.
 *
 * 1. Jiko's Customer-API-style limit (assumption rateLimitPerMinute = 300, a fixed one-minute
 *    window per token, X-RateLimit-Remaining/Reset on every answer, 429 + Retry-After beyond):
 *    400 items, so the last 100 must wait for the next window. Least time = the window (60 s
 *    from the first request) + the time the last 100 items take without a limit (measured in
 *    an unlimited run of the same 400 items, scaled). One run: it takes a minute (full run only).
 * 2. Short 429s (fault injection: the first 8 Pocket Gets answered 429 with Retry-After 5 s):
 *    8 parallel requests can take all 8 refusals in one wave, so the least time is one wait
 *    of 5 s and then the items without a limit. Measured, not computed: the baseline run
 *    sleeps 5 s inside its timed span and then runs unlimited (on a busy machine, work right
 *    after an idle pause is slower than work right after work; the baseline pays that too).
 *    Interleaved with the limited runs, repeated. What the node loses here is a constant
 *    (the requests before the 429s, a slower restart: about 0.1–0.3 s), so the ratio depends
 *    on the wait: with Retry-After 2 s the same excess read as 1.13× in a run on 2026-11-29.
 * A fresh credential (a new login, so a new token and a fresh window) for every limited run.
 */
import { performance } from 'node:perf_hooks';

import { fmt, interleaved, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, credentialsFor, emptyItems, pocketGets, runJiko, warmUp } from '../jiko';
import { withSandbox, type ChildSandbox } from '../sandbox';

const PARALLEL = 8;
const WINDOW_MS = 60_000;

const signed = (ms: number) => `${ms < 0 ? '−' : '+'}${fmt(Math.abs(ms), 0)}`;

interface LimitedRun {
	ms: number;
	failed: number;
	refusals: number;
}

/** One timed run with a fresh credential; `prepare` runs after its login, before the clock
 * starts; `pauseMs` is slept inside the timed span, before the run. */
async function timedRun(sandbox: ChildSandbox, items: number, pocketId: string, prepare?: () => Promise<void>, pauseMs = 0): Promise<LimitedRun> {
	const credentials = credentialsFor(sandbox.url);
	await warmUp(credentials, pocketId); // logs in: a new token (a new window)
	await prepare?.();
	const before = await sandbox.stats();
	const faultsBefore = await sandbox.faultStats();
	const start = performance.now();
	if (pauseMs) await new Promise((resolve) => setTimeout(resolve, pauseMs));
	const { run, failedItems } = await runJiko(credentials, pocketGets(pocketId, PARALLEL), emptyItems(items), true);
	const ms = performance.now() - start;
	const after = await sandbox.stats();
	const faultsAfter = await sandbox.faultStats();
	const wrong = run.items.filter((item) => item.json.id !== pocketId).length;
	const refusals = after.rejected.rateLimited - before.rejected.rateLimited + faultsAfter.rateLimited - faultsBefore.rateLimited;
	return { ms, failed: Math.max(failedItems, wrong), refusals };
}

export const group: FigureGroup = {
	id: 'ratelimit',
	title: 'Rate limits: wall time vs the least time the limit allows, failed items',
	estimateSeconds: 120,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const pocketId = DEMO_IDS.customers.ada.pockets.main;
		const figures: FigureInput[] = [];

		if (!ctx.quick) {
			const limit = 300;
			const items = 400;
			await withSandbox({}, async (sandbox) => {
				const free = await timedRun(sandbox, items, pocketId); // also the warm-up
				const free2 = await timedRun(sandbox, items, pocketId);
				ctx.log(`ratelimit window: ${items} items, ${limit} per minute (about a minute)…`);
				// the limit starts after the login's Pocket Get, so the window opens with the run
				const limited = await timedRun(sandbox, items, pocketId, () => sandbox.config({ assumptions: { rateLimitPerMinute: limit } }));
				await sandbox.config({ assumptions: { rateLimitPerMinute: 0 } });
				const free3 = await timedRun(sandbox, items, pocketId);
				const windows = Math.ceil(items / limit);
				const freeMs = median([free.ms, free2.ms, free3.ms]);
				const least = (windows - 1) * WINDOW_MS + (freeMs * (items - (windows - 1) * limit)) / items;
				ctx.log(`ratelimit window: ${fmt(limited.ms / 1000, 2)} s, least ${fmt(least / 1000, 2)} s, ${limited.refusals} 429s, ${limited.failed} failed`);
				figures.push({
					name: `${items} items, ${limit} requests/minute window: wall ÷ least time the window allows`,
					ratio: limited.ms / least,
					target: { op: '<=', value: 1.05, source: 'acceptance' },
					detail: `${fmt(limited.ms / 1000, 2)} s vs ${fmt(least / 1000, 2)} s (a ${WINDOW_MS / 1000} s window + ${items - (windows - 1) * limit} items unlimited: ${fmt(freeMs, 0)} ms per ${items}); ${limited.refusals} answers 429, ${limited.failed} failed items (one run)`,
					...(limited.failed ? { failure: `${limited.failed} failed items` } : {}),
				});
			});
		}

		const items = ctx.quick ? 200 : 400;
		const reps = ctx.quick ? 3 : 5;
		const refusals = PARALLEL;
		const retryAfterSeconds = 5;
		const waves = Math.ceil(refusals / PARALLEL);
		await withSandbox({}, async (sandbox) => {
			await timedRun(sandbox, items, pocketId); // warm-up
			const runs = await interleaved(reps, {
				free: () => timedRun(sandbox, items, pocketId, undefined, waves * retryAfterSeconds * 1000),
				limited: async () => {
					try {
						return await timedRun(sandbox, items, pocketId, () => sandbox.faults({ rateLimit: { count: refusals, retryAfterSeconds, paths: [`/api/v2/pockets/${pocketId}/`] } }));
					} finally {
						await sandbox.faults(null);
					}
				},
			}, (name, rep, r) => ctx.log(`ratelimit short 429s: ${name === 'free' ? 'pause + unlimited' : 'limited'} #${rep + 1} ${fmt(r.ms, 0)} ms, ${r.refusals} 429s, ${r.failed} failed`));
			const least = runs.free.map((f) => f.ms);
			const failed = runs.limited.reduce((n, r) => n + r.failed, 0);
			figures.push({
				name: `${items} items, the first ${refusals} answered 429 + Retry-After ${retryAfterSeconds} s: wall ÷ least time`,
				ratio: ratios(runs.limited.map((r) => r.ms), least),
				target: { op: '<=', value: 1.05, source: 'acceptance' },
				detail: `${fmt(median(runs.limited.map((r) => r.ms)), 0)} ms vs ${fmt(median(least), 0)} ms (a ${waves * retryAfterSeconds} s pause, then the same items unlimited): ${signed(median(runs.limited.map((r, i) => r.ms - least[i])))} ms (median of the differences); ${median(runs.limited.map((r) => r.refusals))} answers 429 per run, ${failed} failed items`,
				...(failed ? { failure: `${failed} failed items` } : {}),
			});
		});
		return figures;
	},
};
