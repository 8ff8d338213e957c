/** POST /api/v1/login/ and GET /health: the two Jiko routes that need no token or signature. */
import { timingSafeEqual, createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { takeJsonBody } from '../http/body';
import { ApiError } from '../http/errors';
import { MinuteWindows } from '../http/guard';
import { Checker } from '../http/validate';
import { isoTime } from '../util';

/** Constant-time string equality (hash both so lengths never leak). */
function same(a: string, b: string): boolean {
	return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

async function health(ctx: SandboxContext, reply: FastifyReply) {
	// Jiko's OpenAPI: 200, application/json, schema = the string enum ["OK"].
	if (ctx.assumptions.healthAsJson) return reply.type('application/json').send('"OK"');
	return reply.type('text/plain').send('OK');
}

/** LoginInput: username and password required, each at most 128 characters. Assumption
 * loginRateLimitPerMinute (0 = none) limits attempts per client address. */
async function login(ctx: SandboxContext, windows: MinuteWindows, req: FastifyRequest, reply: FastifyReply) {
	const limit = ctx.assumptions.loginRateLimitPerMinute;
	if (limit > 0) {
		const r = windows.hit(req.ip, limit);
		reply.headers(r.headers);
		if (r.over) {
			ctx.state.stats.rejected.rateLimited += 1;
			throw new ApiError(429, 'Too many login attempts: try again later', { 'retry-after': r.retryAfter });
		}
	}
	takeJsonBody(req);
	const c = new Checker();
	const body = c.bodyObject(req.body, req.jsonError);
	let username: string | undefined;
	let password: string | undefined;
	if (body) {
		username = c.str(body, ['body', 'username'], { required: true, max: 128 });
		password = c.str(body, ['body', 'password'], { required: true, max: 128 });
	}
	c.done();
	const ok = same(username ?? '', ctx.options.username) && same(password ?? '', ctx.options.password);
	if (!ok) {
		ctx.state.stats.failedLogins += 1;
		throw new ApiError(401, 'Incorrect username or password');
	}
	ctx.state.stats.logins += 1;
	const { token, expiresAt } = ctx.state.issueToken(ctx.options.tokenTtlSeconds);
	return { token, expires: isoTime(expiresAt) };
}

export function registerAuthRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	const windows = new MinuteWindows();
	app.get('/health', (_req, reply) => health(ctx, reply));
	app.post('/api/v1/login/', (req, reply) => login(ctx, windows, req, reply));
}
