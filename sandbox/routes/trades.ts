/** Brokerage-side trades (cursor lists, newest first) and trade confirmations. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { baseUrlOf } from '../http/baseUrl';
import { notFound } from '../http/errors';
import { cursorList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import type { TradeRecord } from '../types';
import { tradeView } from '../views';

function parseTradeQuery(c: Checker, q: Query) {
	return {
		from: c.queryDateTime(q, 'trade_datetime_from'),
		to: c.queryDateTime(q, 'trade_datetime_to'),
		cursor: c.queryString(q, 'cursor') || undefined,
		limit: c.queryInt(q, 'limit', 30, { gt: 0 }, 100),
	};
}

// Trades are seeded, never created by the API: a scan of them stays small.
function listTrades(ctx: SandboxContext, accountIds: Set<string>, f: ReturnType<typeof parseTradeQuery>) {
	const items = Object.values(ctx.state.data.trades).filter(
		(t: TradeRecord) =>
			accountIds.has(t.accountId) && (f.from === undefined || t.tradeDatetime >= f.from) && (f.to === undefined || t.tradeDatetime <= f.to),
	);
	return cursorList(items, (t) => [t.tradeDatetime, t.id], { order: 'desc', cursor: f.cursor, limit: f.limit, view: tradeView, assumptions: ctx.assumptions });
}

async function listCustomerTrades(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const f = parseTradeQuery(c, q);
	const accounts = c.queryUuidList(q, 'account[]');
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	const own = ctx.state.accountsOf(id).map((a) => a.id);
	return listTrades(ctx, new Set(accounts.length ? own.filter((a) => accounts.includes(a)) : own), f);
}

async function listPocketTrades(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'account_id');
	const f = parseTradeQuery(c, req.query as Query);
	c.done();
	if (!ctx.state.account(id)) throw notFound('Account');
	return listTrades(ctx, new Set([id]), f);
}

/** Jiko: a PDF behind a URL with a 10-minute TTL; MATURITY trades have no confirmation. */
async function getConfirmation(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'account_id');
	const tid = c.pathUuid(req.params, 'trade_id');
	c.done();
	if (!ctx.state.account(id)) throw notFound('Account');
	const t = ctx.state.data.trades[tid];
	if (!t || t.accountId !== id) throw notFound('Trade');
	if (t.activity === 'MATURITY') throw notFound('Trade confirmation');
	const expires = Math.floor(Date.now() / 1000) + 600;
	return { url: `${baseUrlOf(req)}/_sandbox/documents/trade-confirmations/${t.id}.pdf?expires=${expires}` };
}

export function registerTradeRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/customers/:customer_id/trades/', (req) => listCustomerTrades(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/trades/', (req) => listPocketTrades(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/trades/:trade_id/confirmation/', (req) => getConfirmation(ctx, req));
}
