/**
 * Sandbox administration, no authentication, under /_sandbox/ (not part of Jiko; never delayed,
 * faulted or lagged):
 *   GET  /_sandbox/stats            {logins, failedLogins, requests, rejected: {auth, signature,
 *                                     repeated, validation, rateLimited}, replayed, webhookAttempts, eventListReads}
 *   POST /_sandbox/stats/reset      zero the counters
 *   POST /_sandbox/tokens/expire    expire every issued bearer token now → {expired}
 *   POST /_sandbox/reset            reseed all API data and zero the counters (tokens, seen
 *                                     idempotency keys and the config are kept)
 *   GET  /_sandbox/config           {tokenTtlSeconds, latencyMs, assumptions}
 *   PUT  /_sandbox/config           {assumptions?: {...merged}, tokenTtlSeconds?: int > 0,
 *                                     latencyMs?: int | {min, max}} → the new config
 *   GET  /_sandbox/demo             same body as the signed GET /api/v1/sandbox/demo/
 *   POST /_sandbox/webhooks/idle    answers once no webhook delivery is pending
 *   POST /_sandbox/settle           settle every pending transfer now (async on-us, ACH, wires) → {settled}
 *   GET  /_sandbox/ledger           {onUs, ach, wires, balances} — every record, duplicates included
 *   POST /_sandbox/wires/{wire_id}/reject   reject a PENDING wire (money released) → {rejected, wires}
 *   POST /_sandbox/counterparties   {customer_id, type: ACH|WIRE, name_on_account, status?,
 *                                     verification_type?} → 201 Counterparty (e.g. a "REJECT" wire party)
 *   POST /_sandbox/seed/transactions {pocket_id, count, type?: ACH|CARD|GENERIC} → {created}
 *   POST /_sandbox/seed/ach         {pocket_id, count, direction?: DEBIT|CREDIT, ending?: ISO time
 *                                     (default now; the last one's time_created)} → {created}
 *   POST /_sandbox/seed/wires       {pocket_id, count} → {created}
 *   GET|PUT|DELETE /_sandbox/faults fault injection config (faults.ts) → {config, stats}
 *   GET  /_sandbox/documents/{statements|trade-confirmations}/{id}.pdf   a tiny PDF
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mergeAssumptions, type Assumptions } from '../assumptions';
import { BULK_MAX, seedAch, seedTransactions, seedWires } from '../bulk';
import type { SandboxContext } from '../context';
import { faultConfigProblems, type FaultConfig } from '../faults';
import { takeJsonBody } from '../http/body';
import { ApiError, issue, notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { latencyProblems, type LatencySetting } from '../latency';
import { seedData } from '../seed';
import { newStats } from '../state';
import { parseDateTime } from '../util';
import { rejectWire } from '../transfers';
import type { AccountRecord, CounterpartyRecord, VerificationStatus, VerificationType } from '../types';
import { counterpartyView, demoView, ledgerView, wireView } from '../views';

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

/** The JSON object body of an admin request, or a 422 naming the problem. */
function jsonObject(req: FastifyRequest): Record<string, unknown> {
	takeJsonBody(req);
	const c = new Checker();
	const body = c.bodyObject(req.body, req.jsonError);
	c.done();
	return body as Record<string, unknown>;
}

const configView = (ctx: SandboxContext) => ({ tokenTtlSeconds: ctx.options.tokenTtlSeconds, latencyMs: ctx.latency.value, assumptions: ctx.assumptions });

function putConfig(ctx: SandboxContext, req: FastifyRequest) {
	const body = jsonObject(req);
	const problems: string[] = [];
	for (const k of Object.keys(body)) if (!['assumptions', 'tokenTtlSeconds', 'latencyMs'].includes(k)) problems.push(`unknown config field ${k} (known: assumptions, tokenTtlSeconds, latencyMs)`);
	const ttl = body.tokenTtlSeconds;
	if (ttl !== undefined && !(typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0)) problems.push('tokenTtlSeconds must be an integer > 0');
	if (body.latencyMs !== undefined) problems.push(...latencyProblems(body.latencyMs));
	if (problems.length) throw new ApiError(422, problems.join('; '));
	if (body.assumptions !== undefined) {
		try {
			mergeAssumptions(ctx.assumptions, body.assumptions as Partial<Assumptions>);
		} catch (err: unknown) {
			throw new ApiError(422, (err as Error).message);
		}
	}
	if (ttl !== undefined) ctx.options.tokenTtlSeconds = ttl as number;
	if (body.latencyMs !== undefined) ctx.latency.set(body.latencyMs as LatencySetting);
	return configView(ctx);
}

