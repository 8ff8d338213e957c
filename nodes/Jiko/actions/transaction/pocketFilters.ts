import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatUsd } from '../../../../core/amount';
import { paths } from '../../../../core/paths';
import { readingsOf, type JikoReadings } from '../../money/readings';
import { wireIdOf } from '../../rails/wire/lookup';
import { itemsWanted, jikoApiRequest, jikoCursorList, jikoFind, nextCursor, type ListLimit } from '../../transport';

/*
 * Three filters of Jiko's v2 "List Pocket Transactions" have no documented meaning:
 * amount_from / amount_to (typed `any`: cents or dollars?) and filter[wire] /
 * filter[on_us_transfer] (named only). Read wrongly, a filter leaves rows out without a word
 * (a bound in cents read as dollars) or returns every transaction as if it were one wire's (a
 * filter ignored). So, for these three:
 * - every item Jiko returns is checked against the filter as the user meant it (its amount in
 *   cents within the range; its wire / on-us transfer id shown and equal); an item that does
 *   not match shows that Jiko did not apply the filter as sent;
 * - the amount bounds are sent to Jiko only where Jiko's unit has proven itself on this Jiko
 *   (readings.ts: a transaction of the pocket came back alone from amount_from = amount_to = its
 *   amount in cents, or the ACH look-up's proof), because a unit read wrongly can drop rows
 *   and leave every returned item in range. An ignored or misread id filter cannot hide that
 *   wire's rows (it returns more, and the check sees them; an empty answer means the pocket has
 *   nothing under the other filters), so it is sent and checked;
 * - otherwise the node reads the pocket's transactions without that filter and filters them
 *   itself — the path that cannot miss — for at most WALK_PAGES pages; past that the item fails
 *   rather than return a list that may leave rows out.
 * Where items show no wire / on-us id (or no amount), neither Jiko's filter nor the node's can
 * be checked: the item fails closed.
 */

/** The filters the node checks, as the user meant them: cents, lower-case ids. */
export interface CheckedFilters {
	amountFrom?: number;
	amountTo?: number;
	wire?: string;
	onUs?: string;
}

/** Pages the node reads when it filters a pocket's transactions itself (5,000 transactions). */
export const WALK_PAGES = 50;
const PAGE = 100;

type Check = 'amount' | 'wire' | 'onUs';

const FIELD: Record<Check, string> = {
	amount: 'Filters → Amount From / To',
	wire: 'Filters → Wire ID',
	onUs: 'Filters → On-Us Transfer ID',
};

function typeOf(item: IDataObject): string {
	const details = item.details as IDataObject | undefined;
	return String(item.type ?? details?.transaction_type ?? '').toUpperCase();
}

function centsOf(item: IDataObject): number | undefined {
	const value = (item.amount as IDataObject | undefined)?.value;
	return typeof value === 'number' && Number.isSafeInteger(value) ? Math.abs(value) : undefined;
}

function onUsIdOf(item: IDataObject): string | undefined {
	const nested = (item.details as IDataObject | undefined)?.on_us_transaction as IDataObject | undefined;
	const id = item.on_us_transfer_id ?? nested?.on_us_transfer_id;
	return typeof id === 'string' && id ? id.toLowerCase() : undefined;
}

function range(filters: CheckedFilters): string {
	const from = filters.amountFrom !== undefined ? formatUsd(filters.amountFrom) : undefined;
	const to = filters.amountTo !== undefined ? formatUsd(filters.amountTo) : undefined;
	if (from && to) return `${from} to ${to}`;
	return from ? `at least ${from}` : `at most ${to ?? ''}`;
}

/** Why an item does not match one filter, or undefined when it does. */
function mismatch(check: Check, item: IDataObject, filters: CheckedFilters): string | undefined {
	const what = `${typeOf(item) || 'a'} transaction ${String(item.id ?? '')}`.trim();
	if (check === 'amount') {
		const cents = centsOf(item) as number;
		const low = filters.amountFrom ?? 0;
		const high = filters.amountTo ?? Number.POSITIVE_INFINITY;
		return cents < low || cents > high ? `Jiko returned ${what} of ${formatUsd(cents)}, outside ${range(filters)} (amount_from / amount_to were not applied in cents)` : undefined;
	}
	if (check === 'wire') {
		const id = wireIdOf(item);
		return id !== filters.wire ? `Jiko returned ${what}${id ? ` of wire ${id}` : ''} for filter[wire] ${String(filters.wire)} (the filter was not applied as sent)` : undefined;
	}
	const id = onUsIdOf(item);
	return id !== filters.onUs ? `Jiko returned ${what}${id ? ` of on-us transfer ${id}` : ''} for filter[on_us_transfer] ${String(filters.onUs)} (the filter was not applied as sent)` : undefined;
}

