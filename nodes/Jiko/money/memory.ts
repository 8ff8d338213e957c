import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * What one n8n execution has learned about money movement, shared by every Jiko node and item
 * of that execution in this process: the payments it already sent (so the same Business Key
 * twice in one execution is seen at once, with no request), and per-pocket indexes that let a
 * thousand items share one read of a pocket's history. An execution runs in one process (a
 * worker in queue mode), so process memory keyed by the execution id is the right scope; it
 * is a cache, never the only protection: the look-ups and Jiko's request keys are.
 */
export class ExecutionMemory {
	touchedAt = Date.now();

	private readonly values = new Map<string, unknown>();

	/** The value stored under `key`, created on first use. */
	get<T>(key: string, create: () => T): T {
		this.touchedAt = Date.now();
		if (!this.values.has(key)) this.values.set(key, create());
		return this.values.get(key) as T;
	}
}

// Executions end; their memory is dropped after a quiet hour or when too many are kept.
const MAX_EXECUTIONS = 200;
const IDLE_MS = 60 * 60 * 1_000;
const memories = new Map<string, ExecutionMemory>();
// A context without an execution id (never in n8n itself) still gets one memory per node run.
const anonymous = new WeakMap<object, ExecutionMemory>();

export function executionMemory(context: IExecuteFunctions): ExecutionMemory {
	const executionId = context.getExecutionId();
	if (!executionId) {
		let memory = anonymous.get(context);
		if (!memory) anonymous.set(context, (memory = new ExecutionMemory()));
		return memory;
	}
	const key = `${context.getWorkflow().id ?? ''}:${executionId}`;
	let memory = memories.get(key);
	if (!memory) {
		prune();
		memory = new ExecutionMemory();
		memories.set(key, memory);
	}
	return memory;
}

function prune(now = Date.now()): void {
	for (const [key, memory] of memories) {
		if (now - memory.touchedAt > IDLE_MS) memories.delete(key);
	}
	while (memories.size >= MAX_EXECUTIONS) {
		const oldest = memories.keys().next().value;
		if (oldest === undefined) break;
		memories.delete(oldest);
	}
}

/** Runs `task` after every earlier task queued under the same lock: parallel items that share
 * one pocket index read its pages one at a time instead of each reading them all. */
export class Lock {
	private tail: Promise<unknown> = Promise.resolve();

	async run<T>(task: () => Promise<T>): Promise<T> {
		const result = this.tail.then(task, task);
		this.tail = result.catch(() => undefined);
		return await result;
	}
}
