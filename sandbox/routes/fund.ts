/**
 * POST /api/v1/sandbox/fund/ (sandbox endpoint in Jiko's docs): `{account_id, amount_usdc
 * (< 5,000,000), company_name?, count?}` → 202, books `count` (default 1, ≤ 10) incoming ACH
 * credits of `amount_usdc` each, COMPLETED at once, and emits transfers.ach.in.success.
 */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ValidationError, issue, notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { openIssue } from './onUs';

export function registerFundRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v1/sandbox/fund/', async (req, reply) => {
		const c = new Checker();
		const body = c.bodyObject(req.body, req.jsonError) ?? {};
		const accountId = c.uuid(body, ['body', 'account_id'], true);
		const amt = c.int(body, ['body', 'amount_usdc'], true);
		if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
		else if (amt !== undefined && amt >= 5_000_000) c.add({ loc: ['body', 'amount_usdc'], msg: 'ensure this value is less than 5000000', type: 'value_error.number.not_lt', ctx: { limit_value: 5_000_000 } });
		const company = c.str(body, ['body', 'company_name'], { max: 16 });
		const count = c.int(body, ['body', 'count']) ?? 1;
		if (count < 1) c.add(issue.ge(['body', 'count'], 1));
		else if (count > 10) c.add(issue.le(['body', 'count'], 10));
		c.done();
		const acc = ctx.state.account(accountId as string);
		if (!acc) throw notFound('Account');
		const o = openIssue(acc, ['body', 'account_id']);
		if (o) throw new ValidationError([o]);
		const name = (company ?? 'SANDBOX FUNDING').toUpperCase();
		for (let i = 0; i < count; i++) {
			const trace = `0${String(Date.now()).slice(-10)}${String(i).padStart(4, '0')}`;
			ctx.state.addTransaction({
				accountId: acc.id, amount: amt as number, timestamp: Date.now(), status: 'COMPLETED',
				details: {
					title: `From ${name} (SANDBOX)`, transaction_type: 'ACH', transaction_type_title: 'ACH Electronic Credit',
					ach_transaction: { company_name: name, company_entry_description: 'SANDBOX', individual_identification_number: '000000000', trace_number: trace },
				},
			});
			ctx.webhooks.emitEvent('transfers.ach.in.success', { jiko_account_id: acc.id });
		}
		return reply.code(202).send();
	});
}