/** Fails the item when it cannot be checked: a wire sent out of the pocket (or one whose
 * direction is not shown) or an on-us transaction without its id, any transaction without an
 * amount. A wire received may carry no wire id (Jiko's is optional), and no filter by id can
 * find it then; a fee is never alone (its wire is checked). */
function assertCheckable(context: IExecuteFunctions, checks: Check[], item: IDataObject, pocketId: string, filters: CheckedFilters, itemIndex: number): void {
	const fail = (check: Check, message: string, description: string) => {
		throw new NodeOperationError(context.getNode(), `${FIELD[check]} (item ${itemIndex}): ${message}`, { itemIndex, description });
	};
	const type = typeOf(item);
	if (checks.includes('amount') && centsOf(item) === undefined) {
		fail('amount', `transaction ${String(item.id ?? '')} of pocket ${pocketId} shows no amount in whole cents, so the node cannot tell whether it is in the range`, 'Nothing is returned rather than a list the filter may not have narrowed. Clear the amount filters to list the pocket as Jiko shows it.');
	}
	const received = String(item.direction ?? '').toUpperCase() === 'CREDIT';
	if (checks.includes('wire') && type === 'WIRE' && !received && !wireIdOf(item)) {
		fail('wire', `the wire transactions of pocket ${pocketId} show no wire id, so the node cannot tell which are wire ${String(filters.wire)}'s`, "Nothing is returned rather than transactions that may be another wire's. Wire Transfer → Get finds one wire by its ID.");
	}
	if (checks.includes('onUs') && type === 'ON_US' && !onUsIdOf(item)) {
		fail('onUs', `the on-us transactions of pocket ${pocketId} show no on_us_transfer_id, so the node cannot tell which are on-us transfer ${String(filters.onUs)}'s`, "Nothing is returned rather than transactions that may be another transfer's. On-Us Transfer → Get finds one transfer by its ID.");
	}
}

/**
 * Proves (or refutes) that amount_from / amount_to are cents with the pocket's own data: a
 * transaction of A cents (the rarest amount among the newest) must come back from
 * amount_from = amount_to = A, with nothing of another amount. Two requests.
 */
async function proveAmountUnit(context: IExecuteFunctions, readings: JikoReadings, pocketId: string, itemIndex: number): Promise<void> {
	const path = paths.pocketTransactions(pocketId);
	const newest = await jikoApiRequest.call(context, {
		method: 'GET',
		path,
		qs: { order: 'desc', limit: PAGE },
		what: `read the newest transactions of pocket ${pocketId} (to prove the unit of Jiko's amount filter)`,
		itemIndex,
	});
	const items = ((newest.items ?? []) as IDataObject[]).filter((item) => (centsOf(item) ?? 0) > 0 && item.id !== undefined);
	const count = new Map<number, number>();
	for (const item of items) count.set(centsOf(item) as number, (count.get(centsOf(item) as number) ?? 0) + 1);
	const known = [...items].sort((a, b) => (count.get(centsOf(a) as number) as number) - (count.get(centsOf(b) as number) as number))[0];
	if (!known) {
		readings.note('amountUnit', 'tried', `pocket ${pocketId} shows no transaction with an amount to prove it with`);
		return;
	}
	const cents = centsOf(known) as number;
	const body = await jikoFind.call(
		context,
		{ path, qs: { amount_from: cents, amount_to: cents, limit: PAGE }, what: `look for the transactions of exactly ${cents} cents in pocket ${pocketId} (to prove the unit of Jiko's amount filter)`, itemIndex },
		[404, 422],
	);
	if (!body) {
		readings.note('amountUnit', 'refuted', `Jiko answered amount_from = amount_to = ${cents} with HTTP 404 or 422`);
		return;
	}
	const answer = (body.items ?? []) as IDataObject[];
	const other = answer.find((item) => centsOf(item) !== cents);
	if (other) {
		readings.note('amountUnit', 'refuted', `asked for transactions of exactly ${cents} cents, Jiko also returned one of ${String(centsOf(other) ?? 'no')} cents`);
	} else if (answer.some((item) => item.id === known.id)) {
		readings.note('amountUnit', 'proven', `transaction ${String(known.id)} of ${cents} cents came back alone from amount_from = amount_to = ${cents}`);
	} else {
		readings.note('amountUnit', 'tried', `transaction ${String(known.id)} of ${cents} cents did not come back from amount_from = amount_to = ${cents}`);
	}
}

/** Whether amount bounds in cents may be sent to this Jiko, or why not. */
async function amountInCents(context: IExecuteFunctions, readings: JikoReadings, pocketId: string, itemIndex: number): Promise<string | undefined> {
	if (readings.isProven('amountFilter') || readings.isProven('amountUnit')) return undefined;
	if (readings.mayTry('amountUnit')) await proveAmountUnit(context, readings, pocketId, itemIndex);
	if (readings.isProven('amountUnit')) return undefined;
	return `Jiko's unit for amount_from / amount_to is not proven on this Jiko (${readings.proof('amountUnit')?.why ?? 'not tried yet'})`;
}

