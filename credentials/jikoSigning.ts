import { createHmac, randomUUID } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { jikoBaseUrl } from './jikoEnvironment';

/** The Jiko request signature: base64(HMAC-SHA256(shared secret, idempotency + pathname + body)).
 * Kept alone and pure so known-answer tests can pin it byte for byte. */
export function jikoSignature(
	sharedSecret: string,
	idempotencyKey: string,
	pathname: string,
	body: string | Buffer,
): string {
	return createHmac('sha256', sharedSecret)
		.update(Buffer.concat([Buffer.from(idempotencyKey + pathname, 'utf8'), Buffer.from(body)]))
		.digest('base64');
}

/** The URL path as it goes on the wire (percent-encoded, no host, no query string). */
export function signedPathname(url: string, baseURL?: string): string {
	const absolute = /^https?:\/\//i.test(url)
		? url
		: `${(baseURL ?? '').replace(/\/+$/, '')}/${url.replace(/^\/+/, '')}`;
	return new URL(absolute).pathname;
}

type LegacyOptions = IHttpRequestOptions & { uri?: string };

const OWN_HEADERS = ['authorization', 'x-jiko-idempotency', 'x-jiko-signature', 'x-jiko-partner-id'];

function isPlainObject(value: unknown): value is IDataObject {
	return (
		typeof value === 'object' &&
		value !== null &&
		!Buffer.isBuffer(value) &&
		!(value instanceof URLSearchParams) &&
		typeof (value as { getHeaders?: unknown }).getHeaders !== 'function' &&
		typeof (value as { pipe?: unknown }).pipe !== 'function'
	);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The x-jiko-idempotency value the caller put on the request, if it is a UUID. */
function callerKey(headers: IDataObject | undefined): string | undefined {
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (name.toLowerCase() === 'x-jiko-idempotency' && typeof value === 'string' && UUID.test(value.trim())) {
			return value.trim();
		}
	}
	return undefined;
}

/**
 * Adds the bearer token, the idempotency key and the signature to one HTTP attempt.
 *
 * The key names one action (Jiko: "a random uuid for this action ... This allows you to send
 * the same request multiple times if the first response gets lost in transit"). A caller that
 * resends a write after a lost answer puts that write's key on the request and it is kept, so
 * the resend carries the same key, the same bytes and therefore the same signature, and Jiko's
 * replay check stops a second execution. Without one, every call gets a fresh key.
 *
 * n8n calls this again on the same options object when it retries after a 401 re-login: the
 * key set by the first call is kept (a 401 means Jiko did nothing), the token is replaced, and
 * the body, once serialized, stays the very string that is signed and sent.
 */
export function signJikoRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	newKey: () => string = randomUUID,
): IHttpRequestOptions {
	const options = requestOptions as LegacyOptions;
	const target = options.url ?? options.uri ?? '';
	// The credential owns the base URL: a relative path (e.g. in the HTTP Request node) goes to it.
	if (!/^https?:\/\//i.test(target) && !options.baseURL) {
		options.baseURL = jikoBaseUrl(credentials);
	}

	const idempotencyKey = callerKey(options.headers) ?? newKey();
	const headers: IDataObject = {};
	for (const [name, value] of Object.entries(options.headers ?? {})) {
		if (!OWN_HEADERS.includes(name.toLowerCase())) headers[name] = value;
	}

	const method = (options.method ?? 'GET').toUpperCase();
	let body: string | Buffer | undefined;
	if (method === 'GET' || method === 'HEAD' || options.body === undefined || options.body === null) {
		body = ''; // n8n's HTTP layer drops GET bodies, so the signed body is empty
	} else if (typeof options.body === 'string') {
		// axios trims a JSON string body before sending it; sign what goes on the wire.
		body = looksLikeJson(options.body) ? options.body.trim() : options.body;
		options.body = body;
	} else if (Buffer.isBuffer(options.body)) {
		body = options.body;
	} else if (isPlainObject(options.body)) {
		// Serialize once, sign that string, send that string: the signature covers the exact bytes.
		body = JSON.stringify(options.body);
		options.body = body;
		if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
			headers['content-type'] = 'application/json';
		}
	}

	headers.Authorization = `Bearer ${String(credentials.sessionToken ?? '')}`;
	headers['x-jiko-idempotency'] = idempotencyKey;
	// Streams and multipart bodies (document uploads) are not signed: Jiko wants no signature there.
	if (body !== undefined) {
		const pathname = signedPathname(target, options.baseURL);
		headers['x-jiko-signature'] = jikoSignature(
			String(credentials.sharedSecret ?? ''),
			idempotencyKey,
			pathname,
			body,
		);
	}
	const partnerId = String(credentials.partnerId ?? '').trim();
	if (partnerId) headers['x-jiko-partner-id'] = partnerId;
	options.headers = headers;
	return options;
}

function looksLikeJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}
