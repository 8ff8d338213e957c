/** Customer statements (cursor list, limit ≤ 150). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { baseUrlOf } from '../http/baseUrl';
import { notFound } from '../http/errors';
import { cursorList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { STATEMENT_TYPES } from '../types';
import { statementView } from '../views';

const KEY_PATTERN = '^\\d{4}(-\\d{2})?$';

// Statements are seeded, never created by the API: a scan of them stays small.
async function listStatements(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const accounts = c.queryUuidList(q, 'account[]');
	const order = c.queryEnum(q, 'order', ['desc', 'asc'] as const, 'desc');
	const types = c.queryEnumList(q, 'type[]', STATEMENT_TYPES);
	// key: YYYY (every statement of that year) or YYYY-MM (that month)
	const key = c.queryRegex(q, 'key', new RegExp(KEY_PATTERN), KEY_PATTERN);
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 150);
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	const own = new Set(ctx.state.accountsOf(id).map((a) => a.id));
	const items = Object.values(ctx.state.data.statements).filter(
		(s) =>
			own.has(s.accountId) &&
			(accounts.length === 0 || accounts.includes(s.accountId)) &&
			(types.length === 0 || types.includes(s.type)) &&
			(key === undefined || (key.length === 4 ? s.key.slice(0, 4) === key : s.key === key)),
	);
	const base = baseUrlOf(req);
	return cursorList(items, (s) => [s.timeCreated, s.id], { order, cursor, limit, view: (s) => statementView(s, base), assumptions: ctx.assumptions });
}

export function registerStatementRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/customers/:customer_id/statements/', (req) => listStatements(ctx, req));
}
