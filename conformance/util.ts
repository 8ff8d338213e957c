import type { JikoClient, JikoResponse } from './client';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Shortens a text for the table (one line, at most `max` characters). */
export function short(text: string, max = 90): string {
	const one = text.replace(/\s+/g, ' ').trim();
	return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** "409 Repeated request: ..." / "200 List" / "201 (empty body)": an answer in a few words. */
export function brief(res: JikoResponse, max = 70): string {
	const j = res.json;
	let what: string;
	if (res.text.trim() === '') what = '(empty body)';
	else if (j && typeof j === 'object' && typeof j.detail === 'string') what = j.detail;
	else if (j && typeof j === 'object' && Array.isArray(j.detail)) what = j.detail.map((d: { loc?: unknown[]; msg?: string }) => `${(d.loc ?? []).join('.')}: ${d.msg ?? ''}`).join('; ');
	else if (j && typeof j === 'object' && typeof j.object_type === 'string') what = j.object_type;
	else what = res.text;
	return `${res.status} ${short(what, max)}`;
}

export const is2xx = (res: JikoResponse): boolean => res.status >= 200 && res.status < 300;

/** An answer that refuses a request because its key (or its id) was seen before. */
export function isRefusal(res: JikoResponse): boolean {
	if (res.status === 409) return true;
	return res.status >= 400 && res.status < 500 && res.status !== 401 && /repeat|idempoten|already (been )?used|already exists|duplicate/i.test(res.text);
}

/**
 * Calls `attempt` until it returns a value other than undefined or the deadline passes.
 * Polls every 50 ms for 3 s, then every 250 ms, then every second after 15 s (a real Jiko
 * gets a handful of requests, the local emulator a precise timing).
 */
export async function pollUntil<T>(attempt: () => Promise<T | undefined>, deadline: number): Promise<T | undefined> {
	const start = Date.now();
	for (;;) {
		const v = await attempt();
		if (v !== undefined) return v;
		const now = Date.now();
		if (now >= deadline) return undefined;
		const elapsed = now - start;
		await sleep(Math.min(deadline - now, elapsed < 3000 ? 50 : elapsed < 15_000 ? 250 : 1000));
	}
}

/** Cash (integer cents) of a pocket, as the node reads it: v2 GET /api/v2/pockets/{id}/
 * `portfolio.cash.value` (the deprecated v1 Get Account is never asked). */
export async function cashOf(client: JikoClient, pocketId: string): Promise<number> {
	const path = `/api/v2/pockets/${pocketId}/`;
	const res = await client.get(path);
	const v = res.json?.portfolio?.cash?.value;
	if (res.status === 200 && Number.isInteger(v)) return v as number;
	throw new Error(`could not read the cash of pocket ${pocketId}: GET ${path} → ${brief(res)}`);
}

/** Items of a list answer (offset or cursor list), or [] */
export const itemsOf = (res: JikoResponse): any[] => (res.status === 200 && Array.isArray(res.json?.items) ? res.json.items : []);

const TRANSFER_ID_KEYS = ['ach_id', 'wire_id'] as const;
const NESTED_KEYS = ['ach_transaction', 'wire_transaction', 'wire_fee_transaction'] as const;

/**
 * Where a v2 item shows the id of the transfer behind it: `flat` (top-level ach_id / wire_id),
 * `nested` (details.ach_transaction / wire_transaction / wire_fee_transaction), or undefined.
 */
export function transferIdOf(item: any): { id: unknown; where: 'flat' | 'nested' } | undefined {
	if (!item || typeof item !== 'object') return undefined;
	for (const k of TRANSFER_ID_KEYS) if (k in item) return { id: item[k], where: 'flat' };
	const d = item.details;
	if (d && typeof d === 'object') {
		for (const n of NESTED_KEYS) {
			const x = d[n];
			if (x && typeof x === 'object') for (const k of TRANSFER_ID_KEYS) if (k in x) return { id: x[k], where: 'nested' };
		}
	}
	return undefined;
}

/** Whether any key `ach_id` / `wire_id` occurs anywhere in a JSON value. */
export function hasTransferIdKey(value: unknown): boolean {
	if (Array.isArray(value)) return value.some(hasTransferIdKey);
	if (!value || typeof value !== 'object') return false;
	return Object.entries(value).some(([k, v]) => (TRANSFER_ID_KEYS as readonly string[]).includes(k) || hasTransferIdKey(v));
}

/** Amount of a v2 item in cents (`amount.value`), or undefined. */
export const centsOf = (item: any): number | undefined => (Number.isInteger(item?.amount?.value) ? (item.amount.value as number) : undefined);
