/*
 * Benchmarks, side by side in one run, printed as ratios (ours / baseline) so they compare
 * across machines. Run with `npm run bench` (after ./scripts/test.sh or ./scripts/start.sh).
 *   1. exact amount conversion vs the float one-liner it replaces
 *   2. request signing vs a bare HMAC over the same bytes
 *   3. Transaction → Get Many of 300 items through n8n's engine vs raw signed paging with axios
 */
import './env';

import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { jikoSignature } from '../credentials/jikoSigning';
import { Jiko } from '../nodes/Jiko/Jiko.node';
import { dollarsToCents } from '../nodes/Jiko/helpers/amount';
import { DEMO_IDS, startSandbox } from '../sandbox/server';
import { jikoCredentials, runNode } from '../test/support/harness';
import { JikoRawClient } from '../test/support/jikoRawClient';

function time(fn: () => void, iterations: number): number {
	const start = performance.now();
	for (let i = 0; i < iterations; i++) fn();
	return (performance.now() - start) / iterations;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
	await fn(); // warm up
	const start = performance.now();
	for (let i = 0; i < runs; i++) await fn();
	return (performance.now() - start) / runs;
}

function report(name: string, ours: number, baseline: number, unit = 'µs') {
	const scale = unit === 'µs' ? 1000 : 1;
	console.log(
		`${name.padEnd(48)} ours ${(ours * scale).toFixed(2).padStart(9)} ${unit}  baseline ${(baseline * scale).toFixed(2).padStart(9)} ${unit}  ratio ${(ours / baseline).toFixed(2)}x`,
	);
}

async function main() {
	const inputs = Array.from({ length: 1000 }, (_, i) => `${1 + ((i * 7919) % 999)},${String(i % 1000).padStart(3, '0')}.${String(i % 100).padStart(2, '0')}`);
	let index = 0;
	const exact = time(() => dollarsToCents(inputs[index++ % inputs.length]), 200_000);
	index = 0;
	const naive = time(() => Math.round(parseFloat(inputs[index++ % inputs.length].replace(/,/g, '')) * 100), 200_000);
	report('amount: dollarsToCents vs parseFloat*100', exact, naive);

	const body = JSON.stringify({ type: 'INTERNAL_REALLOCATION', description: 'Café ✓', amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 125050 } });
	const key = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
	const path = '/api/v1/transfers/on-us/';
	const signing = time(() => jikoSignature('sandbox-shared-secret-0001', key, path, body), 100_000);
	const bare = time(() => createHmac('sha256', 'sandbox-shared-secret-0001').update(key + path + body).digest('base64'), 100_000);
	report('signing: jikoSignature vs bare HMAC', signing, bare);

	const sandbox = await startSandbox({ port: 0 });
	try {
		const pocketId = DEMO_IDS.customers.ada.pockets.main;
		const credentials = jikoCredentials(sandbox.url);
		const node = async () => {
			const run = await runNode({
				nodeType: new Jiko(),
				typeName: 'n8n-nodes-jiko.jiko',
				parameters: { resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: { __rl: true, mode: 'id', value: pocketId }, returnAll: false, limit: 300, filters: {} },
				credentials,
			});
			if (run.items.length !== 300) throw new Error('expected 300 items');
		};
		const client = new JikoRawClient(sandbox.url);
		await client.login();
		const raw = async () => {
			const items: unknown[] = [];
			let cursor: string | undefined;
			do {
				const page = await client.get<{ items: unknown[]; next_page?: string | null }>(`/api/v1/jiko-accounts/${pocketId}/transactions/`, {
					query: { limit: 100, ...(cursor ? { cursor } : {}) },
				});
				items.push(...page.data.items);
				cursor = page.data.next_page ?? undefined;
			} while (cursor && items.length < 300);
		};
		const heapBefore = process.memoryUsage().heapUsed;
		const nodeMs = await timeAsync(node, 10);
		const heapAfter = process.memoryUsage().heapUsed;
		const rawMs = await timeAsync(raw, 10);
		report('Get Many 300: n8n engine + node vs raw axios', nodeMs, rawMs, 'ms');
		console.log(`heap growth over 10 engine runs: ${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MB`);
	} finally {
		await sandbox.close();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
