/**
 * Bank-side transactions, v1 (cursor lists). Filters as in Jiko's OpenAPI: order (desc default),
 * filter[types] / filter[card] / filter[portal] (repeatable; comma-separated values are
 * accepted too), timestamp_from / timestamp_to (inclusive), account[] at customer level.
 * Ordered by timestamp, then id, so pages never overlap or skip when timestamps tie. Pages are
 * read from the per-pocket indexes (a customer's list merges its pockets'); the timestamp range
 * is found by binary search.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { cursorPage } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { isVisible } from '../rules';
import { TRANSACTION_TYPES, type TransactionRecord, type TransactionType } from '../types';
import { transactionView } from '../views';

interface TxQuery {
	order: 'asc' | 'desc';
	types: TransactionType[];
	cards: string[];
	portals: string[];
	from?: number;
	to?: number;
	cursor?: string;
	limit: number;
}

function parseTxQuery(c: Checker, q: Query): TxQuery {
	return {
		order: c.queryEnum(q, 'order', ['desc', 'asc'] as const, 'desc'),
		types: c.queryEnumList(q, 'filter[types]', TRANSACTION_TYPES),
		cards: c.queryUuidList(q, 'filter[card]'),
		portals: c.queryUuidList(q, 'filter[portal]'),
		from: c.queryDateTime(q, 'timestamp_from'),
		to: c.queryDateTime(q, 'timestamp_to'),
		cursor: c.queryString(q, 'cursor') || undefined,
		limit: c.queryInt(q, 'limit', 30, { gt: 0 }, 100),
	};
}

function listTx(ctx: SandboxContext, accountIds: string[], f: TxQuery) {
	const now = Date.now();
	const match = (t: TransactionRecord) =>
		isVisible(t, now) &&
		(f.types.length === 0 || f.types.includes(t.details.transaction_type)) &&
		(f.cards.length === 0 || (t.cardId !== undefined && f.cards.includes(t.cardId))) &&
		(f.portals.length === 0 || (t.portalId !== undefined && f.portals.includes(t.portalId)));
	return cursorPage(accountIds.map((id) => ctx.state.transactionIndex(id)), {
		order: f.order,
		cursor: f.cursor,
		limit: f.limit,
		from: f.from,
		to: f.to,
		match,
		view: (t) => transactionView(t, ctx.assumptions),
		assumptions: ctx.assumptions,
	});
}

async function listCustomerTransactions(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const id = c.pathUuid(req.params, 'customer_id');
	const f = parseTxQuery(c, q);
	const accounts = c.queryUuidList(q, 'account[]');
	c.done();
	if (!ctx.state.customer(id)) throw notFound('Customer');
	// account[] narrows to those of the customer's pockets; others simply match nothing.
	const own = ctx.state.accountsOf(id).map((a) => a.id);
	return listTx(ctx, accounts.length ? own.filter((a) => accounts.includes(a)) : own, f);
}

async function listPocketTransactions(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'account_id');
	const f = parseTxQuery(c, req.query as Query);
	c.done();
	if (!ctx.state.account(id)) throw notFound('Account');
	return listTx(ctx, [id], f);
}

async function getPocketTransaction(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'account_id');
	const tid = c.pathUuid(req.params, 'transaction_id');
	c.done();
	if (!ctx.state.account(id)) throw notFound('Account');
	const t = ctx.state.transaction(tid);
	if (!t || t.accountId !== id || !isVisible(t, Date.now())) throw notFound('Transaction');
	return transactionView(t, ctx.assumptions);
}

export function registerTransactionRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/customers/:customer_id/transactions/', (req) => listCustomerTransactions(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/transactions/', (req) => listPocketTransactions(ctx, req));
	api.get('/api/v1/jiko-accounts/:account_id/transactions/:transaction_id/', (req) => getPocketTransaction(ctx, req));
}
