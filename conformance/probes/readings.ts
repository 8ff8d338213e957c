/**
 * Read-only questions about v2 transactions that Jiko's page lists with no meaning: the unit of
 * amount_from / amount_to, whether filter[wire] is applied, where an item shows ach_id /
 * wire_id, and the ach_id of originations from before July 2024. They look at transfers this
 * run created (--money) or found (v1 transactions and ACH originations, which the node reads
 * too), and write nothing.
 */
import { newKey, type JikoResponse } from '../client';
import { newRow } from '../questions';
import type { ProbeContext, Row } from '../types';
import { brief, centsOf, hasTransferIdKey, itemsOf, transferIdOf } from '../util';

const v2Transactions = (pocket: string) => `/api/v2/pockets/${pocket}/transactions/`;
const JULY_2024 = Date.UTC(2024, 6, 1);

/** Transfers to test look-ups with, found read-only in the pockets' v1 transactions and ACH originations. */
export async function discoverKnown(ctx: ProbeContext, pockets: string[]): Promise<void> {
	for (const pocket of pockets.slice(0, 6)) {
		if (ctx.known.wires.length >= 2 && ctx.known.ach.length >= 2) return;
		if (!ctx.known.wires.some((w) => w.pocket === pocket)) {
			const wires = itemsOf(await ctx.client.get(`/api/v1/jiko-accounts/${pocket}/transactions/`, { query: { 'filter[types]': 'WIRE', limit: 20 } }));
			const w = wires.find((t) => typeof t.details?.wire_transaction?.wire_id === 'string');
			if (w) ctx.known.wires.push({ pocket, wireId: w.details.wire_transaction.wire_id });
		}
		if (!ctx.known.ach.some((a) => a.pocket === pocket)) {
			const ach = itemsOf(await ctx.client.get(`/api/v1/jiko-accounts/${pocket}/ach-originating/`, { query: { limit: 20 } }));
			const a = ach.find((x) => typeof x.id === 'string' && Date.parse(String(x.time_created)) >= JULY_2024 && Number.isInteger(x.amount?.value ?? x.amount_usdc));
			if (a) ctx.known.ach.push({ pocket, achId: a.id, cents: (a.amount?.value ?? a.amount_usdc) as number });
		}
	}
}

const FALLBACK_AMOUNT = 'the node does not use the amount filter: it finds an ACH by walking the pocket\'s ACH originations (GET /api/v1/jiko-accounts/{id}/ach-originating/)';
const FALLBACK_WIRE = 'the node does not use filter[wire]: it finds a wire by walking the pocket\'s wire transactions (filter[type]=WIRE, each item\'s wire id checked)';
const FALLBACK_IDS = 'the node cannot match a v2 item to its ACH or wire by id: it walks the pocket\'s ACH originations and its v1 wire transactions (details.wire_transaction.wire_id), and cannot read from Jiko which way an ACH moved (check the credential\'s ACH Direction Convention with the achDirection question)';

type Page = { res: JikoResponse; items: any[] };
const page = async (ctx: ProbeContext, pocket: string, query: Record<string, string | number>): Promise<Page> => {
	const res = await ctx.client.get(v2Transactions(pocket), { query: { limit: 100, ...query } });
	return { res, items: itemsOf(res) };
};

/**
 * v2AmountFilterUnit: one item of a known amount A cents (a known ACH first, else the rarest
 * amount on the pocket's first page) asked with amount_from = amount_to = A (cents) and
 * = A/100 (dollars). cents: the first query returns it and only amount A; dollars: the second
 * does; ignored: the first returns it among other amounts.
 */