/**
 * The pocket's transactions under `query` (the filters whose meaning is not in question) and
 * the checked filters, as many as `limit` asks.
 */
export async function listPocketTransactions(
	context: IExecuteFunctions,
	pocketId: string,
	query: IDataObject,
	filters: CheckedFilters,
	limit: ListLimit,
	itemIndex: number,
): Promise<IDataObject[]> {
	const path = paths.pocketTransactions(pocketId);
	const what = `list the transactions of pocket ${pocketId}`;
	const checks: Check[] = [];
	if (filters.amountFrom !== undefined || filters.amountTo !== undefined) checks.push('amount');
	if (filters.wire) checks.push('wire');
	if (filters.onUs) checks.push('onUs');
	if (checks.length === 0) return await jikoCursorList.call(context, path, query, limit, what, itemIndex);

	const readings = await readingsOf(context);
	const sent = new Set<Check>(checks);
	let why: string | undefined;
	if (sent.has('amount')) {
		why = await amountInCents(context, readings, pocketId, itemIndex);
		if (why) sent.delete('amount');
	}
	const filtered = (on: Set<Check>): IDataObject => ({
		...query,
		...(on.has('amount') && filters.amountFrom !== undefined ? { amount_from: filters.amountFrom } : {}),
		...(on.has('amount') && filters.amountTo !== undefined ? { amount_to: filters.amountTo } : {}),
		...(on.has('wire') ? { 'filter[wire]': filters.wire } : {}),
		...(on.has('onUs') ? { 'filter[on_us_transfer]': filters.onUs } : {}),
	});

	if (!why) {
		// Every filter is sent: the answer is the list, if every item matches it.
		const items = await jikoCursorList.call(context, path, filtered(sent), limit, what, itemIndex);
		const strays = new Map<Check, string>();
		for (const item of items) {
			assertCheckable(context, checks, item, pocketId, filters, itemIndex);
			for (const check of checks) {
				const stray = strays.has(check) ? undefined : mismatch(check, item, filters);
				if (stray) strays.set(check, stray);
			}
		}
		if (strays.size === 0) return items;
		for (const check of strays.keys()) sent.delete(check);
		const amount = strays.get('amount');
		if (amount) {
			// The ACH look-up's proof reads the same filter in cents: it is wrong too.
			readings.note('amountUnit', 'refuted', amount);
			readings.note('amountFilter', 'refuted', amount);
		}
		why = [...strays.values()].join('; ');
	}

	// The node filters itself what Jiko cannot be trusted to; an id filter it dropped is
	// narrowed by type (the node still checks every item's id).
	const walkQuery = filtered(sent);
	if (walkQuery['filter[type]'] === undefined) {
		const types = [...(checks.includes('wire') && !sent.has('wire') ? ['WIRE', 'WIRE_FEE'] : []), ...(checks.includes('onUs') && !sent.has('onUs') ? ['ON_US'] : [])];
		if (types.length) walkQuery['filter[type]'] = types;
	}
	const target = itemsWanted(context, limit, itemIndex);
	const kept: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	let read = 0;
	for (let page = 0; page < WALK_PAGES; page++) {
		const body = await jikoApiRequest.call(context, {
			method: 'GET',
			path,
			qs: { ...walkQuery, limit: PAGE, ...(cursor ? { cursor } : {}) },
			what: `${what} (filtered by the node)`,
			itemIndex,
		});
		const items = (body.items ?? []) as IDataObject[];
		read += items.length;
		for (const item of items) {
			assertCheckable(context, checks, item, pocketId, filters, itemIndex);
			if (checks.every((check) => mismatch(check, item, filters) === undefined)) kept.push(item);
			if (kept.length >= target) return kept;
		}
		cursor = nextCursor(body.next_page);
		// Only the end of the list ends the walk (an empty page with a cursor does not); a cursor
		// that comes back would loop, and the end is never reached.
		if (cursor === undefined) return kept;
		if (seen.has(cursor)) break;
		seen.add(cursor);
	}
	throw new NodeOperationError(
		context.getNode(),
		`${FIELD[checks.find((check) => !sent.has(check)) ?? checks[0]]} (item ${itemIndex}): ${why}, so the node filters the transactions of pocket ${pocketId} itself, and the ${read} it read (the most it reads for one item) did not reach the end of the list`,
		{
			itemIndex,
			description: 'Nothing is returned rather than a list that may leave transactions out. Narrow the list with Booked From / Booked To (or Settled From / To), or lower the Limit.',
		},
	);
}
