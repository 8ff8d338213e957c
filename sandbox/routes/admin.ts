/**
 * Sandbox administration, no authentication, under /_sandbox/ (not part of Jiko):
 *   GET  /_sandbox/stats            {logins, failedLogins, requests, rejected: {auth, signature,
 *                                     repeated, validation, rateLimited}, webhookAttempts}
 *   POST /_sandbox/stats/reset      zero the counters
 *   POST /_sandbox/tokens/expire    expire every issued bearer token now → {expired}
 *   POST /_sandbox/reset            reseed all API data and zero the counters (tokens and seen
 *                                     idempotency keys are kept)
 *   GET  /_sandbox/config           {tokenTtlSeconds, assumptions}
 *   PUT  /_sandbox/config           {tokenTtlSeconds: int > 0} → applies to tokens issued after
 *   GET  /_sandbox/demo             same body as the signed GET /api/v1/sandbox/demo/
 *   POST /_sandbox/webhooks/idle    answers once no webhook delivery is pending
 *   POST /_sandbox/settle           settle every pending transfer now (async on-us, ACH, wires) → {settled}
 *   GET  /_sandbox/ledger           {onUs, ach, wires, balances: {pocketId: {cash, pending, available,
 *                                     securities, total}}} for exactly-once assertions
 *   GET|PUT|DELETE /_sandbox/faults fault injection config (faults.ts) → {config, stats}
 *   GET  /_sandbox/documents/{statements|trade-confirmations}/{id}.pdf   a tiny PDF
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { takeJsonBody } from '../http/body';
import { issue, notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { seedData } from '../seed';
import { newStats } from '../state';
import { faultConfigProblems, type FaultConfig } from '../faults';
import { ApiError } from '../http/errors';
import { achView } from './ach';
import { demoView } from './demo';
import { onUsView } from './onUs';
import { wireView } from './wires';

function tinyPdf(title: string): Buffer {
	const text = title.replace(/[()\\]/g, '');
	const stream = `BT /F1 14 Tf 72 720 Td (${text}) Tj ET`;
	const objs = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let out = '%PDF-1.4\n';
	const offsets: number[] = [];
	objs.forEach((o, i) => {
		offsets.push(out.length);
		out += `${i + 1} 0 obj\n${o}\nendobj\n`;
	});
	const xref = out.length;
	out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
	out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;
	app.get('/_sandbox/stats', async () => state.stats);
	app.post('/_sandbox/stats/reset', async () => {
		state.stats = newStats();
		return state.stats;
	});
	app.post('/_sandbox/tokens/expire', async () => ({ expired: state.expireAllTokens() }));
	app.post('/_sandbox/reset', async () => {
		ctx.settler.clear();
		state.replaceData(seedData());
		state.stats = newStats();
		return { reset: true };
	});
	const config = () => ({ tokenTtlSeconds: ctx.options.tokenTtlSeconds, assumptions: ctx.assumptions });
	app.get('/_sandbox/config', async () => config());
	app.put('/_sandbox/config', async (req) => {
		takeJsonBody(req);
		const c = new Checker();
		const body = c.bodyObject(req.body, req.jsonError);
		const ttl = body ? c.int(body, ['body', 'tokenTtlSeconds']) : undefined;
		if (ttl !== undefined && ttl <= 0) c.add(issue.gt(['body', 'tokenTtlSeconds'], 0));
		c.done();
		if (ttl !== undefined) ctx.options.tokenTtlSeconds = ttl;
		return config();
	});
	app.get('/_sandbox/demo', async () => demoView(state));
	app.post('/_sandbox/webhooks/idle', async () => {
		await ctx.webhooks.idle();
		return { idle: true };
	});
	app.post('/_sandbox/settle', async () => ({ settled: ctx.settler.settleAll() }));
	app.get('/_sandbox/ledger', async () => {
		const bySeq = <T extends { seq: number }>(xs: T[]) => [...xs].sort((a, b) => a.seq - b.seq);
		const balances: Record<string, Record<string, number>> = {};
		for (const id of Object.keys(state.data.accounts)) {
			const b = state.balanceOf(id);
			balances[id] = { cash: b.cash, pending: b.pending, available: state.availableOf(id), securities: b.securities, total: b.total };
		}
		return {
			onUs: bySeq(Object.values(state.data.onUsTransfers)).map(onUsView),
			ach: bySeq(Object.values(state.data.achOriginations)).map(achView),
			wires: bySeq(Object.values(state.data.wires)).map(wireView),
			balances,
		};
	});
	app.get('/_sandbox/faults', async () => ctx.faults.view());
	app.put('/_sandbox/faults', async (req) => {
		takeJsonBody(req);
		if (req.jsonError !== undefined) throw new ApiError(422, req.jsonError);
		const problems = faultConfigProblems(req.body);
		if (problems.length) throw new ApiError(422, problems.join('; '));
		ctx.faults.set(req.body as FaultConfig);
		return ctx.faults.view();
	});
	app.delete('/_sandbox/faults', async () => {
		ctx.faults.clear();
		return ctx.faults.view();
	});
	app.get('/_sandbox/documents/:kind/:file', async (req, reply) => {
		const { kind, file } = req.params as { kind: string; file: string };
		const id = file.replace(/\.pdf$/, '');
		const known =
			(kind === 'statements' && state.data.statements[id]) || (kind === 'trade-confirmations' && state.data.trades[id]);
		if (!known) throw notFound('Document');
		return reply.type('application/pdf').send(tinyPdf(`Jiko sandbox ${kind} ${id}`));
	});
}
