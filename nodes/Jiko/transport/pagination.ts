import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { jikoApiRequest, type JikoContext } from './request';

/** Jiko caps every list page at 100 items (statements at 150). */
export const MAX_PAGE_SIZE = 100;

/** Paging bounds, overridable in tests. */
export const pagingPolicy = {
	/**
	 * Pages one list walk reads at most. A last resort: the checks below stop a Jiko that
	 * answers the same page again; this stops one whose pages never end (1,000,000 items at 100
	 * a page) before the list fills the memory of n8n.
	 */
	maxPages: 10_000,
};

export interface ListLimit {
	/** Fetch every page. */
	returnAll: boolean;
	/** When not returnAll: how many items at most (the Limit field, as an expression gave it). */
	limit?: unknown;
	/** Page size to ask for (≤ the endpoint's maximum). */
	pageSize?: number;
}

/**
 * How many items a list returns: all with Return All, else the Limit field. A Limit that is no
 * number (an expression that gave NaN, text, nothing) is refused: Math.max(1, NaN) is NaN, which
 * returned an empty list or sent `limit=NaN` to Jiko.
 */
export function itemsWanted(context: JikoContext, limit: ListLimit, itemIndex?: number): number {
	if (limit.returnAll) return Number.POSITIVE_INFINITY;
	const given = limit.limit === undefined ? 50 : limit.limit;
	const value = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
	if (typeof value === 'number' && Number.isFinite(value) && value >= 1) return Math.floor(value);
	const shown = typeof given === 'string' ? `"${given}"` : typeof given === 'number' ? String(given) : JSON.stringify(given) ?? String(given);
	const where = itemIndex === undefined ? 'Limit' : `Limit (item ${itemIndex})`;
	throw new NodeOperationError(
		context.getNode(),
		`${where}: ${shown} is not a number of items — give a whole number of 1 or more, e.g. 50, or turn on Return All`,
		{ itemIndex, description: 'Where Limit is an expression, check what it gives for this item (e.g. a field that is missing or holds text).' },
	);
}

/** Why the rest of a list cannot be read. Nothing of the list is returned: a part of it would
 * read as the whole (Reconcile would call the rest missing, a repeat paid twice). */
function listBroken(context: JikoContext, what: string, itemIndex: number | undefined, problem: string, check: string): NodeOperationError {
	return new NodeOperationError(context.getNode(), `Could not ${what}: ${problem}, so the list cannot be read to its end`, {
		itemIndex,
		description: `Nothing of the list was returned rather than a part of it. ${check}`,
	});
}

/** What to check when Jiko's paging misbehaves; `read`: the items read before it did. */
function checkPaging(read: number): string {
	const limit = read > 0 ? ` Meanwhile a Limit of at most ${read} (where the operation has one) returns the items read before.` : '';
	return `Check that the credential's Base URL points at Jiko itself (a proxy that drops or rewrites the query string does this) and run the node again. If it persists, ask Jiko about paging of this list.${limit}`;
}

/** What identifies an item across pages: its `id`, an event's `event_id`, else all of it. */
function itemKey(item: unknown): string {
	const object = (item ?? {}) as IDataObject;
	const event = object.event as IDataObject | undefined;
	const id = object.id ?? (typeof event === 'object' && event !== null ? event.event_id : undefined) ?? object.event_id;
	if (typeof id === 'string' || typeof id === 'number') return `id:${id}`;
	return `json:${JSON.stringify(item)}`;
}

function pageItems(context: JikoContext, what: string, itemIndex: number | undefined, body: unknown, page: number): IDataObject[] {
	const items = (body as { items?: unknown } | undefined)?.items ?? [];
	if (!Array.isArray(items)) {
		throw listBroken(context, what, itemIndex, `Jiko's page ${page} has no list of items (items is ${typeof items})`, checkPaging(0));
	}
	return items as IDataObject[];
}

/** Refuses a page whose items were read before (also twice on one page), then remembers them. */
function rememberItems(keys: Set<string>, items: IDataObject[]): boolean {
	const fresh = new Set<string>();
	for (const item of items) {
		const key = itemKey(item);
		if (keys.has(key) || fresh.has(key)) return false;
		fresh.add(key);
	}
	for (const key of fresh) keys.add(key);
	return true;
}

function tooManyPages(context: JikoContext, what: string, itemIndex: number | undefined): NodeOperationError {
	return listBroken(
		context,
		what,
		itemIndex,
		`Jiko's list did not end after ${pagingPolicy.maxPages.toLocaleString('en-US')} pages`,
		'Narrow the list with the filters of the operation, or turn off Return All and set a Limit.',
	);
}

/**
 * One walk through a cursor list `{next_page, items}`, page by page. A page Jiko answers again —
 * for a cursor already followed, or with items already read — is never taken, and a list that
 * goes on but cannot be followed (a repeated cursor, a `next_page` that is no cursor) fails
 * with a message instead of ending early. An empty page ends the list, whatever its
 * `next_page` says (a page with nothing on it gives nothing to continue after).
 */
export class CursorWalk {
	/** The cursor to send for the next page; none for the first. */
	cursor: string | undefined;
	pages = 0;
	private readonly followed = new Set<string>();
	private readonly keys = new Set<string>();
	private next: { cursor?: string; problem?: string } = {};

	constructor(
		private readonly context: JikoContext,
		private readonly what: string,
		private readonly itemIndex?: number,
	) {}

