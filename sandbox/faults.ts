/**
 * Fault injection (off by default; not part of Jiko). Configure with PUT /_sandbox/faults,
 * read with GET, clear with DELETE, or at start with options.faults / env JIKO_SANDBOX_FAULTS
 * (JSON). Admin routes (/_sandbox/...) are never affected.
 *
 *   serverErrors            {count, status?: 500|502|503, paths?, methods?}  answer 5xx BEFORE processing
 *   rateLimit               {count, retryAfterSeconds, paths?, methods?}     429 + Retry-After BEFORE processing
 *   dropResponseAfterCommit {count, paths?, methods?}                        process the request (the write
 *                            commits), then destroy the socket without answering; only 2xx answers are dropped
 *   serverErrorProbability / dropResponseProbability  0..1, drawn from a seeded PRNG (`seed`, default 1)
 * `paths` are prefixes of the URL path; `methods` are HTTP methods; `skip` lets that many matching
 * requests through first (e.g. the 6th transfer of a batch fails). Counters go down by one per
 * request they hit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { prng } from './util';

export interface FaultMatch {
	paths?: string[];
	methods?: string[];
	/** Matching requests let through before the fault starts (count-based faults only). */
	skip?: number;
}
export interface FaultConfig {
	dropResponseAfterCommit?: { count: number } & FaultMatch;
	serverErrors?: { count: number; status?: 500 | 502 | 503 } & FaultMatch;
	rateLimit?: { count: number; retryAfterSeconds: number } & FaultMatch;
	dropResponseProbability?: number;
	serverErrorProbability?: number;
	/** Restricts the two probabilities to some paths/methods (default: every API route). */
	probabilityMatch?: FaultMatch;
	seed?: number;
}
export interface FaultStats {
	serverErrors: number;
	rateLimited: number;
	droppedResponses: number;
}

function matches(m: FaultMatch, method: string, path: string): boolean {
	if (m.methods?.length && !m.methods.some((x) => x.toUpperCase() === method.toUpperCase())) return false;
	if (m.paths?.length && !m.paths.some((p) => path.startsWith(p))) return false;
	return true;
}

/** Checks a config; returns the problems (empty = fine). */
export function faultConfigProblems(c: unknown): string[] {
	const out: string[] = [];
	if (c === null || typeof c !== 'object' || Array.isArray(c)) return ['the fault config must be a JSON object'];
	const o = c as Record<string, unknown>;
	const known = ['dropResponseAfterCommit', 'serverErrors', 'rateLimit', 'dropResponseProbability', 'serverErrorProbability', 'probabilityMatch', 'seed'];
	for (const k of Object.keys(o)) if (!known.includes(k)) out.push(`unknown fault ${k}`);
	for (const k of ['dropResponseAfterCommit', 'serverErrors', 'rateLimit']) {
		const v = o[k];
		if (v === undefined) continue;
		if (v === null || typeof v !== 'object') { out.push(`${k} must be an object`); continue; }
		const f = v as Record<string, unknown>;
		if (!Number.isInteger(f.count) || (f.count as number) < 0) out.push(`${k}.count must be an integer >= 0`);
		if (f.paths !== undefined && (!Array.isArray(f.paths) || f.paths.some((p) => typeof p !== 'string'))) out.push(`${k}.paths must be a list of strings`);
		if (f.methods !== undefined && (!Array.isArray(f.methods) || f.methods.some((p) => typeof p !== 'string'))) out.push(`${k}.methods must be a list of strings`);
		if (f.skip !== undefined && (!Number.isInteger(f.skip) || (f.skip as number) < 0)) out.push(`${k}.skip must be an integer >= 0`);
		if (k === 'serverErrors' && f.status !== undefined && ![500, 502, 503].includes(f.status as number)) out.push('serverErrors.status must be 500, 502 or 503');
		if (k === 'rateLimit' && (!Number.isInteger(f.retryAfterSeconds) || (f.retryAfterSeconds as number) < 0)) out.push('rateLimit.retryAfterSeconds must be an integer >= 0');
	}
	for (const k of ['dropResponseProbability', 'serverErrorProbability']) {
		const v = o[k];
		if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1)) out.push(`${k} must be a number in 0..1`);
	}
	if (o.seed !== undefined && !Number.isInteger(o.seed)) out.push('seed must be an integer');
	return out;
}

