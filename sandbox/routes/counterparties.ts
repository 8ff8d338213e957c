/** A customer's counterparties (external ACH / wire accounts). Few per customer: scanned. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { cursorList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { progressVerification } from '../payees';
import { counterpartyView } from '../views';

async function listCounterparties(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	const items = Object.values(ctx.state.data.counterparties).filter((cp) => cp.customerId === id);
	items.forEach((cp) => progressVerification(cp));
	return cursorList(items, (cp) => [cp.side.time_created, cp.id], { order: 'desc', cursor, limit, view: (cp) => counterpartyView(cp, ctx.assumptions.counterpartyAccountNumbers), assumptions: ctx.assumptions });
}

async function getCounterparty(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const cpId = c.pathUuid(req.params, 'counterparty_id');
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	const cp = ctx.state.data.counterparties[cpId];
	if (!cp || cp.customerId !== id) throw notFound('Counterparty');
	progressVerification(cp);
	return counterpartyView(cp, ctx.assumptions.counterpartyAccountNumbers);
}

export function registerCounterpartyRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/customers/:customer_id/counterparties/', (req) => listCounterparties(ctx, req));
	api.get('/api/v1/customers/:customer_id/counterparties/:counterparty_id/', (req) => getCounterparty(ctx, req));
}