export async function probeAmountFilterUnit(ctx: ProbeContext, pockets: string[]): Promise<Row> {
	const row = newRow('v2AmountFilterUnit');
	const seen: string[] = [];
	const ordered = [...new Set([...ctx.known.ach.map((a) => a.pocket), ...pockets])];
	for (const pocket of ordered.slice(0, 6)) {
		const all = await page(ctx, pocket, {});
		const amounts = all.items.map(centsOf).filter((c): c is number => c !== undefined && c > 0);
		if (new Set(amounts).size < 2) {
			seen.push(`pocket ${pocket.slice(0, 8)}…: ${all.res.status === 200 ? `${new Set(amounts).size} distinct amount(s)` : brief(all.res)}`);
			continue;
		}
		const counts = new Map<number, number>();
		for (const a of amounts) counts.set(a, (counts.get(a) ?? 0) + 1);
		const knownAch = ctx.known.ach.find((a) => a.pocket === pocket && counts.has(a.cents));
		const target = knownAch?.cents ?? [...counts.entries()].sort((x, y) => x[1] - y[1])[0][0];
		const targetIds = new Set(all.items.filter((i) => centsOf(i) === target).map((i) => i.id));
		const dollars = (target / 100).toFixed(2);
		const asCents = await page(ctx, pocket, { amount_from: target, amount_to: target });
		const asDollars = await page(ctx, pocket, { amount_from: dollars, amount_to: dollars });
		const finds = (p: Page) => p.res.status === 200 && p.items.some((i) => targetIds.has(i.id));
		const pure = (p: Page) => p.items.every((i) => centsOf(i) === target);
		const say = (p: Page) => (p.res.status !== 200 ? brief(p.res) : `${p.items.length} item(s)${p.items.length ? (pure(p) ? `, all of ${target} cents` : ', other amounts too') : ''}`);
		row.observed = `an item of ${target} cents: amount_from=amount_to=${target} → ${say(asCents)}; =${dollars} → ${say(asDollars)}`;
		if (finds(asCents) && pure(asCents)) {
			row.value = 'cents';
			row.safe = true;
			row.note = 'Integer cents, inclusive: the node uses the amount filter once it has proven it with an ACH it created.';
		} else if (finds(asDollars) && pure(asDollars)) {
			row.value = 'dollars';
			row.safe = true;
			row.fallback = FALLBACK_AMOUNT;
		} else if (finds(asCents) && !pure(asCents)) {
			row.value = 'ignored';
			row.safe = true;
			row.fallback = FALLBACK_AMOUNT;
		} else {
			row.note = 'Neither reading returned the item (exclusive bounds, or another unit): no sandbox switch behaves like this.';
			row.safe = true;
			row.fallback = FALLBACK_AMOUNT;
		}
		return row;
	}
	row.observed = seen.length ? seen.join('; ') : 'no pocket to look at';
	return row;
}

/**
 * v2WireFilter: a random wire id (anything back = ignored), and a known wire's id (applied
 * only when it returns that wire's own WIRE / WIRE_FEE items and nothing else).
 */
export async function probeWireFilter(ctx: ProbeContext, pockets: string[]): Promise<Row> {
	const row = newRow('v2WireFilter');
	const known = ctx.known.wires[0];
	const pocket = known?.pocket ?? pockets[0];
	if (!pocket) {
		row.observed = 'no pocket to look at';
		return row;
	}
	const random = await page(ctx, pocket, { 'filter[wire]': newKey(), limit: 10 });
	if (random.res.status !== 200) {
		row.observed = `filter[wire]=<random id> → ${brief(random.res)}`;
		row.safe = true;
		row.fallback = FALLBACK_WIRE;
		row.note = 'filter[wire] is refused: no sandbox switch behaves like this.';
		return row;
	}
	row.observed = `filter[wire]=<random id> → ${random.items.length} item(s)`;
	if (random.items.length > 0) {
		row.value = 'ignored';
		row.safe = true;
		row.fallback = FALLBACK_WIRE;
		return row;
	}
	if (!known) {
		row.observed += '; no wire known to ask with';
		return row;
	}
	const own = await page(ctx, pocket, { 'filter[wire]': known.wireId });
	const others = own.items.filter((i) => !['WIRE', 'WIRE_FEE'].includes(i.type) || (transferIdOf(i) !== undefined && transferIdOf(i)?.id !== known.wireId));
	row.observed += `; filter[wire]=<a known wire> → ${own.res.status === 200 ? `${own.items.length} item(s) (${own.items.map((i) => i.type).join(', ')})` : brief(own.res)}`;
	if (own.res.status === 200 && own.items.length > 0 && others.length === 0) {
		row.value = 'applied';
		row.safe = true;
		row.note = "Applied: the node uses filter[wire] once it has proven it with a wire it sent (and still checks each item's wire id).";
	} else if (own.res.status === 200 && others.length > 0) {
		row.safe = true;
		row.fallback = FALLBACK_WIRE;
		row.note = 'Other items came back for a known wire: the filter cannot be trusted. No sandbox switch behaves like this.';
	} else row.note = 'The known wire did not come back (visibility lag, or another pocket): rerun later.';
	return row;
}

