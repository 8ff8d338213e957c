import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
	interface FastifyRequest {
		/** the exact request body bytes (empty when none): what the signature covers */
		rawBody?: Buffer;
		/** set when the body is not valid JSON; reported as a 422 by the route's validation */
		jsonError?: string;
	}
}

/**
 * The sandbox's only content-type parser keeps the body as a Buffer (any content type), so the
 * signature can be checked over the bytes received. JSON is parsed here, after that check.
 */
export function takeJsonBody(req: FastifyRequest): void {
	if (req.rawBody !== undefined) return; // already done
	const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
	req.rawBody = raw;
	if (raw.length === 0) {
		req.body = undefined;
		return;
	}
	try {
		req.body = JSON.parse(raw.toString('utf8')) as unknown;
	} catch (err: unknown) {
		req.body = undefined;
		req.jsonError = `Expecting value: ${(err as Error).message}`;
	}
}
