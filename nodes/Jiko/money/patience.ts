import { sleep } from 'n8n-workflow';

/**
 * How long the node keeps looking for a transfer that Jiko may have just made (after a
 * "repeated request" answer, a lost answer, or a create the self-check cannot see yet): a new
 * transfer may take a moment to show in Jiko's look-ups, and a missing one must not be mistaken
 * for proof that nothing happened. Overridable in tests.
 */
export const confirmPolicy = { windowMs: 20_000, firstDelayMs: 250, maxDelayMs: 3_000 };

/** Asks `look` until it answers something or the window has passed (then undefined). */
export async function patiently<T>(look: () => Promise<T | undefined>): Promise<T | undefined> {
	const deadline = Date.now() + confirmPolicy.windowMs;
	let delay = confirmPolicy.firstDelayMs;
	for (;;) {
		const found = await look();
		if (found !== undefined) return found;
		const left = deadline - Date.now();
		if (left <= 0) return undefined;
		await sleep(Math.min(delay, left));
		delay = Math.min(delay * 2, confirmPolicy.maxDelayMs);
	}
}
