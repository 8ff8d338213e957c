import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IPollFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { jikoBaseUrl } from '../../../core/environment';
import { CREDENTIAL_NAME } from '../../../core/credential';
import { classifyWriteFailure, readFailure, type JikoFailure, type WriteFailureKind } from '../../../core/failure';
import { rateLimitWaitMs } from '../../../core/rateLimit';
import { describeFailure, type RateLimitStop } from './messages';
import { closeGate, gateFromHeaders, rateGateKey, waitForGate } from './rateLimit';

export type JikoContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions | IPollFunctions;

export interface JikoRequest {
	method: IHttpRequestMethods;
	/** API path with its trailing slash, e.g. `/api/v2/pockets/{id}/` (it is signed as is). */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** What the user was doing, for messages: "get pocket 123". */
	what: string;
	itemIndex?: number;
	/**
	 * The `x-jiko-idempotency` of a write: the key names one action. Jiko documents resending the
	 * same request with the same key as the safe way to retry a lost answer (a key seen in the
	 * last hour is a repeated request), so a write that carries one is resent after a timeout, a
	 * reset or a 5xx with that key and the very same bytes. Reads leave it out: a fresh key is
	 * drawn for every attempt.
	 */
	idempotencyKey?: string;
	/** Extra headers for every attempt, e.g. the in-process pass a money create gets from the
	 * money guard (the credential signs transfer writes only with it). */
	headers?: IDataObject;
	/** Sends after network errors and 5xx, when this caller must decide about resends itself
	 * (the trigger's claim: a resend of a claim is not a first claim). Default: the policy's. */
	maxAttempts?: number;
	/** Total wait for Jiko's rate limit (429s, the shared gate), when the caller cannot wait as
	 * long as the credential allows (a webhook delivery waits for its answer). */
	rateLimitMaxWaitMs?: number;
	/** Timeout of one attempt (default: the policy's). */
	timeoutMs?: number;
}

/** Retry policy, overridable in tests. */
export const retryPolicy = {
	/** Attempts of a read after network errors and 5xx. */
	readAttempts: 4,
	/** Sends of one keyed write (same key, same bytes) after network errors and 5xx: resending
	 * one action is always safe, so a write keeps trying through a short outage (about 15 s
	 * of backoff) before it reports that it could not confirm the outcome. */
	writeAttempts: 6,
	/** 429s without Retry-After that a request accepts before it fails. */
	rateLimitAttemptsWithoutRetryAfter: 5,
	/** Default total wait for Jiko's rate limit when the credential sets none. */
	defaultRateLimitMaxWaitMs: 300_000,
	backoffMs: (attempt: number) => Math.min(8_000, 500 * 2 ** (attempt - 1)),
	timeoutMs: 30_000,
};

export type JikoResult<T> =
	| { ok: true; body: T; attempts: number; ambiguousAttempts: number }
	| {
			ok: false;
			kind: WriteFailureKind;
			failure: JikoFailure;
			error: NodeApiError;
			attempts: number;
			/** Attempts of this write whose outcome is unknown (no answer, or a 5xx). */
			ambiguousAttempts: number;
	  };

const SAFE_METHODS: IHttpRequestMethods[] = ['GET', 'HEAD'];

interface FullResponse {
	body: unknown;
	headers?: unknown;
}

function rateLimitBudgetMs(credentials: IDataObject): number {
	const seconds = Number(credentials.rateLimitMaxWaitSeconds);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1_000 : retryPolicy.defaultRateLimitMaxWaitMs;
}

/**
 * The one door to Jiko. Every attempt goes through n8n's `httpRequestWithAuthentication`, so
 * the credential logs in (once), signs, and re-logs on a 401.
 *
 * Never throws for an HTTP or network failure: it returns what happened, so a money-moving
 * caller can tell "Jiko certainly did not act" from "Jiko may have acted" and reconcile.
 * 429 never fails a request while Jiko says when to come back, up to the credential's total
 * wait; every request to the same Jiko account waits at one shared gate meanwhile. That wait
 * counts against the same total: a request fails at once, unsent, when the gate opens later.
 */
