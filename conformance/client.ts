/**
 * A small Jiko Partner API client written from Jiko's documentation alone (it shares no code
 * with the node, the credential or the local sandbox, so a misreading in them cannot hide here).
 * It is the project's one independent client: the conformance suite (`npm run conformance`)
 * asks a real Jiko through `JikoClient`, and the tests drive the local sandbox through
 * `JikoRawClient` (test/support/jikoRawClient.ts re-exports it).
 *
 *   POST /api/v1/login/ {username, password} → {token, expires}; then on every signed request
 *   Authorization: Bearer <token>
 *   x-jiko-idempotency: <uuid>                       one per action
 *   x-jiko-signature: base64(HMAC-SHA256(shared secret, idempotency + URL pathname + body bytes))
 *
 * The pathname is the path as sent (no host, no query); the body is the exact bytes sent ("" when
 * there is none). No request here throws on an HTTP status or follows a redirect (a 307 is an
 * answer the trailing-slash question needs to see). Nothing here logs the token, the password or
 * the shared secret.
 *
 * Node runs this file as it is (conformance/run.sh): type annotations only, no TypeScript-only
 * syntax (parameter properties, enums, namespaces).
 */
import { createHmac, randomUUID } from 'node:crypto';

export interface JikoConfig {
	baseUrl: string;
	username: string;
	password: string;
	sharedSecret: string;
	partnerId?: string;
	/** one HTTP exchange; default 30 s */
	requestTimeoutMs?: number;
}

export interface JikoResponse {
	status: number;
	/** the body exactly as received */
	text: string;
	/** the body parsed as JSON, or undefined when it is empty or not JSON */
	json: any;
	headers: Headers;
	/** Date.now() when the answer had arrived */
	at: number;
}

export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

export interface RequestOptions {
	query?: Record<string, QueryValue>;
	/** an object is sent as JSON.stringify(body); a string is sent byte for byte */
	body?: unknown;
	/**
	 * The x-jiko-idempotency to use. Given: exactly that key, one attempt, no automatic resend
	 * (the probes need to see what Jiko did with it). Absent: a fresh key, and a refused token
	 * (401) or a rate limit (429) is retried with a fresh key.
	 */
	key?: string;
}

export function jikoSignature(secret: string, idempotencyKey: string, pathname: string, body: string): string {
	return createHmac('sha256', secret).update(idempotencyKey + pathname + body, 'utf8').digest('base64');
}

/** A request that got no HTTP answer; `code` is the network's reason (ECONNRESET, UND_ERR_SOCKET, ...). */
export class HttpError extends Error {
	code: string | undefined;
	constructor(message: string, code?: string) {
		super(message);
		this.code = code;
	}
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

/** One answer as received; `data` is the JSON body (the text when it is not JSON, undefined when empty). */
export interface RawResponse<T = any> {
	status: number;
	data: T;
	text: string;
	/** lower-case names */
	headers: Record<string, string>;
	/** Date.now() when the answer had arrived */
	at: number;
}

export interface RawRequestOptions {
	/** an object is sent as JSON.stringify(body); a string is sent byte for byte */
	body?: unknown;
	query?: Record<string, QueryValue>;
	/** extra headers; a value of `null` removes that header (e.g. to omit the signature) */
	headers?: Record<string, string | null>;
	/** the x-jiko-idempotency value (default: a fresh UUID); null = leave the header out */
	idempotencyKey?: string | null;
	/** sign something other than what is sent (tampering tests) */
	signWith?: { secret?: string; path?: string; body?: string; idempotencyKey?: string };
	/** bearer token to use (default: the one from login()); null = no Authorization header */
	token?: string | null;
}

export interface RawCredentials {
	username: string;
	password: string;
	sharedSecret: string;
}

/** The local sandbox's fixed demo credentials (sandbox/README.md). */
export const SANDBOX_CREDENTIALS: Readonly<RawCredentials> = Object.freeze({ username: 'sandbox-partner', password: 'sandbox-password', sharedSecret: 'sandbox-shared-secret-0001' });

/**
 * One signed request as Jiko's docs describe it, and nothing more: no login of its own, no
 * resend. It can send correct requests and deliberately tampered ones.
 */
export class JikoRawClient {
	readonly baseUrl: string;
	readonly credentials: RawCredentials;
	/** one HTTP exchange; default 30 s */
	readonly requestTimeoutMs: number;
	token: string | undefined;

	constructor(baseUrl: string, credentials: RawCredentials = SANDBOX_CREDENTIALS, requestTimeoutMs = 30_000) {
		this.baseUrl = baseUrl.replace(/\/+$/, '');
		this.credentials = credentials;
		this.requestTimeoutMs = requestTimeoutMs;
	}

