/*
 * The small framework behind `npm run bench`: repeated, interleaved runs; every figure is a
 * ratio with its median and spread over the repetitions, a target and a verdict.
 *
 * A figure group is a module exporting `group: FigureGroup` (see bench/groups.ts). Groups get
 * a BenchContext with the mode (full or --quick) and helpers; they return their figures.
 */
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';

export type Verdict = 'PASS' | 'MISS' | 'info';

export interface Target {
	op: '<=' | '>=' | '==';
	value: number;
	/** where the target comes from, e.g. "acceptance" or "Today's Jiko API" */
	source?: string;
}

/** Values of one quantity over the repetitions. */
export interface Sample {
	values: number[];
	median: number;
	min: number;
	max: number;
	/** 25th and 75th percentiles (linear interpolation) */
	q1: number;
	q3: number;
}

export interface Figure {
	group: string;
	/** what the ratio is, in words: "engine / raw keep-alive loop, wall time per request" */
	name: string;
	ratio: Sample;
	/** "×" (default), "%", "KB", "requests"... */
	unit?: string;
	decimals?: number;
	target?: Target;
	/** the numbers behind the ratio, for people: "engine 2.10 ms/request, raw 0.88 ms/request" */
	detail?: string;
	verdict: Verdict;
}

export interface BenchContext {
	quick: boolean;
	/** prints a progress line (stderr, so the table on stdout stays clean) */
	log(message: string): void;
}

export interface FigureGroup {
	/** short id used by --only */
	id: string;
	title: string;
	/** seconds a full run takes on the reference machine (for the progress line only) */
	estimateSeconds?: number;
	/** groups that take minutes can be left out of --quick */
	skipInQuick?: boolean;
	run(ctx: BenchContext): Promise<FigureInput[]>;
}

/** What a group returns; the verdict is computed from the median and the target, or is MISS
 * when `failure` says what went wrong (e.g. an item failed). */
export type FigureInput = Omit<Figure, 'group' | 'verdict' | 'ratio'> & { ratio: Sample | number[] | number; failure?: string };

export function sample(values: number[]): Sample {
	if (values.length === 0) throw new Error('sample(): no values');
	const sorted = [...values].sort((a, b) => a - b);
	const at = (p: number) => {
		const i = (sorted.length - 1) * p;
		const lo = Math.floor(i);
		const hi = Math.ceil(i);
		return sorted[lo] + (sorted[hi] - sorted[lo]) * (i - lo);
	};
	return { values, median: at(0.5), min: sorted[0], max: sorted[sorted.length - 1], q1: at(0.25), q3: at(0.75) };
}

export function median(values: number[]): number {
	return sample(values).median;
}

export function verdictOf(value: number, target: Target | undefined): Verdict {
	if (!target) return 'info';
	const eps = 1e-9;
	switch (target.op) {
		case '<=':
			return value <= target.value + eps ? 'PASS' : 'MISS';
		case '>=':
			return value >= target.value - eps ? 'PASS' : 'MISS';
		case '==':
			return Math.abs(value - target.value) <= eps ? 'PASS' : 'MISS';
	}
}

export function finish(group: string, input: FigureInput): Figure {
	const { failure, ...rest } = input;
	const ratio = typeof input.ratio === 'number' ? sample([input.ratio]) : Array.isArray(input.ratio) ? sample(input.ratio) : input.ratio;
	const figure: Figure = { ...rest, group, ratio, verdict: verdictOf(ratio.median, input.target) };
	if (failure) {
		figure.verdict = 'MISS';
		figure.detail = [figure.detail, `MISS: ${failure}`].filter(Boolean).join('; ');
	}
	return figure;
}

/**
 * Runs the variants `reps` times, interleaved: each repetition runs every variant once, and the
 * order rotates from one repetition to the next (A B C, B C A, C A B, ...), so a machine that
 * gets slower or faster during the run does not favour one variant. Returns each variant's
 * results in repetition order (index i of every list is the same repetition).
 */
