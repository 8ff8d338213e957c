/**
 * Jiko's request authentication for every signed route, in this order:
 *   1. bearer token from POST /api/v1/login/, unexpired          → 401
 *   2. x-jiko-idempotency present and a UUID                       → 422 (loc header)
 *   3. x-jiko-signature = base64 HMAC-SHA256(shared secret,
 *      idempotency + pathname + raw body)                          → 403
 *   4. idempotency key not used in the past hour                   → 409 (assumption)
 * Route validation (422) comes after all four.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { isUuid } from '../util';
import { takeJsonBody } from './body';
import { ApiError, ValidationError, issue } from './errors';
import { requestSignature, signatureMatches } from './signature';

const SIGNATURE_MISMATCH =
	'Signature does not match: x-jiko-signature must be base64(HMAC-SHA256(shared secret, x-jiko-idempotency + request pathname + body)). ' +
	'Check the shared secret, the signed path (the URL path as sent, with its trailing slash and without the query string) and that the exact body bytes sent were signed.';

export function installGuard(api: FastifyInstance, ctx: SandboxContext): void {
	const { state, assumptions: a } = ctx;
	const windows = new Map<string, { start: number; count: number }>();

	api.addHook('onRequest', async (req: FastifyRequest, reply: FastifyReply) => {
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
			const now = Date.now();
			let w = windows.get(m[1]);
			if (!w || now - w.start >= 60_000) {
				w = { start: now, count: 0 };
				windows.set(m[1], w);
			}
			w.count += 1;
			const reset = Math.ceil((w.start + 60_000 - now) / 1000);
			reply.header('x-ratelimit-limit', String(a.rateLimitPerMinute));
			reply.header('x-ratelimit-remaining', String(Math.max(0, a.rateLimitPerMinute - w.count)));
			reply.header('x-ratelimit-reset', String(reset));
			if (w.count > a.rateLimitPerMinute) {
				state.stats.rejected.rateLimited += 1;
				throw new ApiError(429, 'Rate limit exceeded', { 'retry-after': String(reset) });
			}
		}

		// 2. idempotency header
		const idem = req.headers['x-jiko-idempotency'];
		if (idem === undefined) throw new ValidationError([issue.missing(['header', 'x-jiko-idempotency'])]);
		if (typeof idem !== 'string' || !isUuid(idem)) throw new ValidationError([issue.uuid(['header', 'x-jiko-idempotency'])]);
	});

	api.addHook('preValidation', async (req: FastifyRequest) => {
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
		const windowMs = a.repeatedKeyWindowSeconds * 1000;
		const repeated = a.keyConsumedBeforeValidation ? state.checkAndRecordKey(idem, windowMs) : state.isRepeatedKey(idem, windowMs);
		if (repeated) {
			state.stats.rejected.repeated += 1;
			throw new ApiError(
				a.repeatedKeyStatus,
				`Repeated request: the x-jiko-idempotency key ${idem} was already used in the past ${a.repeatedKeyWindowSeconds / 60} minutes. Send every request with a new key.`,
			);
		}
	});

	if (!a.keyConsumedBeforeValidation) {
		// The key is consumed only by requests that got past validation.
		api.addHook('onResponse', async (req: FastifyRequest, reply: FastifyReply) => {
			const idem = req.headers['x-jiko-idempotency'];
			if (typeof idem === 'string' && req.rawBody !== undefined && reply.statusCode !== 422 && reply.statusCode < 500) {
				state.checkAndRecordKey(idem, a.repeatedKeyWindowSeconds * 1000);
			}
		});
	}
}
