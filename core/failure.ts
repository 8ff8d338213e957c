/** What an HTTP attempt's failure tells us, read from the error n8n's request helper threw. */
export interface JikoFailure {
	/** HTTP status when Jiko answered. */
	status?: number;
	/** The parsed JSON body Jiko answered with. */
	data?: unknown;
	/** Raw Retry-After header on a 429. */
	retryAfter?: string;
	/** Node/axios error code when no answer came back (ECONNRESET, ETIMEDOUT, ...). */
	code?: string;
	/** The low-level message, for network failures only (never contains headers or bodies). */
	networkMessage?: string;
	/** Neither an answer nor a network error: the credential failed before sending (e.g. its
	 * login was refused). Its message is written for users and holds no secret. */
	credentialMessage?: string;
}

/**
 * Did a failed write possibly reach Jiko?
 * - `rejected`: Jiko answered 4xx, or the connection was refused before anything was sent:
 *   nothing happened, the same write may be tried again.
 * - `unknown`: a timeout, a reset or a 5xx after the request left: Jiko may have committed it,
 *   so the caller must look the object up before any resend.
 */
export type WriteFailureKind = 'rejected' | 'unknown';

// Connection-level codes that prove the request never reached the server.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN', 'ERR_INVALID_URL']);

export function classifyWriteFailure(failure: JikoFailure): WriteFailureKind {
	if (failure.status !== undefined) return failure.status >= 500 ? 'unknown' : 'rejected';
	if (failure.code !== undefined && NOT_SENT_CODES.has(failure.code)) return 'rejected';
	if (failure.code === undefined && failure.networkMessage === undefined) return 'rejected';
	return 'unknown';
}

interface ErrorLike {
	cause?: unknown;
	response?: { status?: unknown; data?: unknown; headers?: unknown };
	code?: unknown;
	message?: unknown;
	name?: unknown;
}

/** Walks the error and its causes for the first HTTP response or network error code. */
export function readFailure(error: unknown): JikoFailure {
	const seen = new Set<unknown>();
	let current: unknown = error;
	let code: string | undefined;
	let networkMessage: string | undefined;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as ErrorLike;
		const response = candidate.response;
		if (response && typeof response.status === 'number') {
			return {
				status: response.status,
				data: parseBody(response.data),
				retryAfter: headerValue(response.headers, 'retry-after'),
			};
		}
		if (code === undefined && typeof candidate.code === 'string' && /^[A-Z_]+$/.test(candidate.code)) {
			code = candidate.code;
			networkMessage = typeof candidate.message === 'string' ? candidate.message : undefined;
		}
		if (
			networkMessage === undefined &&
			candidate.name === 'TypeError' &&
			candidate.message === 'terminated'
		) {
			code = code ?? 'ECONNRESET';
			networkMessage = 'connection terminated';
		}
		current = candidate.cause;
	}
	if (code === undefined && error instanceof Error) return { credentialMessage: error.message };
	return { code, networkMessage };
}

function parseBody(data: unknown): unknown {
	if (Buffer.isBuffer(data)) data = data.toString('utf8');
	if (typeof data !== 'string') return data;
	try {
		return JSON.parse(data);
	} catch {
		return data;
	}
}

/** A header of an answer, whatever shape the request helper gave the headers in (a Headers
 * object or a plain record with any letter case). */
export function headerValue(headers: unknown, name: string): string | undefined {
	if (!headers || typeof headers !== 'object') return undefined;
	const getter = (headers as { get?: (key: string) => unknown }).get;
	if (typeof getter === 'function') {
		const value = getter.call(headers, name);
		return value === undefined || value === null ? undefined : String(value);
	}
	for (const [key, value] of Object.entries(headers as Record<string, unknown>)) {
		if (key.toLowerCase() === name) return value === undefined || value === null ? undefined : String(value);
	}
	return undefined;
}