export async function interleaved<K extends string, T>(
	reps: number,
	variants: Record<K, (rep: number) => Promise<T>>,
	onRun?: (variant: K, rep: number, result: T) => void,
): Promise<Record<K, T[]>> {
	const names = Object.keys(variants) as K[];
	const out = Object.fromEntries(names.map((n) => [n, [] as T[]])) as Record<K, T[]>;
	for (let rep = 0; rep < reps; rep++) {
		for (let k = 0; k < names.length; k++) {
			const name = names[(rep + k) % names.length];
			const result = await variants[name](rep);
			out[name][rep] = result;
			onRun?.(name, rep, result);
		}
	}
	return out;
}

/** Per-repetition ratios a[i] / b[i]. */
export function ratios(a: number[], b: number[]): number[] {
	if (a.length !== b.length) throw new Error('ratios(): lists of different lengths');
	return a.map((x, i) => x / b[i]);
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
	const start = performance.now();
	const result = await fn();
	return { ms: performance.now() - start, result };
}

type Gc = () => void;

/** The JavaScript heap in use after a full garbage collection (needs node --expose-gc). */
export function heapAfterGc(): number {
	const gc = (globalThis as { gc?: Gc }).gc;
	if (!gc) throw new Error('run node with --expose-gc (npm run bench does) to read the heap after a garbage collection');
	gc();
	gc(); // a second pass collects what the first one's finalizers released
	return process.memoryUsage().heapUsed;
}

export function hasGc(): boolean {
	return typeof (globalThis as { gc?: Gc }).gc === 'function';
}

// ---------------------------------------------------------------------------------------------
// Printing

export function fmt(value: number, decimals = 2): string {
	if (!Number.isFinite(value)) return String(value);
	return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export function unitOf(f: Figure): string {
	return f.unit ?? '×';
}

function withUnit(value: string, unit: string): string {
	return unit === '×' || unit === '%' ? `${value}${unit}` : `${value} ${unit}`;
}

export function formatValue(f: Figure, value: number): string {
	return withUnit(fmt(value, f.decimals ?? 2), unitOf(f));
}

export function formatSpread(f: Figure): string {
	const r = f.ratio;
	if (r.values.length < 2) return `n=1`;
	return `${fmt(r.min, f.decimals ?? 2)}–${fmt(r.max, f.decimals ?? 2)} (n=${r.values.length})`;
}

export function formatTarget(f: Figure): string {
	if (!f.target) return '—';
	const op = f.target.op === '==' ? '=' : f.target.op === '<=' ? '≤' : '≥';
	return `${op} ${formatValue(f, f.target.value)}`;
}

export function printFigures(figures: Figure[]): void {
	const rows = figures.map((f) => [f.group, f.name, formatValue(f, f.ratio.median), formatSpread(f), formatTarget(f), f.verdict]);
	const head = ['group', 'figure', 'median', 'spread (min–max)', 'target', ''];
	const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
	const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
	console.log(line(head));
	console.log(widths.map((w) => '-'.repeat(w)).join('  '));
	let group = '';
	for (const [i, r] of rows.entries()) {
		if (r[0] !== group && group !== '') console.log('');
		group = r[0];
		console.log(line(r));
		if (figures[i].detail) console.log(`${' '.repeat(widths[0] + 2)}  ${figures[i].detail}`);
	}
}

export function markdownTable(figures: Figure[]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines = ['| Group | Figure (ratio) | Median | Spread (min–max, runs) | Target | |', '|---|---|---|---|---|---|'];
	for (const f of figures) {
		lines.push(`| ${esc(f.group)} | ${esc(f.name)}${f.detail ? `<br><sub>${esc(f.detail)}</sub>` : ''} | ${esc(formatValue(f, f.ratio.median))} | ${esc(formatSpread(f))} | ${esc(formatTarget(f))} | ${f.verdict} |`);
	}
	return lines.join('\n');
}

export interface Machine {
	date: string;
	cpus: number;
	cpuModel: string;
	ramGiB: number;
	node: string;
	loadAverage: number[];
}

export function machine(): Machine {
	const list = cpus();
	return {
		date: new Date().toISOString(),
		cpus: availableParallelism(),
		cpuModel: list[0]?.model ?? 'unknown',
		ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
		node: process.version,
		loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
	};
}
