/**
 * Jiko's request authentication for every signed route, in this order:
 *   0. /api/v2/ exists (assumption v2Endpoints; an older Jiko answers 404 before any auth)
 *   1. bearer token from POST /api/v1/login/, unexpired          → 401
 *      (rate limit, off unless rateLimitPerMinute > 0)           → 429
 *   2. x-jiko-idempotency present and a UUID                       → 422 (loc header)
 *   3. x-jiko-signature = base64 HMAC-SHA256(shared secret,
 *      idempotency + pathname + raw body)                          → 403
 *   4. idempotency key not used in the past hour                   → 409 (assumption repeatedKey:
 *      `conflict`), or the first answer again (`replay`; 409 while the first is in flight)
 * Route validation (422) comes after all four.
 *
 * Key memory is a Map with expiry (sandbox/idempotency.ts): O(1) amortized per request.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { isUuid } from '../util';
import { takeJsonBody } from './body';
import { ApiError, ValidationError, issue } from './errors';
import { requestSignature, signatureMatches } from './signature';

declare module 'fastify' {
	interface FastifyRequest {
		/** the idempotency key of a request that passed the signature check */
		idemKey?: string;
		/** answered from the replay store: do not store again */
		replayed?: boolean;
	}
}

const SIGNATURE_MISMATCH =
	'Signature does not match: x-jiko-signature must be base64(HMAC-SHA256(shared secret, x-jiko-idempotency + request pathname + body)). ' +
	'Check the shared secret, the signed path (the URL path as sent, with its trailing slash and without the query string) and that the exact body bytes sent were signed.';

/** A fixed one-minute window per key; returns the headers and whether the request is over. */
export class MinuteWindows {
	private windows = new Map<string, { start: number; count: number }>();
	private lastSweep = 0;

	hit(key: string, limit: number, now = Date.now()): { over: boolean; headers: Record<string, string>; retryAfter: string } {
		if (now - this.lastSweep >= 60_000) {
			this.lastSweep = now;
			for (const [k, w] of this.windows) if (now - w.start >= 60_000) this.windows.delete(k);
		}
		let w = this.windows.get(key);
		if (!w || now - w.start >= 60_000) {
			w = { start: now, count: 0 };
			this.windows.set(key, w);
		}
		w.count += 1;
		const reset = String(Math.max(1, Math.ceil((w.start + 60_000 - now) / 1000)));
		return {
			over: w.count > limit,
			retryAfter: reset,
			headers: { 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - w.count)), 'x-ratelimit-reset': reset },
		};
	}
}

export function installGuard(api: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;
	const a = ctx.assumptions; // live object: read at request time
	const windows = new MinuteWindows();
	/** keys whose first request has not been answered yet */
	const inFlight = new Set<string>();
	const windowMs = () => a.repeatedKeyWindowSeconds * 1000;

	api.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
		// 0. an older Jiko has no /api/v2/ routes at all
		if (!a.v2Endpoints && (req.raw.url ?? '').startsWith('/api/v2/')) return reply.code(404).send({ detail: 'Not Found' });
		state.stats.requests += 1;

		// 1. bearer token
		const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
		if (!m) {
			state.stats.rejected.auth += 1;
			throw new ApiError(401, 'Not authenticated', { 'www-authenticate': 'Bearer' });
		}
		if (!state.tokenIsValid(m[1])) {
			state.stats.rejected.auth += 1;
			throw new ApiError(401, 'Invalid or expired token: log in again at /api/v1/login/', { 'www-authenticate': 'Bearer' });
		}

		// Rate limit (off unless configured: the Partner API documents none).
		if (a.rateLimitPerMinute > 0) {
			const r = windows.hit(m[1], a.rateLimitPerMinute);
			reply.headers(r.headers);
			if (r.over) {
				state.stats.rejected.rateLimited += 1;
				throw new ApiError(429, 'Rate limit exceeded', { 'retry-after': r.retryAfter });
			}
		}

		// 2. idempotency header
		const idem = req.headers['x-jiko-idempotency'];
		if (idem === undefined) throw new ValidationError([issue.missing(['header', 'x-jiko-idempotency'])]);
		if (typeof idem !== 'string' || !isUuid(idem)) throw new ValidationError([issue.uuid(['header', 'x-jiko-idempotency'])]);
		return undefined;
	});

	api.addHook('preValidation', async (req: FastifyRequest, reply: FastifyReply) => {
		takeJsonBody(req);
		const idem = req.headers['x-jiko-idempotency'] as string;

		// 3. signature over idempotency + pathname (as received, no query) + exact body bytes
		const sig = req.headers['x-jiko-signature'];
		if (typeof sig !== 'string' || sig === '') {
			state.stats.rejected.signature += 1;
			throw new ApiError(a.missingSignatureStatus, `Missing x-jiko-signature header. ${SIGNATURE_MISMATCH}`);
		}
		const pathname = (req.raw.url ?? '/').split('?')[0];
		const expected = requestSignature(ctx.options.sharedSecret, idem, pathname, req.rawBody ?? Buffer.alloc(0));
		if (!signatureMatches(expected, sig.trim())) {
			state.stats.rejected.signature += 1;
			throw new ApiError(a.badSignatureStatus, SIGNATURE_MISMATCH);
		}

		// 4. repeated request
		const key = idem.toLowerCase();
		if (state.isRepeatedKey(key, windowMs()) || inFlight.has(key)) {
			const stored = a.repeatedKey === 'replay' ? state.keys.answerFor(key) : undefined;
			if (stored) {
				state.stats.replayed += 1;
				req.replayed = true;
				if (stored.contentType) reply.header('content-type', stored.contentType);
				return reply.code(stored.status).send(stored.body);
			}
			state.stats.rejected.repeated += 1;
			const why = inFlight.has(key) || a.repeatedKey === 'replay' ? ' (the first request with this key has not been answered, or its answer was not kept)' : '';
			throw new ApiError(
				a.repeatedKeyStatus,
				`Repeated request: the x-jiko-idempotency key ${idem} was already used in the past ${a.repeatedKeyWindowSeconds / 60} minutes${why}. Send every request with a new key.`,
			);
		}
		req.idemKey = key;
		inFlight.add(key);
		if (a.keyConsumedBeforeValidation) state.checkAndRecordKey(key, windowMs());
		return undefined;
	});

	// The first answer to a key: consumes the key (unless it failed validation and keys are
	// consumed only after validation) and, for repeatedKey: replay, is kept to be sent again.
	// It runs even when fault injection then drops the answer: the request did commit.
	api.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
		const key = req.idemKey;
		if (key === undefined || req.replayed) return payload;
		inFlight.delete(key);
		req.idemKey = undefined;
		const status = reply.statusCode;
		if (!a.keyConsumedBeforeValidation) {
			if (status === 422 || status >= 500) return payload;
			state.checkAndRecordKey(key, windowMs());
		}
		if (a.repeatedKey === 'replay') {
			const ct = reply.getHeader('content-type');
			const body = payload === null || payload === undefined ? Buffer.alloc(0) : Buffer.isBuffer(payload) ? payload : typeof payload === 'string' ? Buffer.from(payload, 'utf8') : undefined;
			if (body) state.keys.storeAnswer(key, { status, contentType: ct === undefined ? undefined : String(ct), body });
		}
		return payload;
	});
	// a request that never produced an answer (aborted) no longer counts as in flight
	api.addHook('onResponse', async (req: FastifyRequest) => {
		if (req.idemKey !== undefined) inFlight.delete(req.idemKey);
	});
}