function resetData(ctx: SandboxContext) {
	ctx.settler.clear();
	ctx.state.replaceData(seedData());
	ctx.state.stats = newStats();
	return { reset: true };
}

function rejectWireById(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'wire_id');
	c.done();
	const records = ctx.state.wiresWithId(id);
	if (!records.length) throw notFound('Wire');
	const pending = records.filter((w) => w.status === 'PENDING');
	if (!pending.length) throw new ApiError(409, `Wire ${id} is ${records.map((w) => w.status).join(', ')}: only a PENDING wire can be rejected`);
	for (const w of pending) rejectWire(ctx, w);
	return { rejected: pending.length, wires: records.map(wireView) };
}

function addCounterparty(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const body = jsonObject(req);
	const c = new Checker();
	const customerId = c.uuid(body, ['body', 'customer_id'], true);
	const types = ['ACH', 'WIRE'] as const;
	const type = body.type;
	if (type === undefined) c.add(issue.missing(['body', 'type']));
	else if (!(types as readonly unknown[]).includes(type)) c.add(issue.enum(['body', 'type'], types));
	const name = c.str(body, ['body', 'name_on_account'], { required: true, min: 1, max: 100 });
	const statuses = ['VERIFIED', 'IN_PROGRESS', 'FAILED'] as const;
	if (body.status !== undefined && !(statuses as readonly unknown[]).includes(body.status)) c.add(issue.enum(['body', 'status'], statuses));
	const vtypes = ['MICRO_DEPOSITS', 'PLAID', 'PRE_VERIFIED', 'INCOMING_WIRE', 'SUPPORTING_DOCUMENTS'] as const;
	if (body.verification_type !== undefined && !(vtypes as readonly unknown[]).includes(body.verification_type)) c.add(issue.enum(['body', 'verification_type'], vtypes));
	c.done();
	if (!ctx.state.customer(customerId as string)) throw notFound('Customer');
	const rec: CounterpartyRecord = {
		id: randomUUID(),
		customerId: customerId as string,
		type: type as 'ACH' | 'WIRE',
		side: {
			time_created: Date.now(),
			verification_type: (body.verification_type as VerificationType | undefined) ?? 'PRE_VERIFIED',
			status: (body.status as VerificationStatus | undefined) ?? 'VERIFIED',
			account_number: String(Math.floor(Math.random() * 1e10)).padStart(10, '0'),
			routing_number: '021000021',
			name_on_account: name as string,
			account_type: 'CHECKING',
			institution_name: 'Sandbox Test Bank',
		},
	};
	ctx.state.data.counterparties[rec.id] = rec;
	ctx.state.changed();
	return reply.code(201).send(counterpartyView(rec));
}

/** {pocket_id, count} of a bulk-seed body; `extra` checks the rest. */
function seedTarget(ctx: SandboxContext, req: FastifyRequest, extra: (c: Checker, body: Record<string, unknown>) => void = () => undefined): { acc: AccountRecord; count: number; body: Record<string, unknown> } {
	const body = jsonObject(req);
	const c = new Checker();
	const pocketId = c.uuid(body, ['body', 'pocket_id'], true);
	const count = c.int(body, ['body', 'count'], true);
	if (count !== undefined && count < 1) c.add(issue.ge(['body', 'count'], 1));
	else if (count !== undefined && count > BULK_MAX) c.add(issue.le(['body', 'count'], BULK_MAX));
	extra(c, body);
	c.done();
	const acc = ctx.state.account(pocketId as string);
	if (!acc) throw notFound('Account');
	return { acc, count: count as number, body };
}

