/**
 * Delayed settlement of pending transfers (async on-us, ACH originations, wires). Each pending
 * object registers a task; it runs after its delay, or at once on `settleAll()` (admin route
 * POST /_sandbox/settle). A task runs at most once. Timers are cleared on close and reset.
 */
export class Settler {
	private tasks = new Map<string, { run: () => void; timer: NodeJS.Timeout }>();
	private closed = false;

	constructor(private readonly onError: (err: unknown) => void = () => undefined) {}

	schedule(key: string, delayMs: number, run: () => void): void {
		if (this.closed) return;
		this.cancel(key);
		const timer = setTimeout(() => this.runOne(key), Math.max(0, delayMs));
		timer.unref?.();
		this.tasks.set(key, { run, timer });
	}

	private runOne(key: string): boolean {
		const t = this.tasks.get(key);
		if (!t) return false;
		this.tasks.delete(key);
		clearTimeout(t.timer);
		try {
			t.run();
		} catch (err: unknown) {
			this.onError(err);
		}
		return true;
	}

	cancel(key: string): void {
		const t = this.tasks.get(key);
		if (t) clearTimeout(t.timer);
		this.tasks.delete(key);
	}

	/** Runs every pending task now, in the order they were scheduled; returns how many ran. */
	settleAll(): number {
		let n = 0;
		for (const key of [...this.tasks.keys()]) if (this.runOne(key)) n += 1;
		return n;
	}

	get pending(): number {
		return this.tasks.size;
	}

	/** Drops every task without running it (reset). */
	clear(): void {
		for (const t of this.tasks.values()) clearTimeout(t.timer);
		this.tasks.clear();
	}

	close(): void {
		this.closed = true;
		this.clear();
	}
}
