/**
 * The local Jiko Partner API sandbox: a second, independent implementation of Jiko written
 * from Jiko's public docs (docs.jiko.io and Jiko's public OpenAPI v1.29.0). It imports nothing
 * from the n8n nodes or credentials, so a signing bug cannot hide in a shared helper.
 *
 * Routes
 *   no auth:   GET /health, POST /api/v1/login/, admin routes under /_sandbox/ (routes/admin.ts)
 *   signed:    everything else under /api/v1/ and /api/v2/ — token, idempotency key, signature,
 *              repeated-key checks in http/guard.ts, then the route's own validation.
 * Behaviour Jiko does not document is chosen in assumptions.ts (see ASSUMPTIONS.md).
 *
 * Layout: routes/*.ts parse and check requests (one named handler per route) and render with
 * views.ts; rules.ts holds the money-movement rules; transfers.ts moves money; state.ts keeps
 * the data with its indexes and running balances; http/ has the guard, pagination, validation.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { resolveAssumptions, type Assumptions } from './assumptions';
import { Latency } from './latency';
import { DEFAULT_OPTIONS, type SandboxContext, type SandboxOptions } from './context';
import { ApiError, ValidationError } from './http/errors';
import { FaultEngine, faultsFromEnv } from './faults';
import { installGuard } from './http/guard';
import { loadDataFile, Persister } from './persistence';
import { registerAccountRoutes } from './routes/accounts';
import { registerAchRoutes } from './routes/ach';
import { registerAdminRoutes } from './routes/admin';
import { registerAuthRoutes } from './routes/auth';
import { registerCounterpartyRoutes } from './routes/counterparties';
import { registerCustomerRoutes } from './routes/customers';
import { registerDemoRoutes } from './routes/demo';
import { registerFundRoutes } from './routes/fund';
import { registerOnUsRoutes } from './routes/onUs';
import { registerPayeeAdminRoutes, registerPayeeRoutes } from './routes/payees';
import { registerStatementRoutes } from './routes/statements';
import { registerTradeRoutes } from './routes/trades';
import { registerTransactionRoutes } from './routes/transactions';
import { registerV2Routes } from './routes/v2';
import { registerWebhookRoutes } from './routes/webhooks';
import { registerWireRoutes } from './routes/wires';
import { Settler } from './settle';
import { seedData } from './seed';
import { SandboxState } from './state';
import { WebhookEngine, type EmitOptions } from './webhooks';
import type { EventRecord } from './types';

export type { SandboxOptions } from './context';
export type { FaultConfig } from './faults';
export type { Assumptions } from './assumptions';
export type { LatencySetting } from './latency';
export { DEFAULT_OPTIONS } from './context';
export { DEMO_IDS, BIG_POCKET_TRANSACTIONS } from './seed';

/** A route module for signed /api/ routes. */
export type SignedRouteModule = (api: FastifyInstance, ctx: SandboxContext) => void;

export interface StartOptions extends Partial<SandboxOptions> {
	/** extra signed route modules, registered behind the same guard */
	routes?: SignedRouteModule[];
}

export interface RunningSandbox {
	/** base URL, e.g. http://127.0.0.1:8787 (no trailing slash) */
	url: string;
	port: number;
	close(): Promise<void>;
	/** the live state: data (customers, accounts, transactions, ...), auth, stats, balanceOf() */
	state: SandboxState;
	/** resolved options; tokenTtlSeconds follows PUT /_sandbox/config */
	options: SandboxOptions;
	assumptions: Assumptions;
	webhooks: WebhookEngine;
	/** records an event and delivers it to subscribers in the background */
	emitEvent(eventType: string, payload: Record<string, unknown>, opts?: EmitOptions): EventRecord;
	/** pending transfers; settleAll() settles them now (same as POST /_sandbox/settle) */
	settler: Settler;
	/** fault injection (same as PUT/GET/DELETE /_sandbox/faults) */
	faults: FaultEngine;
	/** answer delay (same as PUT /_sandbox/config {latencyMs}) */
	latency: Latency;
	app: FastifyInstance;
}

export const SIGNED_ROUTE_MODULES: readonly SignedRouteModule[] = [
	registerCustomerRoutes,
	registerAccountRoutes,
	registerTransactionRoutes,
	registerTradeRoutes,
	registerStatementRoutes,
	registerCounterpartyRoutes,
	registerWebhookRoutes,
	registerDemoRoutes,
	registerOnUsRoutes,
	registerAchRoutes,
	registerWireRoutes,
	registerFundRoutes,
	registerV2Routes,
	registerPayeeRoutes,
];