/** v2TransferIds: where the ACH / wire items of the pockets with known transfers show their ids. */
export async function probeTransferIds(ctx: ProbeContext, pockets: string[]): Promise<Row> {
	const row = newRow('v2TransferIds');
	const knownIds = new Set<string>([...ctx.known.wires.map((w) => w.wireId), ...ctx.known.ach.map((a) => a.achId)]);
	const ordered = [...new Set([...ctx.known.wires.map((w) => w.pocket), ...ctx.known.ach.map((a) => a.pocket), ...pockets])].slice(0, 6);
	const items: any[] = [];
	for (const pocket of ordered) {
		for (const type of ['WIRE', 'ACH']) {
			const p = await page(ctx, pocket, { 'filter[type]': type, limit: 50 });
			items.push(...p.items.filter((i) => ['ACH', 'WIRE', 'WIRE_FEE'].includes(i.type)));
		}
	}
	const ours = items.find((i) => knownIds.has(String(transferIdOf(i)?.id)));
	const withKey = items.filter((i) => transferIdOf(i) !== undefined);
	const flat = withKey.filter((i) => transferIdOf(i)?.where === 'flat').length;
	const nested = withKey.length - flat;
	if (ours) {
		row.value = transferIdOf(ours)?.where ?? null;
		row.observed = `a known ${ours.type} item shows its id ${row.value === 'flat' ? 'top-level' : 'under details'}; ${items.length} ACH / wire item(s) looked at`;
	} else if (items.length && !items.some(hasTransferIdKey)) {
		row.value = 'absent';
		row.observed = `${items.length} ACH / wire item(s): none carries ach_id or wire_id`;
	} else if (withKey.length && (flat === 0 || nested === 0)) {
		row.value = flat ? 'flat' : 'nested';
		row.observed = `${withKey.length} ACH / wire item(s) show ids ${flat ? 'top-level' : 'under details'} (none of a known transfer)`;
	} else {
		row.observed = items.length ? `${items.length} ACH / wire item(s), ids in mixed places` : 'no ACH or wire item in the v2 transactions looked at';
		return row;
	}
	row.safe = true;
	if (row.value === 'absent') row.fallback = FALLBACK_IDS;
	return row;
}

/**
 * ach_id of an origination created before July 2024 (documented: not populated). Informational:
 * the node matches by ach_id only ACH originations it created itself.
 */
export async function probeAchIdBeforeJuly2024(ctx: ProbeContext, pockets: string[]): Promise<Row> {
	const row = newRow('achIdBeforeJuly2024');
	for (const pocket of pockets.slice(0, 6)) {
		let cursor: string | undefined;
		let old: any;
		for (let pages = 0; pages < 5 && !old; pages++) {
			const res = await ctx.client.get(`/api/v1/jiko-accounts/${pocket}/ach-originating/`, { query: { limit: 100, cursor } });
			old = itemsOf(res).find((a) => Date.parse(String(a.time_created)) < JULY_2024);
			cursor = typeof res.json?.next_page === 'string' ? res.json.next_page : undefined;
			if (!cursor) break;
		}
		if (!old) continue;
		const created = Date.parse(String(old.time_created));
		const cents = (old.amount?.value ?? old.amount_usdc) as number;
		const around = await page(ctx, pocket, { 'filter[type]': 'ACH', time_booked_from: new Date(created - 1000).toISOString(), time_booked_to: new Date(created + 1000).toISOString() });
		const item = around.items.find((i) => transferIdOf(i)?.id === old.id) ?? around.items.find((i) => centsOf(i) === cents && (i.ach_direction ?? i.details?.ach_transaction?.ach_direction) !== 'RECEIVING');
		const shown = item ? transferIdOf(item) : undefined;
		if (!item) {
			row.observed = `origination ${old.id} of ${old.time_created}: no v2 item found`;
			continue;
		}
		row.value = shown === undefined ? 'absent' : shown.id === null ? 'null' : 'populated';
		row.observed = `origination of ${old.time_created}: its v2 item shows ach_id ${shown === undefined ? '(no key)' : JSON.stringify(shown.id)}`;
		row.safe = true;
		row.note = 'Informational: the node looks up by ach_id only ACH originations it created itself.';
		return row;
	}
	row.observed ||= `no ACH origination created before July 2024 in ${pockets.slice(0, 6).length} pocket(s)`;
	return row;
}

const FEDWIRE_NAME_LINE = 35;
const normalName = (name: string) => name.trim().replace(/\s+/g, ' ');

/** The names a counterparty goes by: name_on_account (under wire / ach, or top-level), and the
 * name it was created with (business name, or first and last name) where it shows one. */
function namesOf(counterparty: any): string[] {
	const names: string[] = [];
	for (const side of [counterparty?.wire, counterparty?.ach, counterparty]) {
		if (!side || typeof side !== 'object') continue;
		if (typeof side.name_on_account === 'string') names.push(side.name_on_account);
		const created = side.counterparty_name;
		if (typeof created?.business_name === 'string') names.push(created.business_name);
		if (typeof created?.first_name === 'string' && typeof created?.last_name === 'string') names.push(`${created.first_name} ${created.last_name}`);
	}
	return [...new Set(names.map(normalName).filter(Boolean))];
}

