import { headerValue } from './rateLimit';

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

/**
 * How long a 429 asks us to wait, from Retry-After (seconds or an HTTP date); undefined when
 * Jiko did not say. The caller bounds the total wait.
 */
export function retryAfterMs(retryAfter: string | undefined, now = Date.now()): number | undefined {
	if (!retryAfter || retryAfter.trim() === '') return undefined;
	const seconds = Number(retryAfter);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1_000);
	const date = Date.parse(retryAfter);
	if (Number.isFinite(date)) return Math.max(0, date - now);
	return undefined;
}
