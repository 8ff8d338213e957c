/**
 * Jiko's two list envelopes.
 *
 * Offset list: `{offset, count, items, object_type: "List"}` with `offset` / `limit` (1..100).
 * Cursor list: `{prev_page, next_page, items, object_type: "CursorList"}` with `cursor` and
 * `limit`. Cursors are opaque to clients; here they are keyset cursors over a total order
 * (sort key, id), so a page boundary never skips or repeats an item, even when sort keys tie
 * or items are added between calls.
 *
 * Pages are read from SortedIndex sources (one per pocket; a customer-wide list merges its
 * pockets' indexes): the start of a page is found by binary search and items are read lazily
 * from there, so a page costs O(log n + limit) when every item matches. A filter that no index
 * covers is a predicate tested while reading, which may scan the listed pockets' own records.
 */
import type { Assumptions } from '../assumptions';
import { compareKeys, SortedIndex, type Entry, type SortKey } from '../sortedIndex';
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

interface Cursor {
	reverse: boolean;
	key: SortKey;
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

export interface PageOptions<T, V> {
	order: 'asc' | 'desc';
	cursor?: string;
	limit: number;
	view: (t: T) => V;
	assumptions: Assumptions;
	/** items that are listed at all (filters); absent = every item */
	match?: (t: T) => boolean;
	/** inclusive range of the numeric sort key (date filters), found by binary search */
	from?: number;
	to?: number;
}

/** Index entries read by cursor pages since start (tests use it to check that a page reads
 * O(limit) entries, not the whole history). */
export const pagingStats = { entriesRead: 0 };

/** A read position in each source; walks the merged order in one direction. */
class Walker<T> {
	private readonly lo: number[];
	private readonly hi: number[];
	constructor(private readonly sources: SortedIndex<T>[], from?: number, to?: number) {
		this.lo = sources.map((s) => (from === undefined ? 0 : s.firstAtOrAfter(from)));
		this.hi = sources.map((s) => (to === undefined ? s.size : s.firstAfter(to)));
	}

	/** Positions just past `key` in direction `dir` (+1 ascending, -1 descending), or the first
	 * positions in that direction when `key` is undefined. */
	start(dir: 1 | -1, key?: SortKey): number[] {
		return this.sources.map((s, i) => {
			if (!key) return dir === 1 ? this.lo[i] : this.hi[i] - 1;
			return dir === 1 ? Math.max(this.lo[i], s.upperBound(key[0], key[1])) : Math.min(this.hi[i], s.lowerBound(key[0], key[1])) - 1;
		});
	}

	/** Up to `n` matching entries from `pos` in direction `dir` (advances `pos`). */
	take(pos: number[], dir: 1 | -1, n: number, match?: (t: T) => boolean): Entry<T>[] {
		const out: Entry<T>[] = [];
		while (out.length < n) {
			let best = -1;
			let be: Entry<T> | undefined;
			for (let i = 0; i < this.sources.length; i++) {
				const p = pos[i];
				if (p < this.lo[i] || p >= this.hi[i]) continue;
				const e = this.sources[i].at(p);
				if (!be || dir * compareKeys(e.k, e.id, be.k, be.id) < 0) {
					be = e;
					best = i;
				}
			}
			if (!be) break;
			pos[best] += dir;
			pagingStats.entriesRead += 1;
			if (!match || match(be.v)) out.push(be);
		}
		return out;
	}
}

/**
 * One page of the merged `sources` in `order` (ties broken by id). A cursor from `next_page`
 * continues after its item; one from `prev_page` returns the page just before its item. A
 * cursor that cannot be decoded, or was made for the other order, is a 422 on `cursor`.
 */
export function cursorPage<T, V>(sources: SortedIndex<T>[], opts: PageOptions<T, V>): CursorList<V> {
	const dir: 1 | -1 = opts.order === 'asc' ? 1 : -1;
	const w = new Walker(sources, opts.from, opts.to);
	let c: Cursor | undefined;
	if (opts.cursor) {
		c = decode(opts.cursor);
		if (!c || c.order !== opts.order) throw new ValidationError([issue.cursor()]);
	}
	let page: Entry<T>[];
	if (c?.reverse) {
		// the `limit` items just before the cursor's item, in list order
		page = w.take(w.start(-dir as 1 | -1, c.key), -dir as 1 | -1, opts.limit, opts.match).reverse();
	} else {
		page = w.take(w.start(dir, c?.key), dir, opts.limit, opts.match);
	}
	let next: string | null = null;
	let prev: string | null = null;
	if (page.length) {
		const first = page[0];
		const last = page[page.length - 1];
		if (w.take(w.start(dir, [last.k, last.id]), dir, 1, opts.match).length) next = encode({ reverse: false, key: [last.k, last.id], order: opts.order });
		if (w.take(w.start(-dir as 1 | -1, [first.k, first.id]), -dir as 1 | -1, 1, opts.match).length) prev = encode({ reverse: true, key: [first.k, first.id], order: opts.order });
	}
	const out: CursorList<V> = { items: page.map((e) => opts.view(e.v)), object_type: 'CursorList' };
	if (opts.assumptions.cursorEmptyPage === 'null') return { prev_page: prev, next_page: next, ...out };
	return { ...(prev ? { prev_page: prev } : {}), ...(next ? { next_page: next } : {}), ...out };
}

/** A cursor page over a plain array (small collections that keep no index). */
export function cursorList<T, V = T>(
	all: Iterable<T>,
	keyOf: (t: T) => SortKey,
	opts: { order: 'asc' | 'desc'; cursor?: string; limit: number; view: (t: T) => V; assumptions: Assumptions },
): CursorList<V> {
	return cursorPage([SortedIndex.from(all, keyOf)], opts);
}
