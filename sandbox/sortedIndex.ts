/**
 * A list of records kept sorted by (sort key, id), ascending: the total order every cursor list
 * pages over. Appending in order (the usual case: new records are the newest) is O(1); an
 * out-of-order insert or a removal finds its place by binary search. Cursor pages start with a
 * binary search too (http/pagination.ts), so the cost of a page does not grow with history.
 */
export type SortKey = readonly [number, string];

export interface Entry<T> {
	k: number;
	id: string;
	v: T;
}

/** Total order of (number, id). */
export function compareKeys(ak: number, aid: string, bk: number, bid: string): number {
	if (ak !== bk) return ak < bk ? -1 : 1;
	return aid < bid ? -1 : aid > bid ? 1 : 0;
}

export class SortedIndex<T> {
	private entries: Entry<T>[] = [];

	static from<T>(items: Iterable<T>, keyOf: (t: T) => SortKey): SortedIndex<T> {
		const idx = new SortedIndex<T>();
		for (const v of items) {
			const [k, id] = keyOf(v);
			idx.entries.push({ k, id, v });
		}
		idx.entries.sort((a, b) => compareKeys(a.k, a.id, b.k, b.id));
		return idx;
	}

	get size(): number {
		return this.entries.length;
	}
	at(i: number): Entry<T> {
		return this.entries[i];
	}
	*values(): IterableIterator<T> {
		for (const e of this.entries) yield e.v;
	}

	/** First position whose key is >= (k, id). */
	lowerBound(k: number, id: string): number {
		let lo = 0;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const e = this.entries[mid];
			if (compareKeys(e.k, e.id, k, id) < 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	/** First position whose key is > (k, id). */
	upperBound(k: number, id: string): number {
		let lo = 0;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			const e = this.entries[mid];
			if (compareKeys(e.k, e.id, k, id) <= 0) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	/** First position whose sort key is >= k (any id). */
	firstAtOrAfter(k: number): number {
		let lo = 0;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.entries[mid].k < k) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	/** First position whose sort key is > k (any id). */
	firstAfter(k: number): number {
		let lo = 0;
		let hi = this.entries.length;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.entries[mid].k <= k) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}

	insert(k: number, id: string, v: T): void {
		const n = this.entries.length;
		const last = n ? this.entries[n - 1] : undefined;
		if (!last || compareKeys(last.k, last.id, k, id) < 0) {
			this.entries.push({ k, id, v });
			return;
		}
		const pos = this.lowerBound(k, id);
		const at = this.entries[pos];
		if (at && at.k === k && at.id === id) at.v = v; // same key: replace
		else this.entries.splice(pos, 0, { k, id, v });
	}

	/** Inserts many at once: appended when they all come after the last entry, else merged. */
	insertMany(items: { k: number; id: string; v: T }[]): void {
		if (!items.length) return;
		const add = [...items].sort((a, b) => compareKeys(a.k, a.id, b.k, b.id));
		const n = this.entries.length;
		const last = n ? this.entries[n - 1] : undefined;
		if (!last || compareKeys(last.k, last.id, add[0].k, add[0].id) < 0) {
			for (const e of add) this.entries.push(e);
			return;
		}
		const merged: Entry<T>[] = new Array(n + add.length);
		let i = 0;
		let j = 0;
		let o = 0;
		while (i < n || j < add.length) {
			if (j >= add.length || (i < n && compareKeys(this.entries[i].k, this.entries[i].id, add[j].k, add[j].id) <= 0)) merged[o++] = this.entries[i++];
			else merged[o++] = add[j++];
		}
		this.entries = merged;
	}

	remove(k: number, id: string): boolean {
		const pos = this.lowerBound(k, id);
		const at = this.entries[pos];
		if (!at || at.k !== k || at.id !== id) return false;
		this.entries.splice(pos, 1);
		return true;
	}
}
