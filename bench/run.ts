/*
 * `npm run bench` — benchmarks that measure what users feel, each as a ratio with its median,
 * its spread over interleaved repetitions, its target and PASS/MISS.
 *
 *   npm run bench                       the full run (the README's figures come from it)
 *   npm run bench -- --quick            fewer items and repetitions, no one-minute rate-limit
 *                                       window: for development, not for the README
 *   npm run bench -- --only=overhead,paging   some groups (ids: see the progress lines)
 *
 * Needs node --expose-gc (the npm script passes it): memory is read after a garbage collection.
 * Writes dist-bench/bench-results.json and dist-bench/bench-results.md (a Markdown table) too.
 * Exits with 1 when a figure misses its target or a group fails.
 */
import './env';

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import {
	finish,
	hasGc,
	machine,
	markdownTable,
	printFigures,
	type BenchContext,
	type Figure,
	type FigureGroup,
	type FigureInput,
} from './framework';
import * as modules from './groups';

interface BudgetRow {
	name: string;
	worstMs: number;
	medianMs?: number;
	refusedAs?: string;
}

/**
 * A time-budget module (like bench/amount.ts): `measure…(runs)` returns one row per input with
 * its slowest time, and `…_BUDGET_MS` is the budget each row must stay under.
 */
function budgetGroup(id: string, mod: Record<string, unknown>): FigureGroup | undefined {
	const measureName = Object.keys(mod).find((k) => k.startsWith('measure') && typeof mod[k] === 'function');
	const budgetName = Object.keys(mod).find((k) => k.endsWith('_BUDGET_MS') && typeof mod[k] === 'number');
	if (!measureName || !budgetName) return undefined;
	const measure = mod[measureName] as (runs: number) => BudgetRow[];
	const budget = mod[budgetName] as number;
	return {
		id,
		title: `time budget of ${budget} ms per input (${measureName} in bench/${id}.ts)`,
		async run(ctx) {
			const runs = ctx.quick ? 10 : 50;
			return measure(runs).map((row) => {
				const accepted = row.refusedAs === 'accepted';
				return {
					name: `${row.name}: slowest of ${runs} runs`,
					ratio: row.worstMs,
					unit: 'ms',
					decimals: 3,
					target: { op: '<=', value: budget, source: 'Guard rails' },
					detail: [row.medianMs === undefined ? '' : `median ${row.medianMs.toFixed(3)} ms`, row.refusedAs ? `refused as ${row.refusedAs}` : ''].filter(Boolean).join(', '),
					...(accepted ? { failure: 'accepted (must be refused)' } : {}),
				} satisfies FigureInput;
			});
		},
	};
}

function groupsToRun(): FigureGroup[] {
	const out: FigureGroup[] = [];
	for (const [name, raw] of Object.entries(modules)) {
		const mod = raw as Record<string, unknown>;
		const group = (mod.group as FigureGroup | undefined) ?? budgetGroup(name, mod);
		if (!group) throw new Error(`bench/groups.ts: module "${name}" exports neither \`group\` nor a measure…/…_BUDGET_MS pair`);
		out.push(group);
	}
	return out;
}

function parseArgs(argv: string[]): { quick: boolean; only?: Set<string> } {
	let quick = false;
	let only: Set<string> | undefined;
	for (const arg of argv) {
		if (arg === '--quick') quick = true;
		else if (arg.startsWith('--only=')) only = new Set(arg.slice(7).split(',').filter(Boolean));
		else throw new Error(`unknown argument ${arg} (use --quick, --only=a,b)`);
	}
	return { quick, only };
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (!hasGc()) throw new Error('run with node --expose-gc (npm run bench does)');
	const groups = groupsToRun().filter((g) => (args.only ? args.only.has(g.id) : !(args.quick && g.skipInQuick)));
	if (args.only) for (const id of args.only) if (!groups.some((g) => g.id === id)) throw new Error(`no group "${id}" (groups: ${groupsToRun().map((g) => g.id).join(', ')})`);
	const started = performance.now();
	const before = machine();
	const t0 = () => ((performance.now() - started) / 1000).toFixed(0).padStart(4);
	const ctx: BenchContext = { quick: args.quick, log: (m) => process.stderr.write(`[${t0()} s] ${m}\n`) };
	ctx.log(`${args.quick ? 'QUICK run (not for the README)' : 'full run'}: ${groups.map((g) => g.id).join(', ')} on ${before.cpus} × ${before.cpuModel}, load ${before.loadAverage.join(' ')}`);

	const figures: Figure[] = [];
	const failures: string[] = [];
	const durations: Record<string, number> = {};
	for (const group of groups) {
		const groupStart = performance.now();
		ctx.log(`— ${group.id}: ${group.title}${group.estimateSeconds && !args.quick ? ` (about ${group.estimateSeconds} s)` : ''}`);
		try {
			for (const input of await group.run(ctx)) figures.push(finish(group.id, input));
		} catch (error) {
			failures.push(`${group.id}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
			ctx.log(`${group.id} FAILED: ${error instanceof Error ? error.message : String(error)}`);
		}
		durations[group.id] = Math.round((performance.now() - groupStart) / 100) / 10;
	}
	const after = machine();
	const seconds = Math.round((performance.now() - started) / 1000);

	console.log('');
	console.log(`Jiko node benchmarks — ${args.quick ? 'QUICK run (fewer items and runs: not for the README)' : 'full run'}, ${after.date}`);
	console.log(`machine: ${before.cpus} CPUs (${before.cpuModel}), ${before.ramGiB} GiB RAM, Node ${before.node}; load average ${before.loadAverage.join(' ')} → ${after.loadAverage.join(' ')}`);
	console.log('ratios are medians of the per-run ratios over interleaved runs; spread = min–max over those runs\n');
	printFigures(figures);
	const misses = figures.filter((f) => f.verdict === 'MISS');
	const passes = figures.filter((f) => f.verdict === 'PASS');
	console.log(`\n${passes.length} PASS, ${misses.length} MISS, ${figures.length - passes.length - misses.length} for information; ${seconds} s (${Object.entries(durations).map(([k, v]) => `${k} ${v} s`).join(', ')})`);
	for (const f of misses) console.log(`MISS ${f.group}: ${f.name}`);
	for (const failure of failures) console.log(`FAILED ${failure}`);

	const out = join(__dirname, '..'); // dist-bench/
	const summary = { quick: args.quick, machine: before, loadAverageAtEnd: after.loadAverage, seconds, durations, figures: figures.map((f) => ({ ...f, ratio: { ...f.ratio, values: f.ratio.values } })), failures };
	writeFileSync(join(out, 'bench-results.json'), `${JSON.stringify(summary, null, 2)}\n`);
	writeFileSync(join(out, 'bench-results.md'), `${markdownTable(figures)}\n`);
	if (misses.length || failures.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
