/**
 * POST /api/v1/sandbox/fund/ (sandbox endpoint in Jiko's docs): `{account_id, amount_usdc
 * (< 5,000,000), company_name? (default "FakeCompany"), count?}` → 202, books `count` (default 1, < 10) incoming ACH
 * credits of `amount_usdc` each, COMPLETED at once, and emits transfers.ach.in.success.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ValidationError, issue, notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { openIssue } from '../rules';
import { fundPocket } from '../transfers';

async function fund(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const c = new Checker();
	const body = c.bodyObject(req.body, req.jsonError) ?? {};
	const accountId = c.uuid(body, ['body', 'account_id'], true);
	const amt = c.int(body, ['body', 'amount_usdc'], true);
	if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
	else if (amt !== undefined && amt >= 5_000_000) c.add({ loc: ['body', 'amount_usdc'], msg: 'ensure this value is less than 5000000', type: 'value_error.number.not_lt', ctx: { limit_value: 5_000_000 } });
	const company = c.str(body, ['body', 'company_name'], { max: 16 });
	const count = c.int(body, ['body', 'count']) ?? 1;
	if (count < 1) c.add(issue.ge(['body', 'count'], 1));
	// FundPortalRequest.count: exclusiveMaximum 10 in Jiko's schema.
	else if (count >= 10) c.add({ loc: ['body', 'count'], msg: 'ensure this value is less than 10', type: 'value_error.number.not_lt', ctx: { limit_value: 10 } });
	c.done();
	const acc = ctx.state.account(accountId as string);
	if (!acc) throw notFound('Account');
	const o = openIssue(acc, ['body', 'account_id']);
	if (o) throw new ValidationError([o]);
	// As sent; Jiko's schema defaults it to "FakeCompany".
	fundPocket(ctx, acc, amt as number, company ?? 'FakeCompany', count);
	return reply.code(202).send();
}

export function registerFundRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v1/sandbox/fund/', (req, reply) => fund(ctx, req, reply));
}
