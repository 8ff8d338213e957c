/*
 * Keyed against unkeyed creates as a pocket's history grows (the targets of "Today's Jiko API").
 * A Business Key makes a create look first whether its payment already exists; that look-up
 * must not read the pocket's history. Requests are counted at the sandbox (exact), wall times
 * are medians of interleaved keyed / unkeyed runs.
 *   - one ACH pull and one wire into a pocket with 0, 1,000 and 5,000 earlier transfers of
 *     that rail (bulk-seeded);
 *   - a 1,000-item keyed ACH batch into a pocket with 1,000 earlier originations, then the
 *     same batch unkeyed (requests are counted once: they do not vary between runs).
 */
import { performance } from 'node:perf_hooks';

import { fmt, interleaved, median, ratios, type BenchContext, type FigureGroup, type FigureInput } from '../framework';
import { DEMO_IDS, byId, credentialsFor, runJiko, warmUp, type Credentials } from '../jiko';
import { withSandbox, type ChildSandbox } from '../sandbox';

export interface CreateRun {
	requests: number;
	wallMs: number;
	sandboxCpuMs: number;
	failed: number;
}

let serial = 0;

export function achParams(pocketId: string, counterpartyId: string, keyed: boolean, cents: string | number, key?: string): Record<string, unknown> {
	return {
		resource: 'achTransfer',
		operation: 'create',
		pocketId: byId(pocketId),
		counterpartyId: byId(counterpartyId),
		direction: 'in',
		amountInCents: true,
		amount: String(cents),
		secCode: 'CCD',
		...(keyed ? { businessKey: key ?? `bench-ach-${process.pid}-${++serial}` } : {}),
		options: {},
	};
}

export function wireParams(pocketId: string, counterpartyId: string, keyed: boolean, cents: number): Record<string, unknown> {
	return {
		resource: 'wireTransfer',
		operation: 'create',
		pocketId: byId(pocketId),
		counterpartyId: byId(counterpartyId),
		amountInCents: true,
		amount: String(cents),
		...(keyed ? { businessKey: `bench-wire-${process.pid}-${++serial}` } : {}),
		options: {},
	};
}

export async function counted(sandbox: ChildSandbox, credentials: Credentials, params: Record<string, unknown>, items?: Array<Record<string, unknown>>): Promise<CreateRun> {
	const before = await sandbox.stats();
	const usage0 = await sandbox.usage();
	const start = performance.now();
	const { run, failedItems } = await runJiko(credentials, params, items as never, true);
	const wallMs = performance.now() - start;
	const usage1 = await sandbox.usage();
	const after = await sandbox.stats();
	const outcomes = run.items.filter((i) => i.json.outcome === 'created').length;
	return { requests: after.requests - before.requests, wallMs, sandboxCpuMs: usage1.cpuMs - usage0.cpuMs, failed: Math.max(failedItems, (items?.length ?? 1) - outcomes) };
}

