/** Customers and their pockets (Jiko "Accounts"), v1. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { offsetList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { accountView, customerView } from '../views';

async function getCustomer(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	c.done();
	const cust = ctx.state.customer(id);
	if (!cust) throw notFound('Customer');
	return customerView(cust, ctx.assumptions);
}

/** List Customer Accounts: offset list, offset ≥ 0, 1 ≤ limit ≤ 100 (default 100). */
async function listCustomerAccounts(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const offset = c.queryInt(q, 'offset', 0, { ge: 0 }, Number.MAX_SAFE_INTEGER);
	const limit = c.queryInt(q, 'limit', 100, { ge: 1 }, 100);
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	const all = ctx.state.accountsOf(id).map((a) => accountView(a, ctx.state));
	return offsetList(all, offset, limit, ctx.assumptions);
}

export function registerCustomerRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/customers/:customer_id/', (req) => getCustomer(ctx, req));
	api.get('/api/v1/customers/:customer_id/jiko-accounts/', (req) => listCustomerAccounts(ctx, req));
}
