/**
 * Routes of Jiko's current docs under /api/v2/ (assumption v2Endpoints: false answers 404 for
 * all of them, like an older Jiko):
 *   GET /api/v2/pockets/                            cursor list of every pocket, by creation
 *       query cursor, limit (30, 1..100), filter[status] (repeatable), omit[] and
 *       valuation_type (accepted, ignored). No customer filter is documented.
 *   GET /api/v2/pockets/{pocket_id}/                Pocket
 *   GET /api/v2/pockets/{pocket_id}/transactions/   cursor list of TransactionActivity
 *       query cursor, limit (30, 1..100), order (desc | asc, by time_booked then id),
 *       direction (CREDIT = into the pocket | DEBIT), amount_from / amount_to (inclusive, on the
 *       absolute amount; unit by assumption v2AmountFilterUnit: integer cents, decimal dollars,
 *       or ignored), filter[type] / filter[on_us_transfer] / filter[wire] (not applied under
 *       assumption v2WireFilter: ignored) / filter[card] / filter[portal] (repeatable),
 *       time_booked_from/to and time_settled_from/to (inclusive), include_sweeps (accepted,
 *       ignored). Where an item shows ach_id / wire_id: assumption v2TransferIds (views.ts).
 * filter[wire] and filter[on_us_transfer] read the transfer → transactions index (no scan);
 * the time_booked range is found by binary search; other filters test the pocket's own records.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Assumptions } from '../assumptions';
import type { SandboxContext } from '../context';
import { notFound } from '../http/errors';
import { cursorPage } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { isVisible } from '../rules';
import { SortedIndex } from '../sortedIndex';
import { TRANSACTION_TYPES, type TransactionRecord } from '../types';
import { pocketV2View, settledAt, transactionActivityView } from '../views';

const POCKET_STATUSES = ['PENDING', 'OPEN', 'FROZEN', 'CLOSED'] as const;

async function listPockets(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const statuses = c.queryEnumList(q, 'filter[status]', POCKET_STATUSES);
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	return cursorPage([ctx.state.pocketIndex()], {
		order: 'asc',
		cursor,
		limit,
		match: (a) => statuses.length === 0 || (statuses as readonly string[]).includes(a.status),
		view: (a) => pocketV2View(a, ctx.state),
		assumptions: ctx.assumptions,
	});
}

async function getPocket(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'pocket_id');
	c.done();
	const acc = ctx.state.account(id);
	if (!acc) throw notFound('Pocket');
	return pocketV2View(acc, ctx.state);
}

/**
 * One amount bound in cents, read as assumption v2AmountFilterUnit says: `cents` an integer
 * >= 0; `dollars` a decimal >= 0 (12.5 = 1250 cents); `ignored` any number, never applied
 * (undefined). Absent or empty: undefined.
 */
function amountBound(c: Checker, q: Query, name: 'amount_from' | 'amount_to', a: Assumptions): number | undefined {
	const raw = c.queryString(q, name);
	if (raw === undefined || raw === '') return undefined;
	if (a.v2AmountFilterUnit === 'cents') return c.queryInt(q, name, 0, { ge: 0 }, Number.MAX_SAFE_INTEGER);
	const s = raw.trim();
	if (a.v2AmountFilterUnit === 'ignored') {
		if (s === '' || !Number.isFinite(Number(s))) c.add({ loc: ['query', name], msg: 'value is not a valid number', type: 'type_error.number' });
		return undefined;
	}
	if (!/^\+?(\d+(\.\d*)?|\.\d+)$/.test(s) || !(Number(s) <= Number.MAX_SAFE_INTEGER / 100)) {
		c.add({ loc: ['query', name], msg: 'value is not a valid decimal number of dollars >= 0', type: 'type_error.decimal' });
		return undefined;
	}
	// dollars → cents without binary rounding noise (0.29 * 100 is 28.999…); a bound with a
	// fraction of a cent stays fractional, so the inclusive comparison stays exact.
	return Math.round(Number(s) * 100 * 1e6) / 1e6;
}

