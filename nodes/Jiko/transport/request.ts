import {
	NodeApiError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHookFunctions,
	type IHttpRequestMethods,
	type IHttpRequestOptions,
	type ILoadOptionsFunctions,
	type IWebhookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { jikoBaseUrl } from '../../../credentials/jikoEnvironment';
import {
	classifyWriteFailure,
	readFailure,
	retryAfterMs,
	type JikoFailure,
	type WriteFailureKind,
} from './failure';
import { describeFailure } from './messages';

export const CREDENTIAL_NAME = 'jikoApi';

export type JikoContext = IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface JikoRequest {
	method: IHttpRequestMethods;
	/** API path with its trailing slash, e.g. `/api/v1/jiko-accounts/{id}/` (it is signed as is). */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
	/** What the user was doing, for messages: "get pocket 123". */
	what: string;
	itemIndex?: number;
}

/** Retry policy, overridable in tests. Reads retry network errors and 5xx; every method retries 429. */
export const retryPolicy = {
	readAttempts: 4,
	rateLimitAttempts: 5,
	backoffMs: (attempt: number) => Math.min(8_000, 500 * 2 ** (attempt - 1)),
	timeoutMs: 30_000,
};

export type JikoResult<T> =
	| { ok: true; body: T; attempts: number }
	| { ok: false; kind: WriteFailureKind; failure: JikoFailure; error: NodeApiError; attempts: number };

const SAFE_METHODS: IHttpRequestMethods[] = ['GET', 'HEAD'];

/**
 * The one door to Jiko. Every attempt goes through n8n's `httpRequestWithAuthentication`, so
 * the credential logs in (once), signs with a fresh idempotency key and re-logs on a 401.
 *
 * Never throws for an HTTP or network failure: it returns what happened, so a money-moving
 * caller can tell "Jiko certainly did not act" from "Jiko may have acted" and reconcile.
 */
export async function jikoSend<T = IDataObject>(this: JikoContext, request: JikoRequest): Promise<JikoResult<T>> {
	const credentials = await this.getCredentials(CREDENTIAL_NAME);
	let baseURL: string;
	try {
		baseURL = jikoBaseUrl(credentials);
	} catch (error) {
		const message = error instanceof Error ? error.message : String(error);
		const failure: JikoFailure = {};
		return {
			ok: false,
			kind: 'rejected',
			failure,
			error: new NodeApiError(this.getNode(), { message } as JsonObject, { message, itemIndex: request.itemIndex }),
			attempts: 0,
		};
	}
	const safe = SAFE_METHODS.includes(request.method);
	let attempts = 0;
	// Separate budgets: waiting out a rate limit must not use up the retries for failures.
	let rateLimited = 0;
	let failures = 0;
	for (;;) {
		attempts++;
		const options: IHttpRequestOptions = {
			method: request.method,
			baseURL,
			url: request.path,
			qs: request.qs,
			body: request.body,
			json: true,
			// Jiko's list filters repeat the key: filter[types]=ACH&filter[types]=WIRE, account[]=…
			arrayFormat: 'repeat',
			timeout: retryPolicy.timeoutMs,
		};
		try {
			const body = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				CREDENTIAL_NAME,
				options,
			)) as T;
			return { ok: true, body, attempts };
		} catch (error) {
			const failure = readFailure(error);
			const kind = classifyWriteFailure(failure);
			// 429 means Jiko refused before doing anything: waiting and asking again is safe for writes too.
			if (failure.status === 429 && ++rateLimited < retryPolicy.rateLimitAttempts) {
				await sleep(retryAfterMs(failure.retryAfter));
				continue;
			}
			if (safe && kind === 'unknown' && ++failures < retryPolicy.readAttempts) {
				await sleep(retryPolicy.backoffMs(failures));
				continue;
			}
			return { ok: false, kind, failure, error: toNodeApiError(this, failure, request, attempts), attempts };
		}
	}
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
): NodeApiError {
	const text = describeFailure(failure, request.what, attempts);
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
