/**
 * ACH originations on a pocket:
 *   POST /api/v1/jiko-accounts/{account_id}/ach-originating/                → 200 ACHResponse (PENDING)
 *   GET  /api/v1/jiko-accounts/{account_id}/ach-originating/                → cursor list, newest first
 *   GET  /api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/  → ACHResponse | 404
 * Which direction pulls money in is assumption achDirection. The origination's ACH transaction
 * is booked PENDING at create and settles at PROCESSED (sandbox/transfers.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ValidationError, issue, notFound } from '../http/errors';
import { cursorPage } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { achPullsIn, externalTransferIssues, isVisible, valueError } from '../rules';
import { createAch } from '../transfers';
import { ACH_STATUSES, type AchDirection } from '../types';
import { achView } from '../views';

const CED_RE = /^[ a-zA-Z0-9]{1,10}$/;
const CED_PATTERN = '^[ a-zA-Z0-9]{1,10}$';
const DIRECTIONS = ['DEBIT', 'CREDIT'] as const;

async function createOrigination(ctx: SandboxContext, req: FastifyRequest) {
	const { state } = ctx;
	const c = new Checker();
	const accountId = c.pathUuid(req.params, 'account_id');
	const body = c.bodyObject(req.body, req.jsonError) ?? {};
	const counterpartyId = c.uuid(body, ['body', 'counterparty_id'], true);
	let direction: AchDirection | undefined;
	if (body.direction === undefined || body.direction === null) c.add(issue.missing(['body', 'direction']));
	else if (typeof body.direction !== 'string' || !(DIRECTIONS as readonly string[]).includes(body.direction)) c.add(issue.enum(['body', 'direction'], DIRECTIONS));
	else direction = body.direction as AchDirection;
	const codes = ['CCD', 'WEB'] as const;
	let secCode: 'CCD' | 'WEB' = 'WEB';
	if (body.sec_code !== undefined && body.sec_code !== null) {
		if (typeof body.sec_code !== 'string' || !(codes as readonly string[]).includes(body.sec_code)) c.add(issue.enum(['body', 'sec_code'], codes));
		else secCode = body.sec_code as 'CCD' | 'WEB';
	}
	const amt = c.int(body, ['body', 'amount_usdc'], true);
	if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
	const pri: string[] = [];
	if (body.payment_related_information !== undefined && body.payment_related_information !== null) {
		if (!Array.isArray(body.payment_related_information)) c.add(issue.list(['body', 'payment_related_information']));
		else body.payment_related_information.forEach((s: unknown, i: number) => (typeof s === 'string' ? pri.push(s) : c.add(issue.str(['body', 'payment_related_information', i]))));
	}
	const ced = c.str(body, ['body', 'company_entry_description']);
	if (ced !== undefined && !CED_RE.test(ced)) c.add(issue.regex(['body', 'company_entry_description'], CED_PATTERN));
	if (ced === undefined && secCode === 'CCD') c.add(valueError(['body', 'company_entry_description'], 'company_entry_description is required for sec_code CCD'));
	c.done();

	const acc = state.account(accountId);
	if (!acc) throw notFound('Account');
	// Money leaving the pocket beyond the available cash is refused at once (ASSUMPTIONS.md M4).
	const payout = !achPullsIn(direction as AchDirection, ctx.assumptions);
	const issues = externalTransferIssues(state, acc, counterpartyId as string, 'ACH', payout ? { cents: amt as number } : undefined);
	if (issues.length) throw new ValidationError(issues);
	const rec = createAch(ctx, {
		account: acc,
		counterparty: state.data.counterparties[counterpartyId as string],
		counterpartyId: counterpartyId as string,
		direction: direction as AchDirection,
		secCode,
		amount: amt as number,
		paymentRelatedInformation: pri,
		companyEntryDescription: ced,
	});
	return achView(rec);
}

async function listOriginations(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const accountId = c.pathUuid(req.params, 'account_id');
	const statuses = c.queryEnumList(q, 'filter[status]', ACH_STATUSES);
	const direction = c.queryEnum(q, 'direction', DIRECTIONS);
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	if (!ctx.state.account(accountId)) throw notFound('Account');
	const now = Date.now();
	return cursorPage([ctx.state.achIndex(accountId)], {
		order: 'desc',
		cursor,
		limit,
		view: achView,
		assumptions: ctx.assumptions,
		match: (a) => isVisible(a, now) && (statuses.length === 0 || statuses.includes(a.status)) && (direction === undefined || a.direction === direction),
	});
}

async function getOrigination(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const accountId = c.pathUuid(req.params, 'account_id');
	const id = c.pathUuid(req.params, 'transfer_id');
	c.done();
	if (!ctx.state.account(accountId)) throw notFound('Account');
	const a = ctx.state.data.achOriginations[id];
	if (!a || a.accountId !== accountId || !isVisible(a, Date.now())) throw notFound('ACH origination');
	return achView(a);
}

export function registerAchRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v1/jiko-accounts/:account_id/ach-originating/', (req) => createOrigination(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/ach-originating/', (req) => listOriginations(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/ach-originating/:transfer_id/', (req) => getOrigination(ctx, req));
}