export class FaultEngine {
	config: FaultConfig = {};
	stats: FaultStats = { serverErrors: 0, rateLimited: 0, droppedResponses: 0 };
	private rand: () => number = prng(1);

	constructor(initial?: FaultConfig) {
		if (initial) this.set(initial);
	}

	set(c: FaultConfig): void {
		this.config = JSON.parse(JSON.stringify(c)) as FaultConfig;
		this.rand = prng(c.seed ?? 1);
	}
	clear(): void {
		this.set({});
		this.stats = { serverErrors: 0, rateLimited: 0, droppedResponses: 0 };
	}
	view(): { config: FaultConfig; stats: FaultStats } {
		return { config: this.config, stats: this.stats };
	}

	/** Whether a count-based fault hits this request: it matches, it is past `skip`, and it has
	 * hits left. */
	private hits(f: ({ count: number } & FaultMatch) | undefined, method: string, path: string): boolean {
		if (!f || f.count <= 0 || !matches(f, method, path)) return false;
		if ((f.skip ?? 0) > 0) {
			f.skip = (f.skip as number) - 1;
			return false;
		}
		f.count -= 1;
		return true;
	}

	/** Decides, before processing, whether to answer with a fault. */
	private before(method: string, path: string): { status: number; headers: Record<string, string>; detail: string } | undefined {
		const c = this.config;
		const rl = c.rateLimit;
		if (rl && this.hits(rl, method, path)) {
			this.stats.rateLimited += 1;
			return { status: 429, headers: { 'retry-after': String(rl.retryAfterSeconds) }, detail: 'Rate limit exceeded (injected fault)' };
		}
		const se = c.serverErrors;
		if (se && this.hits(se, method, path)) {
			this.stats.serverErrors += 1;
			return { status: se.status ?? 500, headers: {}, detail: 'Internal Server Error (injected fault)' };
		}
		if (c.serverErrorProbability && matches(c.probabilityMatch ?? {}, method, path) && this.rand() < c.serverErrorProbability) {
			this.stats.serverErrors += 1;
			return { status: 503, headers: {}, detail: 'Service Unavailable (injected fault)' };
		}
		return undefined;
	}

	/** Decides, after a successful answer was produced, whether to drop it. */
	private drop(method: string, path: string): boolean {
		const c = this.config;
		const d = c.dropResponseAfterCommit;
		if (this.hits(d, method, path)) return true;
		return !!c.dropResponseProbability && matches(c.probabilityMatch ?? {}, method, path) && this.rand() < c.dropResponseProbability;
	}

	install(app: FastifyInstance): void {
		const applies = (req: FastifyRequest) => {
			const path = (req.raw.url ?? '/').split('?')[0];
			return path.startsWith('/_sandbox/') ? undefined : path;
		};
		app.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
			const path = applies(req);
			if (path === undefined) return undefined;
			const f = this.before(req.method, path);
			if (!f) return undefined;
			return reply.code(f.status).headers(f.headers).send({ detail: f.detail });
		});
		app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload) => {
			const path = applies(req);
			if (path === undefined || reply.statusCode >= 300) return payload;
			if (!this.drop(req.method, path)) return payload;
			this.stats.droppedResponses += 1;
			// The write is committed; the client only sees the connection reset.
			req.raw.socket?.destroy();
			return payload;
		});
	}
}

/** Reads JIKO_SANDBOX_FAULTS (JSON) if set. */
export function faultsFromEnv(env: NodeJS.ProcessEnv = process.env): FaultConfig | undefined {
	const raw = env.JIKO_SANDBOX_FAULTS;
	if (!raw) return undefined;
	const parsed = JSON.parse(raw) as unknown;
	const problems = faultConfigProblems(parsed);
	if (problems.length) throw new Error(`JIKO_SANDBOX_FAULTS: ${problems.join('; ')}`);
	return parsed as FaultConfig;
}
