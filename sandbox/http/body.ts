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
	const text = raw.toString('utf8');
	if (nestingDepth(text) > MAX_JSON_DEPTH) {
		// Parsed, such a body would be stored and later break every answer and save that
		// serializes it (JSON.stringify recurses): refused before anything reads it.
		req.body = undefined;
		req.jsonError = `JSON nested more than ${MAX_JSON_DEPTH} levels deep`;
		return;
	}
	try {
		req.body = JSON.parse(text) as unknown;
	} catch (err: unknown) {
		req.body = undefined;
		req.jsonError = `Expecting value: ${(err as Error).message}`;
	}
}

/** Deeper than any body Jiko documents (a few levels) by far. */
export const MAX_JSON_DEPTH = 64;

/** The deepest nesting of objects and arrays in a JSON text, in one pass (strings skipped). */
export function nestingDepth(text: string): number {
	let depth = 0;
	let deepest = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++depth);
		else if (c === 0x7d || c === 0x5d) depth--;
	}
	return deepest;
}
