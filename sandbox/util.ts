import { createHash } from 'node:crypto';

/** Fixed namespace for the sandbox's name-based (v5) UUIDs: same name → same id on every start. */
const SANDBOX_NAMESPACE = '6f1c1d7e-3c1a-5b8e-9a51-6a696b6f7362';

/** RFC 4122 version-5 UUID (SHA-1 of namespace + name). */
export function uuidV5(name: string, namespace = SANDBOX_NAMESPACE): string {
	const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
	const hash = createHash('sha1').update(ns).update(name, 'utf8').digest();
	hash[6] = (hash[6] & 0x0f) | 0x50;
	hash[8] = (hash[8] & 0x3f) | 0x80;
	const h = hash.subarray(0, 16).toString('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Ids of seeded objects: `sid('customer', 'ada')`. */
export const sid = (...parts: string[]): string => uuidV5(parts.join(':'));

const UUID_RE = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[0-9a-f]{32})$/i;
/** What pydantic's UUID type accepts in practice: hyphenated or 32 hex digits, any case. */
export function isUuid(value: unknown): value is string {
	return typeof value === 'string' && UUID_RE.test(value);
}
/** Canonical (lower-case, hyphenated) form, so look-ups ignore the case a client used. */
export function normalizeUuid(value: string): string {
	const h = value.replace(/-/g, '').toLowerCase();
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Deterministic PRNG (mulberry32) for the seed data. */
export function prng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Jiko renders date-times like Python's isoformat: `2023-01-01T12:00:00+00:00`, with
 * microseconds only when non-zero. The sandbox keeps milliseconds internally. */
export function isoTime(ms: number): string {
	const d = new Date(ms);
	const base = d.toISOString().slice(0, 19);
	const frac = d.getUTCMilliseconds();
	return frac === 0 ? `${base}+00:00` : `${base}.${String(frac).padStart(3, '0')}000+00:00`;
}
export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Parses an ISO-8601 date-time the way pydantic does (offset or `Z`; a naive value is taken
 * as UTC; a bare date is midnight UTC). Returns epoch ms or undefined. */
export function parseDateTime(value: string): number | undefined {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(value.trim());
	if (!m) return undefined;
	const [, y, mo, d, hh = '00', mi = '00', ss = '00', frac = '', tz] = m;
	let zone = 'Z';
	if (tz && tz.toUpperCase() !== 'Z') zone = tz.length === 5 ? `${tz.slice(0, 3)}:${tz.slice(3)}` : tz;
	const ms = frac ? `.${frac.padEnd(3, '0').slice(0, 3)}` : '';
	const t = Date.parse(`${y}-${mo}-${d}T${hh}:${mi}:${ss}${ms}${zone}`);
	return Number.isNaN(t) ? undefined : t;
}
