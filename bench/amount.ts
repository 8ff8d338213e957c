/*
 * Hostile amounts: how long the amount parser takes to answer input nobody types by hand,
 * e.g. a webhook body whose "amount" is 200,000 digits. Before the length limit and the
 * non-backtracking patterns, 160,000 digits took 22–40 s and froze n8n's main process.
 *
 * Run alone with `npm run bench` after wiring, or call `benchHostileAmounts()` from run.ts.
 * The figure is the slowest of many runs, against a budget of 10 ms per input.
 */
import { performance } from 'node:perf_hooks';

import { AmountError, centsFromInteger, dollarsToCents } from '../core/amount';

export const HOSTILE_AMOUNT_BUDGET_MS = 10;

const LENGTH = 200_000;

/** Inputs that made the old parser backtrack, and their neighbours. */
export const HOSTILE_AMOUNTS: Array<{ name: string; text: string; parse: (text: string) => number }> = [
	{ name: '200,000 digits + "x" (dollars)', text: `${'1'.repeat(LENGTH - 1)}x`, parse: (t) => dollarsToCents(t) },
	{ name: '200,000 digits, dots and commas (dollars)', text: '1.,'.repeat(LENGTH / 3).padEnd(LENGTH, '1'), parse: (t) => dollarsToCents(t) },
	{ name: '200,000 digits + "e" (dollars)', text: `${'9'.repeat(LENGTH - 1)}e`, parse: (t) => dollarsToCents(t) },
	{ name: '200,000 spaces around "12.50" (dollars)', text: `${' '.repeat(LENGTH / 2)}12.50${' '.repeat(LENGTH / 2)}`, parse: (t) => dollarsToCents(t) },
	{ name: '200,000 digits (Amount in Cents)', text: '9'.repeat(LENGTH), parse: (t) => centsFromInteger(t) },
];

export interface HostileAmountFigure {
	name: string;
	length: number;
	worstMs: number;
	medianMs: number;
	refusedAs: string;
}

/** Times each hostile input `runs` times; every one must be refused (an AmountError). */
export function measureHostileAmounts(runs = 50): HostileAmountFigure[] {
	return HOSTILE_AMOUNTS.map(({ name, text, parse }) => {
		const times: number[] = [];
		let refusedAs = 'accepted';
		for (let i = 0; i < runs; i++) {
			const start = performance.now();
			try {
				parse(text);
			} catch (error) {
				if (!(error instanceof AmountError)) throw error;
				refusedAs = error.reason;
			}
			times.push(performance.now() - start);
		}
		times.sort((a, b) => a - b);
		return { name, length: text.length, worstMs: times[times.length - 1], medianMs: times[Math.floor(times.length / 2)], refusedAs };
	});
}

/** Prints one line per input and fails the run when one is accepted or over budget. */
export function benchHostileAmounts(): void {
	for (const figure of measureHostileAmounts()) {
		const ok = figure.refusedAs !== 'accepted' && figure.worstMs < HOSTILE_AMOUNT_BUDGET_MS;
		console.log(
			`${`amount: ${figure.name}`.padEnd(60)} worst ${figure.worstMs.toFixed(3).padStart(7)} ms  median ${figure.medianMs.toFixed(3).padStart(7)} ms  budget ${HOSTILE_AMOUNT_BUDGET_MS} ms  refused as ${figure.refusedAs}${ok ? '' : '  ✗'}`,
		);
		if (!ok) process.exitCode = 1;
	}
}

if (require.main === module) benchHostileAmounts();