export async function startSandbox(opts: StartOptions = {}): Promise<RunningSandbox> {
	const given = Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)) as Partial<SandboxOptions>;
	const options: SandboxOptions = { ...DEFAULT_OPTIONS, ...given };
	delete (options as StartOptions).routes;
	const assumptions = resolveAssumptions(options.assumptions);

	const loaded = options.dataFile ? loadDataFile(options.dataFile) : undefined;
	const state = new SandboxState(loaded?.data ?? seedData(), loaded?.auth, { maxReplayBytes: options.replayCacheBytes });

	const app = Fastify({
		logger: options.logger ? { level: 'info' } : false,
		bodyLimit: 10 * 1024 * 1024,
		// /api/v1/x and /api/v1/x/ reach the same route; assumption trailingSlash decides per
		// request (hook below) whether the unslashed form is accepted. The signature is checked
		// over the path exactly as received, so each client signs what it sends.
		routerOptions: { ignoreTrailingSlash: true },
	});
	const persister = options.dataFile
		? new Persister(options.dataFile, state, (err) => app.log.error({ err }, 'could not save the sandbox data file'), options.saveDelayMs)
		: undefined;
	if (persister && !loaded) state.changed(); // write the fresh seed once
	const webhooks = new WebhookEngine(state, assumptions, (msg) => app.log.warn(msg));
	const settler = new Settler((err) => app.log.error({ err }, 'settlement failed'));
	const faults = new FaultEngine(options.faults ?? faultsFromEnv());
	const latency = new Latency(options.latencyMs ?? 0);
	const ctx: SandboxContext = { state, options, assumptions, webhooks, settler, faults, latency };

	// Keep every body as raw bytes, whatever its content type: the signature covers the exact
	// bytes, and JSON is parsed only after the signature check (http/body.ts).
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

	app.setErrorHandler((err: FastifyError | ApiError, req, reply) => {
		if (err instanceof ApiError) {
			if (err instanceof ValidationError) state.stats.rejected.validation += 1;
			return reply.code(err.statusCode).headers(err.headers).send({ detail: err.detail });
		}
		const status = typeof err.statusCode === 'number' ? err.statusCode : 500;
		if (status < 500) return reply.code(status).send({ detail: err.message });
		req.log.error({ err }, 'sandbox error');
		return reply.code(500).send({ detail: 'Internal Server Error' });
	});
	// FastAPI's answer for an unknown route.
	app.setNotFoundHandler((_req, reply) => reply.code(404).send({ detail: 'Not Found' }));

	// assumption trailingSlash, read per request: 'strict' → 404, 'redirect' → 307 to the slashed path
	app.addHook('onRequest', async (req, reply) => {
		const mode = assumptions.trailingSlash;
		if (mode === 'accept') return undefined;
		const [path, query] = (req.raw.url ?? '/').split(/\?(.*)/s, 2);
		if (!path.startsWith('/api/') || path.endsWith('/')) return undefined;
		if (mode === 'strict') return reply.code(404).send({ detail: 'Not Found' });
		return reply.code(307).header('location', `${path}/${query ? `?${query}` : ''}`).send();
	});

	latency.install(app);
	faults.install(app);
	registerAuthRoutes(app, ctx);
	registerAdminRoutes(app, ctx);
	registerPayeeAdminRoutes(app, ctx);
	await app.register(async (api) => {
		installGuard(api, ctx);
		for (const mod of [...SIGNED_ROUTE_MODULES, ...(opts.routes ?? [])]) mod(api, ctx);
	});

	await app.listen({ host: options.host, port: options.port });
	const port = (app.server.address() as AddressInfo).port;
	const host = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
	const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

	let closing: Promise<void> | undefined;
	return {
		url,
		port,
		state,
		options,
		assumptions,
		webhooks,
		settler,
		faults,
		latency,
		app,
		emitEvent: (type, payload, o) => webhooks.emitEvent(type, payload, o),
		close: () => {
			closing ??= (async () => {
				settler.close();
				await webhooks.close();
				await app.close();
				persister?.close();
			})();
			return closing;
		},
	};
}
