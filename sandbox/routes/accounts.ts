/** A single pocket (customer pockets and the partner's own pocket). */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { accountView } from '../views';

export function registerAccountRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/jiko-accounts/:account_id/', async (req) => {
		const c = new Checker();
		const id = c.pathUuid(req.params, 'account_id');
		c.done();
		const acc = ctx.state.account(id);
		if (!acc) throw notFound('Account');
		return accountView(acc, ctx.state);
	});
}
