/** A single pocket, v1 (customer pockets and the partner's own pocket). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { accountView } from '../views';

async function getAccount(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'account_id');
	c.done();
	const acc = ctx.state.account(id);
	if (!acc) throw notFound('Account');
	return accountView(acc, ctx.state);
}

export function registerAccountRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/jiko-accounts/:account_id/', (req) => getAccount(ctx, req));
}
