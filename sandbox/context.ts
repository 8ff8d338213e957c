import type { Assumptions } from './assumptions';
import type { SandboxState } from './state';
import type { FaultEngine, FaultConfig } from './faults';
import type { Latency, LatencySetting } from './latency';
import type { Settler } from './settle';
import type { WebhookEngine } from './webhooks';

export interface SandboxOptions {
	/** default 127.0.0.1 */
	host: string;
	/** default 8787; 0 = any free port */
	port: number;
	/** fixed contract: sandbox-partner */
	username: string;
	/** fixed contract: sandbox-password */
	password: string;
	/** fixed contract: sandbox-shared-secret-0001 */
	sharedSecret: string;
	/** bearer token lifetime; Jiko's is 60 minutes. Changeable at run time (PUT /_sandbox/config). */
	tokenTtlSeconds: number;
	/** JSON file to load at start and save after changes; absent = in-memory only */
	dataFile?: string;
	/** with a data file: changes are saved at most this often (ms), and always at close */
	saveDelayMs: number;
	/** Fastify request logging (off by default so tests stay quiet) */
	logger: boolean;
	/** overrides of the documented assumptions (see assumptions.ts) */
	assumptions?: Partial<Assumptions>;
	/** delay before an async on-us transfer (async_mode: true) settles; default 500 ms */
	asyncSettleMs: number;
	/** delay before an ACH origination is PROCESSED and a wire COMPLETED; default 1000 ms */
	achSettleMs: number;
	/** fault injection at start (also env JIKO_SANDBOX_FAULTS as JSON); off by default */
	faults?: FaultConfig;
	/** delay of every API answer (not admin routes): fixed ms or uniform in [min, max] from a
	 * seeded PRNG; changeable with PUT /_sandbox/config {latencyMs}. Default 0. */
	latencyMs?: LatencySetting;
	/** assumption repeatedKey: replay keeps first answers up to this many bytes (oldest dropped) */
	replayCacheBytes: number;
}

export const DEFAULT_OPTIONS: Readonly<SandboxOptions> = Object.freeze({
	host: '127.0.0.1',
	port: 8787,
	username: 'sandbox-partner',
	password: 'sandbox-password',
	sharedSecret: 'sandbox-shared-secret-0001',
	tokenTtlSeconds: 3600,
	saveDelayMs: 250,
	logger: false,
	asyncSettleMs: 500,
	achSettleMs: 1000,
	replayCacheBytes: 64 * 1024 * 1024,
});

/** What every route module receives. */
export interface SandboxContext {
	state: SandboxState;
	options: SandboxOptions;
	/** live: PUT /_sandbox/config merges into this object; read it when a request arrives */
	assumptions: Assumptions;
	webhooks: WebhookEngine;
	/** delayed settlement of pending transfers (POST /_sandbox/settle runs them all now) */
	settler: Settler;
	faults: FaultEngine;
	latency: Latency;
}