export const group: FigureGroup = {
	id: 'creates',
	title: 'Keyed vs unkeyed creates as history grows',
	estimateSeconds: 15,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const reps = ctx.quick ? 1 : 7;
		const histories = ctx.quick ? [0, 1_000] : [0, 1_000, 5_000];
		const batch = ctx.quick ? 200 : 1_000;
		const { acme, ada } = DEMO_IDS.customers;
		const pocketId = acme.pockets.operating;
		return await withSandbox({}, async (sandbox) => {
			const credentials = credentialsFor(sandbox.url);
			await warmUp(credentials, pocketId);
			const figures: FigureInput[] = [];
			const results: Record<string, Record<number, { keyed: CreateRun[]; unkeyed: CreateRun[] }>> = { ACH: {}, wire: {} };
			let seeded = 0;
			let cents = 500_000;
			for (const h of histories) {
				if (h > seeded) {
					await sandbox.seed('ach', { pocket_id: pocketId, count: h - seeded });
					await sandbox.seed('wires', { pocket_id: pocketId, count: h - seeded });
					seeded = h;
				}
				const ach = await interleaved(reps, {
					keyed: () => counted(sandbox, credentials, achParams(pocketId, acme.counterparties.achVerified, true, ++cents)),
					unkeyed: () => counted(sandbox, credentials, achParams(pocketId, acme.counterparties.achVerified, false, ++cents)),
				});
				const wire = await interleaved(reps, {
					keyed: () => counted(sandbox, credentials, wireParams(pocketId, acme.counterparties.wireVerified, true, ++cents)),
					unkeyed: () => counted(sandbox, credentials, wireParams(pocketId, acme.counterparties.wireVerified, false, ++cents)),
				});
				results.ACH[h] = ach;
				results.wire[h] = wire;
				ctx.log(`creates at ${h} earlier: ACH keyed ${median(ach.keyed.map((r) => r.requests))} / unkeyed ${median(ach.unkeyed.map((r) => r.requests))} requests, wire keyed ${median(wire.keyed.map((r) => r.requests))} / unkeyed ${median(wire.unkeyed.map((r) => r.requests))}`);
			}
			const largest = histories[histories.length - 1];
			for (const rail of ['ACH', 'wire'] as const) {
				for (const h of histories) {
					const { keyed, unkeyed } = results[rail][h];
					const failed = [...keyed, ...unkeyed].reduce((n, r) => n + r.failed, 0);
					figures.push({
						name: `${rail} create, ${h.toLocaleString('en-US')} earlier: wall time keyed ÷ unkeyed`,
						ratio: ratios(keyed.map((r) => r.wallMs), unkeyed.map((r) => r.wallMs)),
						detail: `requests keyed ${median(keyed.map((r) => r.requests))}, unkeyed ${median(unkeyed.map((r) => r.requests))}; ${fmt(median(keyed.map((r) => r.wallMs)), 1)} vs ${fmt(median(unkeyed.map((r) => r.wallMs)), 1)} ms per execution`,
						...(failed ? { failure: `${failed} create(s) did not report "created"` } : {}),
					});
				}
				const keyedLargest = results[rail][largest].keyed;
				figures.push({
					name: `keyed ${rail} create into a pocket with ${largest.toLocaleString('en-US')} earlier ${rail === 'ACH' ? 'originations' : 'wires'}: requests`,
					ratio: keyedLargest.map((r) => r.requests),
					unit: 'requests',
					decimals: 0,
					target: { op: '<=', value: 3, source: "Today's Jiko API" },
					detail: `keyed create at ${largest.toLocaleString('en-US')} earlier ÷ at 0: wall time ${fmt(median(keyedLargest.map((r) => r.wallMs)) / median(results[rail][0].keyed.map((r) => r.wallMs)), 2)}×, sandbox CPU ${fmt(median(keyedLargest.map((r) => r.sandboxCpuMs)), 1)} vs ${fmt(median(results[rail][0].keyed.map((r) => r.sandboxCpuMs)), 1)} ms`,
				});
			}

			// The batch: keyed first (into exactly `batch` earlier originations), then unkeyed.
			const batchPocket = ada.pockets.reserve;
			await sandbox.seed('ach', { pocket_id: batchPocket, count: batch });
			const items = Array.from({ length: batch }, (_, i) => ({ i }));
			const batchParams = (keyed: boolean) => ({
				...achParams(batchPocket, ada.counterparties.achVerified, false, `={{ 20000 + $json.i }}`),
				...(keyed ? { businessKey: `={{ "bench-batch-${process.pid}-" + $json.i }}` } : {}),
			});
			const keyed = await counted(sandbox, credentials, batchParams(true), items);
			ctx.log(`creates: keyed batch of ${batch}: ${keyed.requests} requests, ${fmt(keyed.wallMs / 1000, 1)} s`);
			const unkeyed = await counted(sandbox, credentials, batchParams(false), items);
			ctx.log(`creates: unkeyed batch of ${batch}: ${unkeyed.requests} requests, ${fmt(unkeyed.wallMs / 1000, 1)} s`);
			const limit = Math.round(batch * 1.1);
			figures.push({
				name: `keyed ACH batch of ${batch.toLocaleString('en-US')} into ${batch.toLocaleString('en-US')} earlier originations: requests`,
				ratio: keyed.requests,
				unit: 'requests',
				decimals: 0,
				target: { op: '<=', value: limit, source: "Today's Jiko API" },
				detail: `unkeyed: ${unkeyed.requests} requests; wall time keyed ÷ unkeyed ${fmt(keyed.wallMs / unkeyed.wallMs, 2)}× (${fmt(keyed.wallMs / 1000, 1)} s vs ${fmt(unkeyed.wallMs / 1000, 1)} s, one run each)`,
				...(keyed.failed || unkeyed.failed ? { failure: `${keyed.failed + unkeyed.failed} item(s) not created` } : {}),
			});
			return figures;
		});
	},
};
