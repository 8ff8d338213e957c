import { createHmac, randomUUID } from 'crypto';
import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { jikoBaseUrl } from './environment';
import { ownSessionToken } from './session';
import { UUID_PATTERN } from './uuid';
import { carriesMoneyPass, MONEY_PASS_HEADER } from './moneyPass';
import {
	hasLimits,
	moneyMovementRail,
	moneyRefusal,
	readMoneySettings,
	requestedCents,
} from './moneyRules';

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

const OWN_HEADERS = [
	'authorization',
	'x-jiko-idempotency',
	'x-jiko-signature',
	'x-jiko-partner-id',
	MONEY_PASS_HEADER,
];

/**
 * Why the credential signed nothing: thrown from `authenticate`, i.e. before n8n opens a
 * connection, so no byte of the request left n8n. n8n hands it on as the `cause` of its
 * NodeApiError; `name` tells a caller that the request was certainly not sent.
 */
export class JikoCredentialRefusal extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'JikoCredentialRefusal';
	}
}

/** Request options that carried the money pass (see checkRequest). */
const PASSED = new WeakSet<object>();

// axios treats "scheme://..." and protocol-relative "//host/..." as absolute: baseURL is then ignored.
const ABSOLUTE_URL = /^(?:[a-z][a-z\d+\-.]*:)?\/\//i;

/**
 * Where the request would really go. Judged the strictest way: whatever a WHATWG URL parser
 * reads as absolute on its own (as n8n's own URL checks do: leading spaces and tabs are
 * ignored there) is absolute here too; a protocol-relative "//host" goes to that host; only a
 * plain path is relative to the base URL, joined as axios joins it (that is the path signed).
 */
function requestTarget(options: LegacyOptions, credentialBase: string): URL {
	const raw = String(options.url ?? options.uri ?? '');
	const base = String(options.baseURL ?? credentialBase);
	let text = raw;
	if (!URL.canParse(raw) && !ABSOLUTE_URL.test(raw.trim())) {
		text = `${base.replace(/\/+$/, '')}/${raw.replace(/^\/+/, '')}`;
	}
	if (!URL.canParse(text, credentialBase)) {
		throw new JikoCredentialRefusal(
			`The Jiko credential could not read the request URL as an address, so it signed nothing and nothing was sent: use a full URL on ${new URL(credentialBase).origin} or a path such as /api/v1/events/types/`,
		);
	}
	return new URL(text, credentialBase);
}

/** Refuses, before anything is signed, what the credential must not sign. */
function checkRequest(
	credentials: ICredentialDataDecryptedObject,
	options: LegacyOptions,
	target: URL,
	credentialOrigin: string,
): void {
	if (target.origin !== credentialOrigin) {
		throw new JikoCredentialRefusal(
			`The Jiko credential only signs requests for ${credentialOrigin}, and this request was going to ${target.origin === 'null' ? target.protocol : target.origin}: nothing was signed or sent. Use a URL on ${credentialOrigin} (or a path such as /api/v1/events/types/), or a Jiko credential whose Environment points where you meant.`,
		);
	}
	const rail = moneyMovementRail(options.method, target.pathname);
	if (rail === undefined) return;
	const what = `this ${(options.method ?? 'GET').toUpperCase()} to ${target.pathname}`;
	// The pass is removed before sending, and n8n signs the same options object again after a
	// 401 re-login: an object that carried it once keeps it.
	const passed = carriesMoneyPass(options.headers) || PASSED.has(options);
	if (passed) PASSED.add(options);
	// Only the Jiko node's creates carry the pass (the money guard hands it over after checking
	// the credential's switches and limits): any other caller — n8n's HTTP Request node, an AI
	// agent's HTTP tool — cannot move money with this credential.
	if (!passed) {
		throw new JikoCredentialRefusal(
			`The Jiko credential signs transfers only for the Jiko node's create operations, where the money switches and limits set in the credential are checked; ${what} (from n8n's HTTP Request node or another node) was not signed or sent. Use the Jiko node to create transfers.`,
		);
	}
	// The rules one request shows on its own; the Jiko node's guard has checked all of them already.
	const settings = readMoneySettings(credentials);
	const amount = requestedCents(options.body);
	if (amount === undefined && hasLimits(settings)) {
		throw new JikoCredentialRefusal(
			`The Jiko credential could not read the amount of ${what}, and limits are set in the credential, so it was not signed or sent.`,
		);
	}
	// An unreadable amount is judged like a Full Withdrawal: refused when switched off or limited.
	const refusal = moneyRefusal(settings, { rail, cents: typeof amount === 'number' ? amount : undefined });
	if (refusal) throw new JikoCredentialRefusal(refusal);
}

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


/** The x-jiko-idempotency value the caller put on the request, if it is a UUID. */
function callerKey(headers: IDataObject | undefined): string | undefined {
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (name.toLowerCase() === 'x-jiko-idempotency' && typeof value === 'string' && UUID_PATTERN.test(value.trim())) {
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
	const credentialBase = jikoBaseUrl(credentials);
	const credentialOrigin = new URL(credentialBase).origin;
	// Nothing is computed for a request the credential will not sign: no key, no signature.
	const destination = requestTarget(options, credentialBase);
	checkRequest(credentials, options, destination, credentialOrigin);
	const target = String(options.url ?? options.uri ?? '');
	// The credential owns the base URL: a relative path (e.g. in the HTTP Request node) goes to it.
	if (!URL.canParse(target) && !ABSOLUTE_URL.test(target.trim()) && !options.baseURL) {
		options.baseURL = credentialBase;
	}
	// And n8n's own check, at every redirect hop: never to another host, and no bearer token
	// to another origin on the same host.
	options.allowedDomains = destination.hostname;
	options.sendCredentialsOnCrossOriginRedirect = false;

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

	// Only a token obtained for this origin and username: never the one a person's edit of the
	// credential left behind (see ownSessionToken). Without one, Jiko answers 401 and n8n logs in.
	const token = ownSessionToken(credentials);
	if (token !== undefined) headers.Authorization = `Bearer ${token}`;
	headers['x-jiko-idempotency'] = idempotencyKey;
	// Streams and multipart bodies (document uploads) are not signed: Jiko wants no signature there.
	if (body !== undefined) {
		const pathname = destination.pathname;
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
