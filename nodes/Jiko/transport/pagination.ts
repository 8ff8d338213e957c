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

function wanted(limit: ListLimit): number {
	return limit.returnAll ? Number.POSITIVE_INFINITY : Math.max(1, Math.floor(limit.limit ?? 50));
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
	const target = wanted(limit);
	const pageSize = Math.min(limit.pageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
	const items: IDataObject[] = [];
	let offset = 0;
	for (;;) {
		const size = Math.min(pageSize, target - items.length);
		const page = (await jikoApiRequest.call(this, {
			method: 'GET',
			path,
			qs: { ...qs, offset, limit: size },
			what,
			itemIndex,
		})) as OffsetList;
		const pageItems = page.items ?? [];
		items.push(...pageItems);
		offset += pageItems.length;
		// Jiko's examples do not say whether `count` is the total or this page's length: a short
		// page ends the list either way, and `count` ends it early only when it must be a total.
		const total = typeof page.count === 'number' && page.count > pageItems.length ? page.count : undefined;
		if (pageItems.length < size || items.length >= target || (total !== undefined && offset >= total)) break;
	}
	return items.slice(0, target === Number.POSITIVE_INFINITY ? undefined : target);
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
	const target = wanted(limit);
	const pageSize = limit.pageSize ?? MAX_PAGE_SIZE;
	const items: IDataObject[] = [];
	const seen = new Set<string>();
	let cursor: string | undefined;
	for (;;) {
		const size = Math.min(pageSize, target - items.length);
		const page = (await jikoApiRequest.call(this, {
			method: 'GET',
			path,
			qs: { ...qs, limit: size, ...(cursor ? { cursor } : {}) },
			what,
			itemIndex,
		})) as CursorList;
		items.push(...(page.items ?? []));
		cursor = nextCursor(page.next_page);
		if (!cursor || items.length >= target || (page.items ?? []).length === 0) break;
		// A cursor that comes back twice would loop forever: stop rather than duplicate items.
		if (seen.has(cursor)) break;
		seen.add(cursor);
	}
	return items.slice(0, target === Number.POSITIVE_INFINITY ? undefined : target);
}
