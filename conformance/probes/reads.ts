/**
 * Read-only questions: nothing here writes or moves money. Each probe is one small function
 * that returns one row of the table.
 */
import { newKey, type JikoResponse } from '../client';
import { newRow } from '../questions';
import type { ProbeContext, Row } from '../types';
import { brief, is2xx, isRefusal, itemsOf, short } from '../util';

/** A signed GET that needs no ids; its answer is an offset list (`object_type: "List"`). */
const EVENT_TYPES = '/api/v1/events/types/';
/** A second, different signed GET that needs no ids (a cursor list). */
const EVENTS = '/api/v1/events/';

export type RepeatedKeyVerdict = 'conflict' | 'replay' | 'unprotected' | 'undecided';

/**
 * What a request sent with an already used key got, given the first answer with that key.
 * The second request differs from the first (another path, or the same write), so an answer
 * equal to the first one byte for byte is the first answer replayed.
 */
export function classifyRepeatedKey(first: JikoResponse, second: JikoResponse, sameObject?: (res: JikoResponse) => boolean): RepeatedKeyVerdict {
	if (second.status === first.status && second.text === first.text) return 'replay';
	if (isRefusal(second)) return 'conflict';
	if (is2xx(second)) return sameObject?.(second) ? 'replay' : 'unprotected';
	return 'undecided';
}

export async function probeRepeatedKey(ctx: ProbeContext): Promise<Row> {
	const row = newRow('repeatedKey');
	const key = newKey();
	const first = await ctx.client.get(EVENT_TYPES, { query: { limit: 1 }, key });
	if (first.status !== 200) {
		row.observed = `GET ${EVENT_TYPES} → ${brief(first)}; cannot ask`;
		return row;
	}
	const second = await ctx.client.get(EVENTS, { query: { limit: 1 }, key });
	// The first answer again, even if re-serialized: the same JSON as the first path's answer.
	const verdict = classifyRepeatedKey(first, second, (res) => res.json !== undefined && JSON.stringify(res.json) === JSON.stringify(first.json));
	row.observed = `GET ${EVENTS} with the key of a GET ${EVENT_TYPES} → ${verdict === 'replay' ? `${second.status}, the first answer again${second.text === first.text ? '' : ' (re-serialized)'}` : brief(second)}`;
	if (verdict === 'conflict' || verdict === 'replay') {
		row.value = verdict;
		row.safe = true;
	} else if (verdict === 'unprotected') {
		row.safe = false;
		row.note = 'The key is not checked: a resend after a lost answer would run twice. No sandbox switch behaves like this.';
	} else {
		row.note = 'Neither a refusal, a replay nor an ordinary answer.';
	}
	return row;
}

export async function probeOnUsUnknownId(ctx: ProbeContext): Promise<Row> {
	const id = newKey();
	const res = await ctx.client.get(`/api/v1/transfers/on-us/${id}/`);
	const known = res.status === 404 || res.status === 422;
	return {
		...newRow('onUsUnknownId'),
		observed: brief(res),
		value: known ? res.status : null,
		safe: known,
		note: known
			? `Safe: the node reads ${res.status} as "no such transfer" only after it has proven at run time which status this Jiko uses (a known transfer found, an unknown one answered ${res.status}).`
			: 'The node reads 404 or 422 as "no such transfer" (to decide whether a create happened); this answer is neither.',
	};
}

/**
 * The v2 routes the node reads: the pockets list, one pocket (its cash and status), and a
 * pocket's transactions (wire look-ups). Any of them missing (404) is unsafe for the node.
 */
export async function probeV2Endpoints(ctx: ProbeContext): Promise<Row> {
	const row = newRow('v2Endpoints');
	const seen: string[] = [];
	const statuses: number[] = [];
	const ask = async (label: string, path: string, query?: Record<string, number>) => {
		const res = await ctx.client.get(path, { query });
		seen.push(`${label} → ${res.status}`);
		statuses.push(res.status === 200 && res.json && typeof res.json === 'object' ? 200 : res.status);
		return res;
	};
	const list = await ask('GET /api/v2/pockets/', '/api/v2/pockets/', { limit: 1 });
	const pocket = ctx.ids.pocketFrom ?? (itemsOf(list)[0]?.id as string | undefined);
	if (pocket) {
		await ask('/api/v2/pockets/{id}/', `/api/v2/pockets/${pocket}/`);
		await ask('/api/v2/pockets/{id}/transactions/', `/api/v2/pockets/${pocket}/transactions/`, { limit: 1 });
	} else seen.push('no pocket to read (set JIKO_POCKET_FROM)');
	row.observed = seen.join('; ');
	if (statuses.includes(404)) {
		row.value = false;
		row.safe = false;
		row.note = 'A v2 route the node needs is missing: the node reads a pocket (cash, status) through GET /api/v2/pockets/{id}/ and finds wires and ACH items through GET /api/v2/pockets/{id}/transactions/.';
	} else if (statuses.length === 3 && statuses.every((s) => s === 200)) {
		row.value = true;
		row.safe = true;
	} else row.note = pocket ? 'Neither 200 nor 404 from every v2 route.' : 'No pocket to read the other two v2 routes with: set JIKO_POCKET_FROM.';
	return row;
}