async function listPocketTransactions(ctx: SandboxContext, req: FastifyRequest) {
	const { state } = ctx;
	const q = req.query as Query;
	const c = new Checker();
	const pocketId = c.pathUuid(req.params, 'pocket_id');
	const order = c.queryEnum(q, 'order', ['desc', 'asc'] as const, 'desc');
	const direction = c.queryEnum(q, 'direction', ['CREDIT', 'DEBIT'] as const);
	const a = ctx.assumptions;
	const amountFrom = amountBound(c, q, 'amount_from', a);
	const amountTo = amountBound(c, q, 'amount_to', a);
	const types = c.queryEnumList(q, 'filter[type]', TRANSACTION_TYPES);
	const onUs = c.queryUuidList(q, 'filter[on_us_transfer]');
	// assumption v2WireFilter: `ignored` accepts (and validates) filter[wire] but never applies it
	const wireFilter = c.queryUuidList(q, 'filter[wire]');
	const wires = a.v2WireFilter === 'applied' ? wireFilter : [];
	const cards = c.queryUuidList(q, 'filter[card]');
	const portals = c.queryUuidList(q, 'filter[portal]');
	const bookedFrom = c.queryDateTime(q, 'time_booked_from');
	const bookedTo = c.queryDateTime(q, 'time_booked_to');
	const settledFrom = c.queryDateTime(q, 'time_settled_from');
	const settledTo = c.queryDateTime(q, 'time_settled_to');
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	if (!state.account(pocketId)) throw notFound('Pocket');

	const now = Date.now();
	const onUsOf = (t: TransactionRecord) => t.details.on_us_transaction?.on_us_transfer_id;
	const wireOf = (t: TransactionRecord) => (t.details.wire_transaction ?? t.details.wire_fee_transaction)?.wire_id;
	const match = (t: TransactionRecord): boolean => {
		if (!isVisible(t, now)) return false;
		const abs = Math.abs(t.amount);
		if (direction !== undefined && (t.amount < 0 ? 'DEBIT' : 'CREDIT') !== direction) return false;
		if ((amountFrom !== undefined && abs < amountFrom) || (amountTo !== undefined && abs > amountTo)) return false;
		if (types.length && !types.includes(t.details.transaction_type)) return false;
		if (onUs.length && !onUs.includes(onUsOf(t) as string)) return false;
		if (wires.length && !wires.includes(wireOf(t) as string)) return false;
		if (cards.length && (t.cardId === undefined || !cards.includes(t.cardId))) return false;
		if (portals.length && (t.portalId === undefined || !portals.includes(t.portalId))) return false;
		if (settledFrom !== undefined || settledTo !== undefined) {
			const s = settledAt(t);
			if (s === undefined || (settledFrom !== undefined && s < settledFrom) || (settledTo !== undefined && s > settledTo)) return false;
		}
		return true;
	};
	// One wire / on-us transfer: its few transactions come from the transfer index.
	let source = state.transactionIndex(pocketId);
	if (wires.length || onUs.length) {
		const found = new Map<string, TransactionRecord>();
		for (const t of wires.length ? wires.flatMap((w) => state.transactionsOfWire(w)) : onUs.flatMap((o) => state.transactionsOfOnUs(o))) {
			if (t.accountId === pocketId) found.set(t.id, t);
		}
		source = SortedIndex.from(found.values(), (t) => [t.timestamp, t.id]);
	}
	return cursorPage([source], { order, cursor, limit, from: bookedFrom, to: bookedTo, match, view: (t) => transactionActivityView(t, a), assumptions: a });
}

export function registerV2Routes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v2/pockets/', (req) => listPockets(ctx, req));
	api.get('/api/v2/pockets/:pocket_id/', (req) => getPocket(ctx, req));
	api.get('/api/v2/pockets/:pocket_id/transactions/', (req) => listPocketTransactions(ctx, req));
}
