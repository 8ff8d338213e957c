import type { IDataObject } from 'n8n-workflow';

import { jikoApiRequest, type JikoContext } from './request';

/** Jiko caps every list page at 100 items (statements at 150). */
export const MAX_PAGE_SIZE = 100;

export interface ListLimit {
	/** Fetch every page. */
	returnAll: boolean;
	/** When not returnAll: how many items at most. */
	limit?: number;
	/** Page size to ask for (≤ the endpoint's maximum). */
	pageSize?: number;
}

interface OffsetList {
	offset?: number;
	count?: number;
	items?: IDataObject[];
}

interface CursorList {
	next_page?: string | null;
	items?: IDataObject[];
}

/** Page requests a list walk makes: the page size to ask for, then whether another page follows. */
type PageReader = (size: number) => Promise<{ items: IDataObject[]; more: boolean }>;

/** Reads pages until the list ends or the limit is reached; Return All reads every page. */
async function collect(limit: ListLimit, maxPageSize: number, read: PageReader): Promise<IDataObject[]> {
	const target = limit.returnAll ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(limit.limit ?? 50));
	const pageSize = Math.min(limit.pageSize ?? MAX_PAGE_SIZE, maxPageSize);
	const items: IDataObject[] = [];
	for (;;) {
		const page = await read(Math.min(pageSize, target - items.length));
		items.push(...page.items);
		if (!page.more || items.length >= target) break;
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
	return await collect(limit, MAX_PAGE_SIZE, async (size) => {
		const page = (await jikoApiRequest.call(this, { method: 'GET', path, qs: { ...qs, offset, limit: size }, what, itemIndex })) as OffsetList;
		const items = page.items ?? [];
		offset += items.length;
		// Jiko's examples do not say whether `count` is the total or this page's length: a short
		// page ends the list either way, and `count` ends it early only when it must be a total.
		const total = typeof page.count === 'number' && page.count > items.length ? page.count : undefined;
		return { items, more: items.length >= size && (total === undefined || offset < total) };
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
	const seen = new Set<string>();
	let cursor: string | undefined;
	// Some cursor lists take larger pages (statements: 150), so the caller's page size is kept.
	return await collect(limit, Number.POSITIVE_INFINITY, async (size) => {
		const page = (await jikoApiRequest.call(this, {
			method: 'GET',
			path,
			qs: { ...qs, limit: size, ...(cursor ? { cursor } : {}) },
			what,
			itemIndex,
		})) as CursorList;
		const items = page.items ?? [];
		cursor = nextCursor(page.next_page);
		// A cursor that comes back twice would loop forever: stop rather than duplicate items.
		const more = cursor !== undefined && items.length > 0 && !seen.has(cursor);
		if (cursor) seen.add(cursor);
		return { items, more };
	});
}