/**
 * wireCounterpartyName (informational): the `counterparty_name` of a known wire's transaction
 * (v1 details.wire_transaction, and its v2 item where one shows the wire id), beside the names of
 * the counterparty it paid (a wire this run sent) or else of every wire counterparty of the
 * pocket's customer. The node compares it with this run's payee when a Business Key finds a wire.
 */
export async function probeWireCounterpartyName(ctx: ProbeContext): Promise<Row> {
	const row = newRow('wireCounterpartyName');
	// a wire this run sent first: its counterparty is known
	const wires = [...ctx.known.wires].sort((a, b) => Number(!!b.counterparty) - Number(!!a.counterparty));
	for (const wire of wires) {
		const v1 = itemsOf(await ctx.client.get(`/api/v1/jiko-accounts/${wire.pocket}/transactions/`, { query: { 'filter[types]': 'WIRE', limit: 100 } }));
		const tx = v1.find((t) => t.details?.wire_transaction?.wire_id === wire.wireId);
		if (!tx) continue;
		const v2 = (await page(ctx, wire.pocket, { 'filter[wire]': wire.wireId, limit: 10 })).items.find((i) => i.type === 'WIRE' && transferIdOf(i)?.id === wire.wireId);
		const shownV1: unknown = tx.details.wire_transaction.counterparty_name;
		const shownV2: unknown = v2 ? (v2.counterparty_name ?? v2.details?.wire_transaction?.counterparty_name) : undefined;
		const shown = typeof shownV2 === 'string' && shownV2.trim() ? shownV2 : typeof shownV1 === 'string' && shownV1.trim() ? shownV1 : undefined;
		const said = `v1 ${shownV1 === undefined ? '(no key)' : JSON.stringify(shownV1)}${v2 ? `, v2 ${JSON.stringify(shownV2 ?? null)}` : ''}`;
		const pocket = await ctx.client.get(`/api/v2/pockets/${wire.pocket}/`);
		const customer = typeof pocket.json?.customer_id === 'string' ? pocket.json.customer_id : ctx.ids.customerId;
		let names: string[] = [];
		let of = '';
		if (customer && wire.counterparty) {
			names = namesOf((await ctx.client.get(`/api/v1/customers/${customer}/counterparties/${wire.counterparty}/`)).json);
			of = 'the counterparty it paid';
		} else if (customer) {
			const all = itemsOf(await ctx.client.get(`/api/v1/customers/${customer}/counterparties/`, { query: { limit: 100 } }));
			names = [...new Set(all.filter((c) => c.type === 'WIRE').flatMap(namesOf))];
			of = "the customer's wire counterparties";
		}
		row.observed = `a wire's transaction shows counterparty_name ${said}; ${of ? `${of}: ${names.length ? names.map((n) => JSON.stringify(n)).join(', ') : 'no name'}` : 'no customer to read counterparties of'}`;
		row.safe = true;
		if (shown === undefined) {
			row.value = 'absent';
			row.note = "No payee name: the node cannot compare a found wire's payee. A Business Key reused with another counterparty is answered `existing` with payee_checked: false and a notice (request_matches_existing: null), not refused.";
			return row;
		}
		const name = normalName(shown);
		if (names.includes(name)) {
			row.value = 'nameOnAccount';
			row.note = "The counterparty's name: the node refuses a Business Key reused with another counterparty as a conflict.";
		} else if (names.some((n) => normalName(n.toUpperCase().slice(0, FEDWIRE_NAME_LINE)) === name)) {
			row.value = 'fedwireLine';
			row.note = `The counterparty's name in capitals, cut to ${FEDWIRE_NAME_LINE} characters: the node compares names without case, and answers a name that is cut with payee_checked: false and a notice.`;
		} else if (names.some((n) => n.toLowerCase() === name.toLowerCase())) {
			row.note = "The counterparty's name in other capitals: no sandbox switch shows exactly this; the node compares names without case.";
		} else {
			row.note = names.length
				? 'The name matches none of these: the node would refuse a re-run with the same Business Key as a conflict (nothing is sent). Run with --money and JIKO_WIRE_COUNTERPARTY to compare with a known payee.'
				: 'No counterparty name to compare with.';
		}
		return row;
	}
	row.observed = wires.length ? 'no known wire showed in its pocket\'s v1 transactions' : 'no wire known to look at';
	return row;
}