	/** One HTTP exchange. Network errors become HttpError with the path and the cause (never a header). */
	private async exchange(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<RawResponse> {
		let res: Response;
		try {
			res = await fetch(url, { method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(this.requestTimeoutMs) });
		} catch (error) {
			const cause = (error as { cause?: { code?: string; message?: string } }).cause;
			const code = cause?.code ?? cause?.message ?? (error as Error).name;
			throw new HttpError(`${method} ${new URL(url).pathname}: ${cause?.code ?? cause?.message ?? (error as Error).message}`, code);
		}
		const text = await res.text();
		const outHeaders: Record<string, string> = {};
		res.headers.forEach((value, name) => (outHeaders[name.toLowerCase()] = value));
		const json = parseJson(text);
		return { status: res.status, data: json === undefined && text !== '' ? text : json, text, headers: outHeaders, at: Date.now() };
	}

	/** An unsigned request without a token (GET /health, the local emulator's /_sandbox/ routes). */
	async plain(method: string, path: string, body?: unknown): Promise<RawResponse> {
		const text = body === undefined ? undefined : JSON.stringify(body);
		return this.exchange(method, this.baseUrl + path, text === undefined ? {} : { 'content-type': 'application/json' }, text);
	}

	/** POST /api/v1/login/; keeps the token on success. */
	async login(username = this.credentials.username, password = this.credentials.password): Promise<RawResponse<{ token: string; expires: string }>> {
		const res = await this.plain('POST', '/api/v1/login/', { username, password });
		if (res.status === 200 && typeof res.data?.token === 'string') this.token = res.data.token;
		return res;
	}

	url(path: string, query?: Record<string, QueryValue>): string {
		const qs = new URLSearchParams();
		for (const [k, v] of Object.entries(query ?? {})) {
			if (v === undefined) continue;
			for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
		}
		const q = qs.toString();
		return `${this.baseUrl}${path}${q ? (path.includes('?') ? '&' : '?') + q : ''}`;
	}

	async request<T = any>(method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse<T>> {
		const body = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		const url = this.url(path, opts.query);
		// The signed pathname is the URL's path exactly as it goes on the wire.
		const pathname = new URL(url).pathname;
		const key = opts.idempotencyKey === undefined ? randomUUID() : opts.idempotencyKey;
		const s = opts.signWith ?? {};
		const headers: Record<string, string> = {};
		const token = opts.token === undefined ? this.token : opts.token;
		if (token) headers.authorization = `Bearer ${token}`;
		if (key !== null) headers['x-jiko-idempotency'] = key;
		headers['x-jiko-signature'] = jikoSignature(s.secret ?? this.credentials.sharedSecret, s.idempotencyKey ?? key ?? '', s.path ?? pathname, s.body ?? body);
		if (body !== '') headers['content-type'] = 'application/json';
		for (const [k, v] of Object.entries(opts.headers ?? {})) {
			if (v === null) delete headers[k.toLowerCase()];
			else headers[k.toLowerCase()] = v;
		}
		return (await this.exchange(method, url, headers, body === '' ? undefined : body)) as RawResponse<T>;
	}

	get<T = any>(path: string, opts: Omit<RawRequestOptions, 'body'> = {}): Promise<RawResponse<T>> {
		return this.request<T>('GET', path, opts);
	}

	post<T = any>(path: string, body: unknown, opts: Omit<RawRequestOptions, 'body'> = {}): Promise<RawResponse<T>> {
		return this.request<T>('POST', path, { ...opts, body });
	}
}

function asJikoResponse(res: RawResponse): JikoResponse {
	return { status: res.status, text: res.text, json: parseJson(res.text), headers: new Headers(res.headers), at: res.at };
}

/**
 * A session on top of the raw client, for asking a real Jiko: logs in when needed (and a minute
 * before the token expires), resends once after a refused token and after rate limits.
 */
export class JikoClient {
	readonly baseUrl: string;
	private readonly raw: JikoRawClient;
	private expiresAt = 0;
	private readonly cfg: JikoConfig;

	constructor(cfg: JikoConfig) {
		this.cfg = cfg;
		this.raw = new JikoRawClient(cfg.baseUrl, { username: cfg.username, password: cfg.password, sharedSecret: cfg.sharedSecret }, cfg.requestTimeoutMs ?? 30_000);
		this.baseUrl = this.raw.baseUrl;
	}

	/** An unsigned request without a token (GET /health, the local emulator's /_sandbox/ routes). */
	async plain(method: string, path: string, body?: unknown): Promise<JikoResponse> {
		return asJikoResponse(await this.raw.plain(method, path, body));
	}

	async login(): Promise<void> {
		const res = asJikoResponse(await this.raw.login());
		if (res.status !== 200 || typeof res.json?.token !== 'string') {
			this.raw.token = undefined;
			throw new HttpError(`login failed: POST /api/v1/login/ answered ${res.status}${typeof res.json?.detail === 'string' ? ` (${res.json.detail})` : ''}`);
		}
		const expires = Date.parse(String(res.json.expires ?? ''));
		// Jiko's tokens live 60 minutes; renew a minute early.
		this.expiresAt = (Number.isFinite(expires) ? expires : Date.now() + 3_600_000) - 60_000;
	}

	async request(method: string, path: string, opts: RequestOptions = {}): Promise<JikoResponse> {
		const fixedKey = opts.key !== undefined;
		for (let attempt = 0; ; attempt++) {
			if (!this.raw.token || Date.now() >= this.expiresAt) await this.login();
			const res = asJikoResponse(
				await this.raw.request(method, path, {
					query: opts.query,
					body: opts.body,
					idempotencyKey: opts.key ?? randomUUID(),
					headers: this.cfg.partnerId ? { 'x-jiko-partner-id': this.cfg.partnerId } : {},
				}),
			);
			if (attempt >= 4) return res;
			if (res.status === 401 && attempt === 0) {
				// A refused token means nothing was done: log in again and resend (same key if fixed).
				this.raw.token = undefined;
				continue;
			}
			if (res.status === 429 && !fixedKey) {
				const wait = Number(res.headers.get('retry-after'));
				await sleep(Math.min(60, Number.isFinite(wait) && wait > 0 ? wait : 1) * 1000);
				continue;
			}
			return res;
		}
	}

	get(path: string, opts: Omit<RequestOptions, 'body'> = {}): Promise<JikoResponse> {
		return this.request('GET', path, opts);
	}

	post(path: string, body: unknown, opts: Omit<RequestOptions, 'body'> = {}): Promise<JikoResponse> {
		return this.request('POST', path, { ...opts, body });
	}
}

export const newKey = (): string => randomUUID();
