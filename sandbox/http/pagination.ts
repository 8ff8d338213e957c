/**
 * Jiko's two list envelopes.
 *
 * Offset list: `{offset, count, items, object_type: "List"}` with `offset` / `limit` (1..100).
 * Cursor list: `{prev_page, next_page, items, object_type: "CursorList"}` with `cursor` and
 * `limit`. Cursors are opaque to clients; here they are keyset cursors over a total order
 * (sort key, id), so a page boundary never skips or repeats an item, even when sort keys tie
 * or items are added between calls.
 */
import type { Assumptions } from '../assumptions';
import { ValidationError, issue } from './errors';

export interface OffsetList<T> {
	offset: number;
	count: number;
	items: T[];
	object_type: 'List';
}

export function offsetList<T>(all: T[], offset: number, limit: number, a: Assumptions): OffsetList<T> {
	const items = all.slice(offset, offset + limit);
	return { offset, count: a.offsetListCount === 'total' ? all.length : items.length, items, object_type: 'List' };
}

export interface CursorList<T> {
	prev_page?: string | null;
	next_page?: string | null;
	items: T[];
	object_type: 'CursorList';
}

type Key = [number, string];
interface Cursor {
	reverse: boolean;
	key: Key;
	order: 'asc' | 'desc';
}

// Encoded like the cursors in Jiko's examples (base64 of a small query string), e.g.
// base64("p=1767225600000&i=<uuid>&o=desc") or, for a previous page, with "r=1&".
function encode(c: Cursor): string {
	const qs = new URLSearchParams();
	if (c.reverse) qs.set('r', '1');
	qs.set('p', String(c.key[0]));
	qs.set('i', c.key[1]);
	qs.set('o', c.order);
	return Buffer.from(qs.toString(), 'utf8').toString('base64');
}

function decode(s: string): Cursor | undefined {
	if (!/^[A-Za-z0-9+/]+={0,2}$/.test(s)) return undefined;
	const qs = new URLSearchParams(Buffer.from(s, 'base64').toString('utf8'));
	const p = qs.get('p');
	const i = qs.get('i');
	const o = qs.get('o');
	if (p === null || i === null || !/^-?\d+$/.test(p) || (o !== 'asc' && o !== 'desc')) return undefined;
	return { reverse: qs.get('r') === '1', key: [Number(p), i], order: o };
}

function cmp(a: Key, b: Key): number {
	return a[0] !== b[0] ? a[0] - b[0] : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0;
}

/**
 * One page of `all` in `order` by `keyOf` (ties broken by id). A cursor from `next_page`
 * continues after its item; one from `prev_page` returns the page just before its item.
 * A cursor that cannot be decoded, or was made for the other order, is a 422 on `cursor`.
 */
export function cursorList<T, V = T>(
	all: T[],
	keyOf: (t: T) => Key,
	opts: { order: 'asc' | 'desc'; cursor?: string; limit: number; view: (t: T) => V; assumptions: Assumptions },
): CursorList<V> {
	const dir = opts.order === 'asc' ? 1 : -1;
	const sorted = [...all].map((t) => ({ t, k: keyOf(t) })).sort((x, y) => dir * cmp(x.k, y.k));
	let start = 0;
	let end = Math.min(sorted.length, opts.limit);
	if (opts.cursor) {
		const c = decode(opts.cursor);
		if (!c || c.order !== opts.order) throw new ValidationError([issue.cursor()]);
		// first index whose key comes after the cursor key in this order
		const firstAfter = sorted.findIndex((x) => dir * cmp(x.k, c.key) > 0);
		const pos = firstAfter === -1 ? sorted.length : firstAfter;
		if (c.reverse) {
			// items strictly before the cursor's item
			const before = sorted.findIndex((x) => dir * cmp(x.k, c.key) >= 0);
			end = before === -1 ? sorted.length : before;
			start = Math.max(0, end - opts.limit);
		} else {
			start = pos;
			end = Math.min(sorted.length, start + opts.limit);
		}
	}
	const page = sorted.slice(start, end);
	const next = end < sorted.length && page.length ? encode({ reverse: false, key: page[page.length - 1].k, order: opts.order }) : null;
	const prev = start > 0 && page.length ? encode({ reverse: true, key: page[0].k, order: opts.order }) : null;
	const out: CursorList<V> = { items: page.map((x) => opts.view(x.t)), object_type: 'CursorList' };
	if (opts.assumptions.cursorEmptyPage === 'null') {
		return { prev_page: prev, next_page: next, ...out };
	}
	return { ...(prev ? { prev_page: prev } : {}), ...(next ? { next_page: next } : {}), ...out };
}
