/**
 * Artificial latency (a sandbox option, not a Jiko assumption): every API answer — signed
 * routes, login and /health, errors included — is held back by a fixed delay or one drawn
 * uniformly from [min, max] with a seeded PRNG (the same sequence on every start). Admin routes
 * (/_sandbox/...) are never delayed. The delay is applied after the request was processed, so a
 * client whose timeout is shorter than the delay sees a timeout for a write that committed.
 *
 * Set with the option `latencyMs`, env JIKO_SANDBOX_LATENCY_MS ("50", "20-80" or JSON), or at
 * run time with PUT /_sandbox/config {"latencyMs": ...} (0 = none).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { prng } from './util';

export type LatencySetting = number | { min: number; max: number };

export function latencyProblems(v: unknown): string[] {
	const ok = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
	if (ok(v)) return [];
	if (v && typeof v === 'object' && !Array.isArray(v)) {
		const o = v as Record<string, unknown>;
		if (ok(o.min) && ok(o.max) && o.min <= o.max && Object.keys(o).every((k) => k === 'min' || k === 'max')) return [];
	}
	return ['latencyMs must be an integer >= 0 or {"min": int >= 0, "max": int >= min}'];
}

/** Parses "50", "20-80" or JSON ("{\"min\":20,\"max\":80}"). */
export function parseLatency(raw: string): LatencySetting {
	const range = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(raw);
	let v: unknown;
	if (range) v = { min: Number(range[1]), max: Number(range[2]) };
	else {
		try {
			v = JSON.parse(raw);
		} catch {
			v = undefined;
		}
	}
	const problems = latencyProblems(v);
	if (problems.length) throw new Error(`invalid latency ${JSON.stringify(raw)}: ${problems[0]}`);
	return v as LatencySetting;
}

export function latencyFromEnv(env: NodeJS.ProcessEnv = process.env): LatencySetting | undefined {
	const raw = env.JIKO_SANDBOX_LATENCY_MS;
	return raw ? parseLatency(raw) : undefined;
}

export class Latency {
	private rand = prng(1);
	private setting: LatencySetting = 0;

	constructor(initial: LatencySetting = 0, private readonly seed = 1) {
		this.set(initial);
	}

	set(s: LatencySetting): void {
		const problems = latencyProblems(s);
		if (problems.length) throw new Error(problems[0]);
		this.setting = typeof s === 'number' ? s : { min: s.min, max: s.max };
		this.rand = prng(this.seed);
	}
	get value(): LatencySetting {
		return this.setting;
	}

	/** The next delay in ms. */
	draw(): number {
		const s = this.setting;
		if (typeof s === 'number') return s;
		return s.min + Math.floor(this.rand() * (s.max - s.min + 1));
	}

	install(app: FastifyInstance): void {
		const applies = (req: FastifyRequest) => !(req.raw.url ?? '/').startsWith('/_sandbox/');
		app.addHook('onSend', async (req, _reply, payload) => {
			if (!applies(req)) return payload;
			const ms = this.draw();
			if (ms > 0) await new Promise((r) => setTimeout(r, ms));
			return payload;
		});
	}
}
