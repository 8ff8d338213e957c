/**
 * Memory of x-jiko-idempotency keys for Jiko's repeated-request check ("used previously in the
 * past 1 hour"), and — for assumption repeatedKey: replay — the first answer sent for each key.
 *
 * Both are Maps in insertion order, which is the order keys were first seen, so expired keys are
 * always at the front: each record() drops expired entries from the front and stops at the first
 * live one. Every key is inserted and removed once: amortized O(1) per request, whatever the
 * history. Stored answers are also capped in bytes (oldest dropped first); a key whose answer was
 * dropped or never sent is still "seen" (a repeat then gets the repeated-key status).
 */
export interface StoredAnswer {
	status: number;
	contentType?: string;
	body: Buffer;
}

export class KeyMemory {
	/** lower-cased key → first seen (epoch ms) */
	private seen = new Map<string, number>();
	private answers = new Map<string, StoredAnswer>();
	private answerBytes = 0;

	constructor(
		initial: Record<string, number> = {},
		private readonly maxAnswerBytes = 64 * 1024 * 1024,
	) {
		for (const [k, at] of Object.entries(initial).sort((a, b) => a[1] - b[1])) this.seen.set(k, at);
	}

	get size(): number {
		return this.seen.size;
	}

	/** True when `key` was recorded less than `windowMs` ago. */
	isRepeated(key: string, windowMs: number, now = Date.now()): boolean {
		const at = this.seen.get(key.toLowerCase());
		return at !== undefined && now - at < windowMs;
	}

	/** Records a key as seen now (a key that had expired starts a new window). */
	record(key: string, windowMs: number, now = Date.now()): void {
		const k = key.toLowerCase();
		this.prune(windowMs, now);
		if (this.seen.has(k)) this.forget(k); // expired but not pruned yet: move to the back
		this.seen.set(k, now);
	}

	/** Jiko's check in one step: true when repeated; otherwise records the key. */
	checkAndRecord(key: string, windowMs: number, now = Date.now()): boolean {
		if (this.isRepeated(key, windowMs, now)) return true;
		this.record(key, windowMs, now);
		return false;
	}

	storeAnswer(key: string, answer: StoredAnswer): void {
		const k = key.toLowerCase();
		if (!this.seen.has(k) || this.answers.has(k)) return; // only the FIRST answer is kept
		this.answers.set(k, answer);
		this.answerBytes += answer.body.length;
		for (const [old, a] of this.answers) {
			if (this.answerBytes <= this.maxAnswerBytes) break;
			this.answers.delete(old);
			this.answerBytes -= a.body.length;
		}
	}

	answerFor(key: string): StoredAnswer | undefined {
		return this.answers.get(key.toLowerCase());
	}

	/** Drops every key seen `windowMs` or longer ago (they sit at the front). */
	prune(windowMs: number, now = Date.now()): void {
		for (const [k, at] of this.seen) {
			if (now - at < windowMs) break;
			this.forget(k);
		}
	}

	private forget(k: string): void {
		this.seen.delete(k);
		const a = this.answers.get(k);
		if (a) {
			this.answers.delete(k);
			this.answerBytes -= a.body.length;
		}
	}

	/** The persisted form (answers are not persisted: after a restart a repeat is a conflict). */
	toRecord(): Record<string, number> {
		return Object.fromEntries(this.seen);
	}
}