export async function probeTrailingSlash(ctx: ProbeContext): Promise<Row> {
	const path = EVENT_TYPES.replace(/\/$/, '');
	const res = await ctx.client.get(path, { query: { limit: 1 } });
	const row: Row = { ...newRow('trailingSlash'), observed: brief(res), safe: true };
	if (is2xx(res)) row.value = 'accept';
	else if (res.status === 404) row.value = 'strict';
	else if ([301, 302, 307, 308].includes(res.status)) {
		row.value = 'redirect';
		row.observed = `${res.status} → ${res.headers.get('location') ?? '(no location)'}`;
	} else row.safe = null;
	return row;
}

/**
 * `count` of one offset list asked with limit=1: more than the page → total; equal to a full
 * page while limit=100 shows more items → page. undefined when this list cannot tell (limit
 * ignored, or not more than one item).
 */
async function offsetCount(ctx: ProbeContext, path: string): Promise<{ value?: 'total' | 'page'; observed: string }> {
	const one = await ctx.client.get(path, { query: { limit: 1 } });
	const count = one.json?.count;
	const n = itemsOf(one).length;
	const label = path.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '{id}');
	if (one.status !== 200 || !Number.isInteger(count)) return { observed: `${label} → ${brief(one)}` };
	let observed = `${label}?limit=1: count ${count}, ${n} item(s)`;
	if (n > 1) return { observed: `${observed} (limit ignored)` };
	if (count > n) return { value: 'total', observed };
	const all = await ctx.client.get(path, { query: { limit: 100 } });
	const total = itemsOf(all).length;
	observed += `; limit=100: ${total} items`;
	return count === n && total > n ? { value: 'page', observed } : { observed };
}

/** The event types list (an offset list the node reads; it needs no ids). */
export async function probeOffsetListCount(ctx: ProbeContext): Promise<Row> {
	const row: Row = { ...newRow('offsetListCount'), safe: true };
	const r = await offsetCount(ctx, EVENT_TYPES);
	row.observed = r.observed;
	if (r.value) row.value = r.value;
	else row.safe = null;
	return row;
}

export async function probeCursorEmptyPage(ctx: ProbeContext): Promise<Row> {
	const row: Row = { ...newRow('cursorEmptyPage'), observed: '', safe: true };
	for (const path of [EVENTS, '/api/v1/subscriptions/']) {
		const res = await ctx.client.get(path, { query: { limit: 1 } });
		if (res.status !== 200 || !res.json || typeof res.json !== 'object' || !Array.isArray(res.json.items)) {
			row.observed += `${path} → ${brief(res)}; `;
			continue;
		}
		if (!('prev_page' in res.json)) {
			row.value = 'omit';
			row.observed = `${path}: no prev_page key`;
		} else if (res.json.prev_page === null) {
			row.value = 'null';
			row.observed = `${path}: "prev_page": null`;
		} else {
			row.observed = `${path}: "prev_page": ${short(JSON.stringify(res.json.prev_page), 40)} on the first page`;
			row.safe = null;
		}
		return row;
	}
	row.safe = null;
	return row;
}

interface SignEvidence {
	value: 'signed' | 'absolute';
	observed: string;
}

/** Looks in one pocket's latest v1 transactions for one known to be money out. */
async function signEvidence(ctx: ProbeContext, pocketId: string, v2: boolean): Promise<SignEvidence | undefined> {
	const res = await ctx.client.get(`/api/v1/jiko-accounts/${pocketId}/transactions/`, { query: { limit: 100 } });
	const txs = itemsOf(res).filter((t) => Number.isInteger(t?.amount?.value) && t.amount.value !== 0);
	const negative = txs.find((t) => t.amount.value < 0);
	if (negative) return { value: 'signed', observed: `transaction ${negative.id} (${negative.details?.transaction_type ?? '?'}) has amount.value ${negative.amount.value}` };
	const positive = (why: string, t: any): SignEvidence => ({ value: 'absolute', observed: `transaction ${t.id}, ${why}, has amount.value ${t.amount.value}` });

	const fee = txs.find((t) => t.details?.transaction_type === 'WIRE_FEE');
	if (fee) return positive('a WIRE_FEE (money out)', fee);

	// An on-us transaction whose transfer came FROM this pocket is money out.
	const onUs = txs.filter((t) => typeof t.details?.on_us_transaction?.on_us_transfer_id === 'string').slice(0, 5);
	for (const t of onUs) {
		const tr = await ctx.client.get(`/api/v1/transfers/on-us/${t.details.on_us_transaction.on_us_transfer_id}/`);
		if (tr.status === 200 && tr.json?.transfer?.from_account?.id === pocketId) return positive('the sending side of an on-us transfer', t);
	}

	// v2 says which way each transaction went (direction DEBIT = money out).
	if (v2) {
		const debits = itemsOf(await ctx.client.get(`/api/v2/pockets/${pocketId}/transactions/`, { query: { direction: 'DEBIT', limit: 10 } }));
		for (const d of debits) {
			const t = txs.find((x) => x.id === d.transaction_id || x.id === d.id);
			if (t) return positive('DEBIT in the v2 list', t);
		}
	}
	return undefined;
}

