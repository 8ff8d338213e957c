/**
 * Questions that move money (only with --money): a cent or two between two pockets of one
 * customer (moved back at the end), a cent over ACH and a wire to the customer's own VERIFIED
 * counterparties, a cent to the customer's on-us counterparty. Each probe is one small function.
 */
import { newKey, type JikoResponse } from '../client';
import { newRow } from '../questions';
import type { ProbeContext, Row } from '../types';
import { brief, cashOf, centsOf, is2xx, isRefusal, itemsOf, pollUntil, sleep, transferIdOf } from '../util';
import { classifyRepeatedKey } from './reads';

const ON_US = '/api/v1/transfers/on-us/';

/** The note of a duplicate id that moved money again (loud: it is the worst answer there is). */
const DUPLICATE_EXECUTED = (field: string, what: string): string =>
	`MONEY MOVED TWICE: a second create with an existing ${field} was executed as a new ${what}. The node would pay twice when it sends a create again with the same ${field} after a lost answer or a restart. Do not move money with the node on this Jiko; report it to Jiko and to the n8n-nodes-jiko maintainers.`;
const DESCRIPTION = 'conformance probe';
const FINAL_ON_US = ['COMPLETED', 'REJECTED'];

function reallocation(from: string, to: string, cents: number, transferId?: string): string {
	return JSON.stringify({
		type: 'INTERNAL_REALLOCATION',
		...(transferId ? { transfer_id: transferId } : {}),
		description: DESCRIPTION,
		from_account: { id: from, type: 'JIKO_ACCOUNT' },
		to_account: { id: to, type: 'JIKO_ACCOUNT' },
		amount: { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
		async_mode: false,
	});
}

/** The transfer's final status: from the create answer, or by polling GET by id (PENDING, async). */
async function finalStatus(ctx: ProbeContext, created: JikoResponse): Promise<string | undefined> {
	const status = created.json?.status;
	const id = created.json?.id;
	if (FINAL_ON_US.includes(status) || typeof id !== 'string') return status;
	return pollUntil(async () => {
		const res = await ctx.client.get(`${ON_US}${id}/`);
		return res.status === 200 && FINAL_ON_US.includes(res.json?.status) ? (res.json.status as string) : undefined;
	}, Date.now() + ctx.timeoutMs);
}

/** The first on-us transfer (no transfer_id), sent, then resent at once with the same key and bytes. */
export interface FirstTransfer {
	body: string;
	key: string;
	first: JikoResponse;
	resend?: JikoResponse;
	/** cash of the sending pocket before the first send */
	fromCashBefore: number;
}

export async function sendFirstTransfer(ctx: ProbeContext, from: string, to: string): Promise<FirstTransfer> {
	const fromCashBefore = await cashOf(ctx.client, from);
	const body = reallocation(from, to, 1);
	const key = newKey();
	const first = await ctx.client.post(ON_US, body, { key });
	if (!is2xx(first) || typeof first.json?.id !== 'string') return { body, key, first, fromCashBefore };
	const resend = await ctx.client.post(ON_US, body, { key });
	return { body, key, first, resend, fromCashBefore };
}

export async function judgeRepeatedKeyWrite(ctx: ProbeContext, t: FirstTransfer, from: string): Promise<Row> {
	const row = newRow('repeatedKeyWrite');
	if (!t.resend) {
		row.observed = `POST ${ON_US} (1 cent) → ${brief(t.first)}; cannot ask`;
		return row;
	}
	const firstId = t.first.json.id as string;
	const verdict = classifyRepeatedKey(t.first, t.resend, (res) => res.json?.id === firstId);
	if (is2xx(t.resend) && verdict === 'unprotected') await finalStatus(ctx, t.resend);
	await finalStatus(ctx, t.first);
	const moved = t.fromCashBefore - (await cashOf(ctx.client, from));
	const answer = verdict === 'replay' && t.resend.text === t.first.text ? `${t.resend.status}, the first answer again` : brief(t.resend);
	row.observed = `resent → ${answer}; the sending pocket lost ${moved} cent(s) in all`;
	if (verdict === 'unprotected' || moved >= 2) {
		row.safe = false;
		row.note = 'The resend ran a second transfer: a retry after a lost answer moves money twice. No sandbox switch behaves like this.';
	} else if (verdict === 'conflict' || verdict === 'replay') {
		row.value = verdict;
		row.safe = true;
	}
	return row;
}

/** Does the pocket's transaction list show the transfer yet? (v2 filter[on_us_transfer], else v1) */
async function listedOnUs(ctx: ProbeContext, pocket: string, transferId: string, v2: boolean): Promise<boolean> {
	if (v2) {
		const items = itemsOf(await ctx.client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[on_us_transfer]': transferId } }));
		return items.some((i) => i.on_us_transfer_id === transferId || i.on_us_transaction?.on_us_transfer_id === transferId);
	}
	const items = itemsOf(await ctx.client.get(`/api/v1/jiko-accounts/${pocket}/transactions/`, { query: { 'filter[types]': 'ON_US', limit: 50 } }));
	return items.some((i) => i.details?.on_us_transaction?.on_us_transfer_id === transferId);
}

export async function probeVisibilityLag(ctx: ProbeContext, t: FirstTransfer, from: string, v2: boolean): Promise<Row> {
	const row = newRow('visibilityLagMs');
	const id = t.first.json?.id;
	if (!is2xx(t.first) || typeof id !== 'string') {
		row.observed = `POST ${ON_US} (1 cent) → ${brief(t.first)}; cannot ask`;
		return row;
	}
	const t0 = t.first.at;
	let byId: number | undefined;
	let inList: number | undefined;
	let attempts = 0;
	await pollUntil(async () => {
		attempts += 1;
		if (byId === undefined) {
			const res = await ctx.client.get(`${ON_US}${id}/`);
			if (res.status === 200 && res.json?.id === id) byId = attempts === 1 ? 0 : Date.now() - t0;
		}
		if (inList === undefined && (await listedOnUs(ctx, from, id, v2))) inList = attempts === 1 ? 0 : Date.now() - t0;
		return byId !== undefined && inList !== undefined ? true : undefined;
	}, t0 + ctx.timeoutMs);
	const where = v2 ? 'v2 transactions (filter[on_us_transfer])' : 'v1 transactions';
	const fmt = (ms: number | undefined) => (ms === undefined ? 'never' : ms === 0 ? 'at once' : `after ${ms} ms`);
	row.observed = `GET by id: ${fmt(byId)}; ${where}: ${fmt(inList)}`;
	if (byId === undefined || inList === undefined) {
		row.observed += ` (waited ${Math.round(ctx.timeoutMs / 1000)} s)`;
		row.safe = false;
		row.note = 'Not visible within --timeout-seconds: the node would report a transfer it cannot find. Rerun with a longer --timeout-seconds to measure it.';
		return row;
	}
	const lag = Math.max(byId, inList);
	// Measured from the create answer and polled every 50 ms: rounded up to 100 ms.
	row.value = lag === 0 ? 0 : Math.ceil(lag / 100) * 100;
	row.safe = true;
	return row;
}

/**
 * Cash of `pocket` once it differs from `from` (polled until `deadline`), else `from` itself:
 * a balance may show a completed transfer a moment later.
 */
async function cashChange(ctx: ProbeContext, pocket: string, from: number, deadline: number): Promise<number> {
	return (await pollUntil(async () => {
		const cash = await cashOf(ctx.client, pocket);
		return cash !== from ? cash : undefined;
	}, deadline)) ?? from;
}

export async function probeDuplicateTransferId(ctx: ProbeContext, from: string, to: string): Promise<Row> {
	const row = newRow('duplicateTransferId');
	const body = reallocation(from, to, 1, newKey());
	const before = await cashOf(ctx.client, to);
	const sent = Date.now();
	const first = await ctx.client.post(ON_US, body);
	if (!is2xx(first)) {
		row.observed = `POST ${ON_US} (1 cent) → ${brief(first)}; cannot ask`;
		return row;
	}
	const status = await finalStatus(ctx, first);
	const mid = await cashChange(ctx, to, before, Date.now() + ctx.timeoutMs);
	if (mid === before) {
		row.observed = `the first transfer (${status ?? '?'}) never showed in the receiving pocket's cash; cannot ask`;
		return row;
	}
	// How long the balance took to show the first transfer: give the second twice as long, at
	// least 0.5 s (the local emulator's balances are synchronous: 50 ms).
	const settleWindow = Math.min(ctx.timeoutMs, Math.max(ctx.local ? 50 : 500, 2 * (Date.now() - sent)));
	const second = await ctx.client.post(ON_US, body);
	if (is2xx(second)) await finalStatus(ctx, second);
	const moved = (await cashChange(ctx, to, mid, Date.now() + settleWindow)) - mid;
	row.observed = `second create → ${brief(second)}; it moved ${moved} cent(s)`;
	if (moved >= 1) row.value = 'execute-again';
	else if (isRefusal(second)) row.value = 'conflict';
	else if (is2xx(second)) row.value = 'return-existing';
	row.safe = row.value === null ? null : row.value !== 'execute-again';
	if (row.value === 'execute-again') row.note = DUPLICATE_EXECUTED('transfer_id', 'on-us transfer');
	return row;
}

/** Moves back what the on-us probes moved into `to` (measured from its cash). */
export async function moveBack(ctx: ProbeContext, from: string, to: string, toCashBefore: number): Promise<string> {
	const extra = (await cashOf(ctx.client, to)) - toCashBefore;
	if (extra <= 0) return `nothing to move back to ${from}`;
	const res = await ctx.client.post(ON_US, reallocation(to, from, extra));
	const status = is2xx(res) ? await finalStatus(ctx, res) : undefined;
	return status === 'COMPLETED' ? `moved ${extra} cent(s) back from ${to} to ${from}` : `could not move ${extra} cent(s) back from ${to} to ${from}: ${brief(res)} ${status ?? ''}`.trim();
}

const ACH_FINAL = ['PROCESSED', 'FAILED', 'REJECTED', 'CANCELLED'];

/**
 * The direction of the transaction an ACH origination booked (v2: CREDIT = money in): the item
 * that shows the origination's id (flat or nested), else — when v2 items carry no ids — the
 * newest 1-cent ORIGINATION item booked since the create.
 */
async function bookedAchDirection(ctx: ProbeContext, pocket: string, achId: string, since: number): Promise<string | undefined> {
	const items = itemsOf(await ctx.client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[type]': 'ACH', limit: 30 } })).filter((i) => i.type === undefined || i.type === 'ACH');
	let t = items.find((i) => transferIdOf(i)?.id === achId);
	if (!t && items.every((i) => transferIdOf(i) === undefined)) {
		t = items.find((i) => centsOf(i) === 1 && i.ach_direction === 'ORIGINATION' && Date.parse(String(i.time_booked)) >= since - 60_000);
	}
	return typeof t?.direction === 'string' ? t.direction : undefined;
}

/** The credential's ACH Direction Convention option that matches a reading. */
const CONVENTION = {
	'debit-pulls': 'set the credential\'s ACH Direction Convention to "DEBIT Pulls Money In" (debitPulls)',
	'credit-pulls': 'set the credential\'s ACH Direction Convention to "CREDIT Pulls Money In" (creditPulls)',
} as const;
const conventionNote = (value: 'debit-pulls' | 'credit-pulls'): string =>
	`Safe: ${CONVENTION[value]}. With the other setting the node notices before its first ACH where the pocket shows earlier ACH, else on its first one (that one moved the other way), and stops sending ACH with that credential.`;

export async function probeAchDirection(ctx: ProbeContext, pocket: string, counterparty: string, v2: boolean): Promise<Row> {
	const row = newRow('achDirection');
	const settleLocally = async () => {
		if (ctx.local) await ctx.client.plain('POST', '/_sandbox/settle');
	};
	await settleLocally(); // nothing else pending may move the balance meanwhile
	const before = await cashOf(ctx.client, pocket);
	const path = `/api/v1/jiko-accounts/${pocket}/ach-originating/`;
	const created = await ctx.client.post(path, { counterparty_id: counterparty, direction: 'DEBIT', sec_code: 'WEB', amount_usdc: 1 });
	const id = created.json?.id;
	const sentAt = created.at;
	if (!is2xx(created) || typeof id !== 'string') {
		row.observed = `POST ${path} (DEBIT, 1 cent) → ${brief(created)}`;
		return row;
	}
	ctx.known.ach.push({ pocket, achId: id, cents: 1 });
	await settleLocally();
	let status: string | undefined = created.json?.status;
	const after = await pollUntil(async () => {
		const cash = await cashOf(ctx.client, pocket);
		if (cash !== before) return cash;
		const res = await ctx.client.get(`${path}${id}/`);
		if (res.status === 200) status = res.json?.status;
		return status && ACH_FINAL.includes(status) ? await cashOf(ctx.client, pocket) : undefined;
	}, Date.now() + ctx.timeoutMs);
	const delta = after === undefined ? 0 : after - before;
	row.observed = `1-cent DEBIT: pocket cash ${delta > 0 ? '+' : ''}${delta} cent(s)${delta === 0 ? ` (last status seen: ${status ?? '?'})` : ''}`;
	if (delta !== 0) {
		const value = delta > 0 ? 'debit-pulls' : 'credit-pulls';
		row.value = value;
		row.safe = true;
		row.note = conventionNote(value);
		return row;
	}
	const booked = v2 ? await bookedAchDirection(ctx, pocket, id, sentAt) : undefined;
	if (booked === 'CREDIT' || booked === 'DEBIT') {
		const value = booked === 'CREDIT' ? 'debit-pulls' : 'credit-pulls';
		row.value = value;
		row.safe = true;
		row.observed += `; its booked transaction is a ${booked} (money ${booked === 'CREDIT' ? 'in' : 'out'})`;
		row.note = `Decided from the booked transaction: the ACH was not processed within --timeout-seconds. ${conventionNote(value)}`;
		return row;
	}
	row.observed += after === undefined ? ` (not processed within ${Math.round(ctx.timeoutMs / 1000)} s)` : '';
	row.note = 'undecided: rerun later with a longer --timeout-seconds (ACH settles the same or the next business day).';
	return row;
}

/**
 * Wire transactions (type WIRE, not WIRE_FEE) that carry this wire_id: the v2 items that show
 * it (flat or nested; filter[wire] may be ignored, so each item is checked), and the v1
 * transactions (details.wire_transaction.wire_id, the node's fallback); the larger count.
 */
async function wireTransactions(ctx: ProbeContext, pocket: string, wireId: string, v2: boolean): Promise<number> {
	let fromV2 = 0;
	if (v2) {
		const items = itemsOf(await ctx.client.get(`/api/v2/pockets/${pocket}/transactions/`, { query: { 'filter[wire]': wireId, limit: 100 } }));
		fromV2 = items.filter((i) => transferIdOf(i)?.id === wireId && (i.type === undefined || i.type === 'WIRE')).length;
	}
	const v1 = itemsOf(await ctx.client.get(`/api/v1/jiko-accounts/${pocket}/transactions/`, { query: { 'filter[types]': 'WIRE', limit: 100 } }));
	const fromV1 = v1.filter((i) => i.details?.wire_transaction?.wire_id === wireId && i.details?.transaction_type === 'WIRE').length;
	return Math.max(fromV2, fromV1);
}

/** One 1-cent wire, then the same body again with a new key: answers wireCreateBody and duplicateWireId. */
export async function probeWire(ctx: ProbeContext, pocket: string, counterparty: string, v2: boolean): Promise<Row[]> {
	const bodyRow = newRow('wireCreateBody');
	const dupRow = newRow('duplicateWireId');
	const path = `/api/v1/jiko-accounts/${pocket}/wires/`;
	const wireId = newKey();
	const body = JSON.stringify({ counterparty_id: counterparty, amount_usdc: 1, description: DESCRIPTION, wire_id: wireId });
	const started = Date.now();
	const first = await ctx.client.post(path, body);
	if (!is2xx(first)) {
		bodyRow.observed = `POST ${path} (1 cent) → ${brief(first)}`;
		dupRow.observed = 'no wire was created; cannot ask';
		return [bodyRow, dupRow];
	}
	ctx.known.wires.push({ pocket, wireId, counterparty });
	const keys = first.json && typeof first.json === 'object' && !Array.isArray(first.json) ? Object.keys(first.json) : [];
	if (first.text.trim() === '' || (first.json !== undefined && keys.length === 0)) {
		bodyRow.value = 'none';
		bodyRow.observed = `${first.status} with ${first.text.trim() === '' ? 'an empty body' : `body ${first.text.trim()}`}`;
	} else if (keys.length > 0) {
		bodyRow.value = 'wire';
		bodyRow.observed = `${first.status} {${keys.slice(0, 6).join(', ')}${keys.length > 6 ? ', …' : ''}}`;
	} else bodyRow.observed = brief(first);
	bodyRow.safe = bodyRow.value === null ? null : true;

	const second = await ctx.client.post(path, body);
	const gap = Date.now() - started;
	if (isRefusal(second)) {
		dupRow.value = 'conflict';
		dupRow.observed = `second create → ${brief(second)}`;
		dupRow.safe = true;
		return [bodyRow, dupRow];
	}
	// Count the wire transactions that carry the wire_id once they can be seen (visibility lag).
	const seen = await pollUntil(async () => ((await wireTransactions(ctx, pocket, wireId, v2)) > 0 ? true : undefined), Date.now() + ctx.timeoutMs);
	if (seen) await sleep(gap + 300);
	const count = seen ? await wireTransactions(ctx, pocket, wireId, v2) : 0;
	dupRow.observed = `second create → ${brief(second)}; ${count} WIRE transaction(s) carry the wire_id`;
	if (count >= 2) dupRow.value = 'execute-again';
	else if (count === 1 && is2xx(second)) dupRow.value = 'return-existing';
	dupRow.safe = dupRow.value === null ? null : dupRow.value !== 'execute-again';
	if (dupRow.value === 'execute-again') dupRow.note = DUPLICATE_EXECUTED('wire_id', 'wire');
	else if (count === 0 && second.status === 201) {
		dupRow.safe = false;
		dupRow.note = `The second create with the same wire_id was answered 201 Created, and no WIRE transaction carrying the wire_id showed within ${Math.round(ctx.timeoutMs / 1000)} s to prove it was not sent again: treat it as a second wire.`;
	} else if (count === 0) dupRow.note = `No WIRE transaction carrying the wire_id showed within ${Math.round(ctx.timeoutMs / 1000)} s: rerun with a longer --timeout-seconds.`;
	return [bodyRow, dupRow];
}

/** The enum values a 422 names for to_account.type (pydantic's "permitted: 'A', 'B'" or ctx.enum_values). */
export function permittedToAccountTypes(res: JikoResponse): string[] {
	if (res.status !== 422 || !Array.isArray(res.json?.detail)) return [];
	const out: string[] = [];
	for (const d of res.json.detail) {
		const loc = Array.isArray(d?.loc) ? d.loc.map(String) : [];
		if (!loc.includes('to_account') || loc[loc.length - 1] !== 'type') continue;
		if (Array.isArray(d.ctx?.enum_values)) out.push(...d.ctx.enum_values.map(String));
		else if (typeof d.ctx?.expected === 'string') out.push(...[...d.ctx.expected.matchAll(/'([^']+)'/g)].map((m) => m[1]));
		else if (typeof d.msg === 'string' && /permitted|should be/i.test(d.msg)) out.push(...[...d.msg.matchAll(/'([^']+)'/g)].map((m) => m[1]));
	}
	return out;
}

export async function probePeerToPeer(ctx: ProbeContext, pocket: string, counterparty: string): Promise<Row> {
	const row = newRow('peerToPeerToAccountType');
	const candidates = ['COUNTERPARTY', 'ON_US_COUNTERPARTY', 'JIKO_ACCOUNT'];
	const tried: string[] = [];
	const seen: string[] = [];
	while (candidates.length && tried.length < 6) {
		const type = candidates.shift() as string;
		seen.push(type);
		const res = await ctx.client.post(ON_US, {
			type: 'PEER_TO_PEER',
			description: DESCRIPTION,
			from_account: { id: pocket, type: 'JIKO_ACCOUNT' },
			to_account: { id: counterparty, type },
			amount: { type: 'REQUESTED_AMOUNT', amount_usdc: 1 },
			async_mode: false,
		});
		tried.push(`${type} → ${is2xx(res) ? `${res.status} ${res.json?.status ?? ''}`.trim() : res.status}`);
		if (is2xx(res)) {
			row.value = type;
			row.safe = true;
			break;
		}
		// A 422 that names the permitted values: try those next.
		for (const p of permittedToAccountTypes(res)) if (!seen.includes(p) && !candidates.includes(p)) candidates.unshift(p);
	}
	row.observed = `to_account.type ${tried.join(', ')}`;
	if (row.value === null) row.note = 'No to_account.type tried was accepted.';
	return row;
}