function seedTransactionsRoute(ctx: SandboxContext, req: FastifyRequest) {
	const kinds = ['ACH', 'CARD', 'GENERIC'] as const;
	const { acc, count, body } = seedTarget(ctx, req, (c, b) => {
		if (b.type !== undefined && !(kinds as readonly unknown[]).includes(b.type)) c.add(issue.enum(['body', 'type'], kinds));
	});
	return { created: seedTransactions(ctx, acc, count, body.type as (typeof kinds)[number] | undefined), pocket_id: acc.id };
}

function seedAchRoute(ctx: SandboxContext, req: FastifyRequest) {
	const dirs = ['DEBIT', 'CREDIT'] as const;
	let ending: number | undefined;
	const { acc, count, body } = seedTarget(ctx, req, (c, b) => {
		if (b.direction !== undefined && !(dirs as readonly unknown[]).includes(b.direction)) c.add(issue.enum(['body', 'direction'], dirs));
		if (b.ending !== undefined) {
			ending = typeof b.ending === 'string' ? parseDateTime(b.ending) : undefined;
			if (ending === undefined) c.add(issue.datetime(['body', 'ending']));
		}
	});
	return { created: seedAch(ctx, acc, count, body.direction as (typeof dirs)[number] | undefined, ending), pocket_id: acc.id };
}

function seedWiresRoute(ctx: SandboxContext, req: FastifyRequest) {
	const { acc, count } = seedTarget(ctx, req);
	return { created: seedWires(ctx, acc, count), pocket_id: acc.id };
}

function putFaults(ctx: SandboxContext, req: FastifyRequest) {
	takeJsonBody(req);
	if (req.jsonError !== undefined) throw new ApiError(422, req.jsonError);
	const problems = faultConfigProblems(req.body);
	if (problems.length) throw new ApiError(422, problems.join('; '));
	ctx.faults.set(req.body as FaultConfig);
	return ctx.faults.view();
}

function document(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const { kind, file } = req.params as { kind: string; file: string };
	const id = file.replace(/\.pdf$/, '');
	const known = (kind === 'statements' && ctx.state.data.statements[id]) || (kind === 'trade-confirmations' && ctx.state.data.trades[id]);
	if (!known) throw notFound('Document');
	return reply.type('application/pdf').send(tinyPdf(`Jiko sandbox ${kind} ${id}`));
}

export function registerAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;
	app.get('/_sandbox/stats', async () => state.stats);
	app.post('/_sandbox/stats/reset', async () => (state.stats = newStats()));
	app.post('/_sandbox/tokens/expire', async () => ({ expired: state.expireAllTokens() }));
	app.post('/_sandbox/reset', async () => resetData(ctx));
	app.get('/_sandbox/config', async () => configView(ctx));
	app.put('/_sandbox/config', async (req) => putConfig(ctx, req));
	app.get('/_sandbox/demo', async () => demoView(state));
	app.post('/_sandbox/webhooks/idle', async () => {
		await ctx.webhooks.idle();
		return { idle: true };
	});
	app.post('/_sandbox/settle', async () => ({ settled: ctx.settler.settleAll() }));
	app.get('/_sandbox/ledger', async () => ledgerView(state));
	app.post('/_sandbox/wires/:wire_id/reject', async (req) => rejectWireById(ctx, req));
	app.post('/_sandbox/counterparties', async (req, reply) => addCounterparty(ctx, req, reply));
	app.post('/_sandbox/seed/transactions', async (req) => seedTransactionsRoute(ctx, req));
	app.post('/_sandbox/seed/ach', async (req) => seedAchRoute(ctx, req));
	app.post('/_sandbox/seed/wires', async (req) => seedWiresRoute(ctx, req));
	app.get('/_sandbox/faults', async () => ctx.faults.view());
	app.put('/_sandbox/faults', async (req) => putFaults(ctx, req));
	app.delete('/_sandbox/faults', async () => {
		ctx.faults.clear();
		return ctx.faults.view();
	});
	app.get('/_sandbox/documents/:kind/:file', async (req, reply) => document(ctx, req, reply));
}