	/** The items of the page Jiko answered for `cursor`; throws when they were listed before. */
	take(body: unknown): IDataObject[] {
		this.pages++;
		const items = pageItems(this.context, this.what, this.itemIndex, body, this.pages);
		if (!rememberItems(this.keys, items)) {
			throw listBroken(
				this.context,
				this.what,
				this.itemIndex,
				`Jiko answered page ${this.pages} with items it had listed already (it did not follow the page cursor)`,
				checkPaging(this.keys.size),
			);
		}
		const nextPage = (body as { next_page?: unknown } | undefined)?.next_page;
		if (items.length === 0 || nextPage === undefined || nextPage === null || nextPage === '') {
			this.next = {};
		} else if (typeof nextPage !== 'string') {
			const shown = JSON.stringify(nextPage).slice(0, 60);
			this.next = { problem: `Jiko's next_page after page ${this.pages} is not a cursor (${typeof nextPage} ${shown})` };
		} else {
			const cursor = nextCursor(nextPage);
			this.next = cursor !== undefined && this.followed.has(cursor) ? { problem: `Jiko's next_page after page ${this.pages} points back to a page it answered already` } : { cursor };
		}
		return items;
	}

	/** Whether another page follows the last one taken (then `cursor` names it). Throws when one
	 * follows but cannot be read; a caller whose Limit is reached does not ask. */
	advance(): boolean {
		if (this.next.problem) throw listBroken(this.context, this.what, this.itemIndex, this.next.problem, checkPaging(this.keys.size));
		if (this.next.cursor === undefined) return false;
		if (this.pages >= pagingPolicy.maxPages) throw tooManyPages(this.context, this.what, this.itemIndex);
		this.cursor = this.next.cursor;
		this.followed.add(this.cursor);
		return true;
	}
}

interface OffsetList {
	offset?: number;
	count?: number;
	items?: IDataObject[];
}

/** Page requests a list walk makes: the page size to ask for, then the items and whether
 * another page follows (asked only when more items are wanted). */
type PageReader = (size: number) => Promise<{ items: IDataObject[]; more: () => boolean }>;

/** Reads pages until the list ends or the limit is reached; Return All reads every page. */
async function collect(context: JikoContext, limit: ListLimit, maxPageSize: number, itemIndex: number | undefined, read: PageReader): Promise<IDataObject[]> {
	const target = itemsWanted(context, limit, itemIndex);
	const pageSize = Math.min(limit.pageSize ?? MAX_PAGE_SIZE, maxPageSize);
	const items: IDataObject[] = [];
	for (;;) {
		const page = await read(Math.min(pageSize, target - items.length));
		items.push(...page.items);
		if (items.length >= target || !page.more()) break;
	}
	return items.slice(0, target === Number.POSITIVE_INFINITY ? undefined : target);
}

/** Offset lists `{offset, count, items}` (event types): walk `offset` until a short page. */
export async function jikoOffsetList(
	this: JikoContext,
	path: string,
	qs: IDataObject,
	limit: ListLimit,
	what: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	let offset = 0;
	let pages = 0;
	const keys = new Set<string>();
	return await collect(this, limit, MAX_PAGE_SIZE, itemIndex, async (size) => {
		const body = (await jikoApiRequest.call(this, { method: 'GET', path, qs: { ...qs, offset, limit: size }, what, itemIndex })) as OffsetList;
		pages++;
		const items = pageItems(this, what, itemIndex, body, pages);
		// A Jiko that ignores `offset` answers the first page again: with a full page and a
		// `count` that is only the page's length, that walk would never end.
		if (!rememberItems(keys, items)) {
			throw listBroken(
				this,
				what,
				itemIndex,
				`Jiko answered offset ${offset} with items it had listed already (it ignores offset${typeof body.offset === 'number' ? ` and answered offset ${body.offset}` : ''})`,
				checkPaging(offset),
			);
		}
		offset += items.length;
		// Jiko's examples do not say whether `count` is the total or this page's length: a short
		// page ends the list either way, and `count` ends it early only when it must be a total.
		const total = typeof body.count === 'number' && body.count > items.length ? body.count : undefined;
		const more = items.length > 0 && items.length >= size && (total === undefined || offset < total);
		return {
			items,
			more: () => {
				if (more && pages >= pagingPolicy.maxPages) throw tooManyPages(this, what, itemIndex);
				return more;
			},
		};
	});
}

/** The cursor for the next request: Jiko's `next_page` may be a bare cursor or a URL carrying one. */
export function nextCursor(nextPage: unknown): string | undefined {
	if (typeof nextPage !== 'string' || nextPage === '') return undefined;
	if (/^https?:\/\//.test(nextPage) || nextPage.startsWith('/') || nextPage.includes('cursor=')) {
		const query = nextPage.includes('?') ? nextPage.slice(nextPage.indexOf('?') + 1) : nextPage;
		const cursor = new URLSearchParams(query).get('cursor');
		if (cursor) return cursor;
	}
	return nextPage;
}

/** Cursor lists `{next_page, items}` (transactions, counterparties, ...): follow `next_page`. */
export async function jikoCursorList(
	this: JikoContext,
	path: string,
	qs: IDataObject,
	limit: ListLimit,
	what: string,
	itemIndex?: number,
): Promise<IDataObject[]> {
	const walk = new CursorWalk(this, what, itemIndex);
	// Some cursor lists take larger pages (statements: 150), so the caller's page size is kept.
	return await collect(this, limit, Number.POSITIVE_INFINITY, itemIndex, async (size) => {
		const body = await jikoApiRequest.call(this, {
			method: 'GET',
			path,
			qs: { ...qs, limit: size, ...(walk.cursor ? { cursor: walk.cursor } : {}) },
			what,
			itemIndex,
		});
		return { items: walk.take(body), more: () => walk.advance() };
	});
}