export async function probeTransactionAmountSign(ctx: ProbeContext, pockets: string[], v2: boolean): Promise<Row> {
	const row: Row = { ...newRow('transactionAmountSign'), observed: '', safe: true };
	for (const p of pockets) {
		const found = await signEvidence(ctx, p, v2);
		if (found) {
			row.value = found.value;
			row.observed = found.observed;
			return row;
		}
	}
	row.safe = null;
	row.observed = pockets.length ? `no money-out transaction among the latest 100 of ${pockets.length} pocket(s)` : 'no pocket to look at';
	row.note = 'Give JIKO_POCKET_FROM (a pocket that has sent money), or run with --money.';
	return row;
}

/**
 * Whether the path the node sends Create Counterparty V2 to exists: the public material shows the
 * Partner API's Counterparties V2 section but not this path. An empty body can create nothing:
 * a 422 (validation) says the route is there, a 404 that it is not (Counterparty → Create would
 * fail with that 404, creating nothing). Nothing here moves money either way.
 */
/** The customer the counterparty questions ask with: the one the local sandbox names, else JIKO_POCKET_FROM's. */
async function customerToAsk(ctx: ProbeContext): Promise<string | undefined> {
	if (ctx.ids.customerId) return ctx.ids.customerId;
	if (!ctx.ids.pocketFrom) return undefined;
	const pocket = await ctx.client.get(`/api/v2/pockets/${ctx.ids.pocketFrom}/`);
	return typeof pocket.json?.customer_id === 'string' ? pocket.json.customer_id : undefined;
}

export async function probeCounterpartyCreatePath(ctx: ProbeContext): Promise<Row> {
	const row = newRow('counterpartyCreatePath');
	const customer = await customerToAsk(ctx);
	if (!customer) return { ...row, observed: 'not asked', note: 'No customer to ask with: set JIKO_POCKET_FROM (its customer is used).' };
	const res = await ctx.client.post(`/api/v2/customers/${customer}/counterparties/`, {});
	row.observed = brief(res);
	if (res.status === 422) {
		row.value = 'present';
		row.safe = true;
		row.note = 'The route is there: Counterparty → Create can be used (its answer to a full request is still to be seen on your Jiko).';
	} else if (res.status === 404 || res.status === 405) {
		row.value = 'absent';
		row.safe = true;
		row.note = 'Not at this path: Counterparty → Create fails with this answer and creates nothing. Ask Jiko for the Partner path of Create Counterparty V2 (core/paths.ts, createCounterparty).';
	} else row.note = 'Neither 422 (the route validates) nor 404 (no route): look at the answer before using Counterparty → Create.';
	return row;
}

/** Whether the customer's counterparty list shows account numbers whole: Counterparty → Create
 * finds a payee by it, and fails closed where a masked one could be the payee. */
export async function probeCounterpartyAccountNumbers(ctx: ProbeContext): Promise<Row> {
	const row = newRow('counterpartyAccountNumbers');
	const customer = await customerToAsk(ctx);
	if (!customer) return { ...row, observed: 'not asked', note: 'No customer to ask with: set JIKO_POCKET_FROM (its customer is used).' };
	const res = await ctx.client.get(`/api/v1/customers/${customer}/counterparties/?limit=100`);
	const items = Array.isArray(res.json?.items) ? (res.json.items as Record<string, any>[]) : [];
	const numbers = items.map((c) => (c[String(c.type ?? '').toLowerCase()] ?? c.ach ?? c.wire ?? {}).account_number).filter((n): n is string => typeof n === 'string');
	row.observed = `${numbers.length} account numbers, e.g. ${numbers.slice(0, 2).map((n) => n.replace(/[A-Za-z0-9](?=[A-Za-z0-9]{4})/g, '•')).join(', ') || 'none'}`;
	if (numbers.length === 0) return { ...row, note: 'The customer has no counterparties to look at.' };
	row.value = numbers.some((n) => /[^A-Za-z0-9]/.test(n)) ? 'masked' : 'full';
	row.safe = true;
	row.note =
		row.value === 'masked'
			? 'Masked: Counterparty → Create cannot tell a payee is new once a wire counterparty with the same routing number and last digits exists; it fails closed naming it.'
			: 'Whole: Counterparty → Create finds a payee by routing and account number.';
	return row;
}