export async function jikoSend<T = IDataObject>(this: JikoContext, request: JikoRequest): Promise<JikoResult<T>> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	let baseURL: string;
	try {
		baseURL = jikoBaseUrl(credentials);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		return {
			ok: false,
			kind: 'rejected',
			failure: {},
			error: new NodeApiError(this.getNode(), { message } as JsonObject, { message, itemIndex: request.itemIndex }),
			attempts: 0,
			ambiguousAttempts: 0,
		};
	}
	const gate = rateGateKey(baseURL, credentials.username);
	const budgetMs = request.rateLimitMaxWaitMs ?? rateLimitBudgetMs(credentials);
	const budgetFrom = request.rateLimitMaxWaitMs === undefined ? 'credential' : 'caller';
	const safe = SAFE_METHODS.includes(request.method);
	const resendable = safe || request.idempotencyKey !== undefined;
	let attempts = 0;
	let ambiguousAttempts = 0;
	// Separate budgets: waiting out a rate limit must not use up the retries for failures.
	let rateLimitWaitedMs = 0;
	let rateLimitedWithoutAdvice = 0;
	let failures = 0;
	for (;;) {
		const gateWait = await waitForGate(gate, budgetMs - rateLimitWaitedMs);
		rateLimitWaitedMs += gateWait.waitedMs;
		if (gateWait.refusedUntil !== undefined) {
			// Jiko's rate limit (another request's Retry-After, or no requests left until the reset)
			// opens later than this request may wait: it fails now, unsent, rather than being held.
			const failure: JikoFailure = { status: 429 };
			const stop: RateLimitStop = {
				opensAt: gateWait.refusedUntil,
				now: Date.now(),
				budgetMs,
				waitedMs: rateLimitWaitedMs,
				budgetFrom,
				sent: false,
			};
			return {
				ok: false,
				kind: classifyWriteFailure(failure),
				failure,
				error: toNodeApiError(this, failure, request, attempts, stop),
				attempts,
				ambiguousAttempts,
			};
		}
		attempts++;
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			body: request.body,
			json: true,
			// Jiko's list filters repeat the key: filter[type]=ACH&filter[type]=WIRE, account[]=…
			arrayFormat: 'repeat',
			timeout: request.timeoutMs ?? retryPolicy.timeoutMs,
			returnFullResponse: true,
			headers: {
				...(request.headers ?? {}),
				...(request.idempotencyKey ? { 'x-jiko-idempotency': request.idempotencyKey } : {}),
			},
		};
		try {
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				options,
			)) as FullResponse;
			gateFromHeaders(gate, response.headers);
			return { ok: true, body: response.body as T, attempts, ambiguousAttempts };
		} catch (error) {
			const failure = readFailure(error);
			const kind = classifyWriteFailure(failure);
			// 429: Jiko refused before doing anything, so asking again (with the same key) is safe for
			// writes too. Wait as long as Jiko asks (at least the floor, so every refusal uses up part
			// of the total), within the credential's total.
			let stop: RateLimitStop | undefined;
			if (failure.status === 429) {
				const advisedMs = rateLimitWaitMs(failure.retryAfter);
				const waitMs = advisedMs ?? retryPolicy.backoffMs(rateLimitedWithoutAdvice + 1);
				if (advisedMs === undefined) rateLimitedWithoutAdvice++;
				const withinBudget = rateLimitWaitedMs + waitMs <= budgetMs;
				if (withinBudget && (advisedMs !== undefined || rateLimitedWithoutAdvice < retryPolicy.rateLimitAttemptsWithoutRetryAfter)) {
					closeGate(gate, Date.now() + waitMs);
					continue;
				}
				if (!withinBudget && advisedMs !== undefined) {
					const now = Date.now();
					stop = { opensAt: now + waitMs, now, budgetMs, waitedMs: rateLimitWaitedMs, budgetFrom, sent: true };
				}
			}
			if (kind === 'unknown' && !safe) ambiguousAttempts++;
			const maxAttempts = request.maxAttempts ?? (safe ? retryPolicy.readAttempts : retryPolicy.writeAttempts);
			if (resendable && kind === 'unknown' && ++failures < maxAttempts) {
				await sleep(retryPolicy.backoffMs(failures));
				continue;
			}
			return {
				ok: false,
				kind,
				failure,
				error: toNodeApiError(this, failure, request, attempts, stop),
				attempts,
				ambiguousAttempts,
			};
		}
	}
}

/** A GET that may find nothing: the body, or undefined when Jiko answers with one of `absent`
 * (404 by default). Any other failure throws. */
export async function jikoFind(
	this: JikoContext,
	request: Omit<JikoRequest, 'method' | 'body' | 'idempotencyKey'>,
	absent: number[] = [404],
): Promise<IDataObject | undefined> {
	const result = (await jikoSend.call(this, { ...request, method: 'GET' })) as JikoResult<IDataObject>;
	if (result.ok) return result.body;
	if (result.failure.status !== undefined && absent.includes(result.failure.status)) return undefined;
	throw result.error;
}

/** Send and return the body, or throw a NodeApiError a user can act on. */
export async function jikoApiRequest(this: JikoContext, request: JikoRequest): Promise<IDataObject> {
	const result = (await jikoSend.call(this, request)) as JikoResult<IDataObject>;
	if (!result.ok) throw result.error;
	return result.body;
}

/**
 * Builds the error from what Jiko said, never from the raw HTTP error: that one carries the
 * request's headers (bearer token, signature) and n8n would keep it in the execution data.
 */
function toNodeApiError(
	context: JikoContext,
	failure: JikoFailure,
	request: JikoRequest,
	attempts: number,
	rateLimitStop?: RateLimitStop,
): NodeApiError {
	const text = describeFailure(failure, request.what, attempts, rateLimitStop);
	const response: JsonObject = {
		message: text.message,
		description: text.description,
		httpCode: failure.status === undefined ? null : String(failure.status),
		...(failure.data !== undefined ? { response: { status: failure.status ?? null, data: failure.data as JsonObject } } : {}),
	};
	return new NodeApiError(context.getNode(), response, {
		message: text.message,
		description: text.description,
		httpCode: failure.status === undefined ? undefined : String(failure.status),
		itemIndex: request.itemIndex,
	});
}
