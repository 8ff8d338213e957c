/**
 * A small Jiko Partner API client written from Jiko's documentation alone (it shares no code
 * with the node, the credential or the local sandbox, so a misreading in them cannot hide here).
 *
 *   POST /api/v1/login/ {username, password} → {token, expires}; then on every signed request
 *   Authorization: Bearer <token>
 *   x-jiko-idempotency: <uuid>                       one per action
 *   x-jiko-signature: base64(HMAC-SHA256(shared secret, idempotency + URL pathname + body bytes))
 *
 * The pathname is the path as sent (no host, no query); the body is the exact bytes sent ("" when
 * there is none). `request` never throws on an HTTP status and never follows a redirect (a 307
 * is an answer the trailing-slash question needs to see). Nothing here logs the token, the
 * password or the shared secret.
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

export class HttpError extends Error {}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function parseJson(text: string): unknown {
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}

export class JikoClient {
	readonly baseUrl: string;
	private token: string | undefined;
	private expiresAt = 0;
	private readonly cfg: JikoConfig;

	constructor(cfg: JikoConfig) {
		this.cfg = cfg;
		this.baseUrl = cfg.baseUrl.replace(/\/+$/, '');
	}

	/** One HTTP exchange. Network errors become HttpError with the URL and the cause (never a header). */
	private async exchange(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<JikoResponse> {
		let res: Response;
		try {
			res = await fetch(url, {
				method,
				headers,
				body,
				redirect: 'manual',
				signal: AbortSignal.timeout(this.cfg.requestTimeoutMs ?? 30_000),
			});
		} catch (error) {
			const cause = (error as { cause?: { code?: string; message?: string } }).cause;
			throw new HttpError(`${method} ${new URL(url).pathname}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
		}
		const text = await res.text();
		return { status: res.status, text, json: parseJson(text), headers: res.headers, at: Date.now() };
	}

	/** An unsigned request without a token (GET /health, the local emulator's /_sandbox/ routes). */
	async plain(method: string, path: string, body?: unknown): Promise<JikoResponse> {
		const text = body === undefined ? undefined : JSON.stringify(body);
		return this.exchange(method, this.baseUrl + path, text === undefined ? {} : { 'content-type': 'application/json' }, text);
	}

	async login(): Promise<void> {
		const res = await this.plain('POST', '/api/v1/login/', { username: this.cfg.username, password: this.cfg.password });
		if (res.status !== 200 || typeof res.json?.token !== 'string') {
			throw new HttpError(`login failed: POST /api/v1/login/ answered ${res.status}${typeof res.json?.detail === 'string' ? ` (${res.json.detail})` : ''}`);
		}
		this.token = res.json.token;
		const expires = Date.parse(String(res.json.expires ?? ''));
		// Jiko's tokens live 60 minutes; renew a minute early.
		this.expiresAt = (Number.isFinite(expires) ? expires : Date.now() + 3_600_000) - 60_000;
	}

	private url(path: string, query?: Record<string, QueryValue>): string {
		const qs = new URLSearchParams();
		for (const [k, v] of Object.entries(query ?? {})) {
			if (v === undefined) continue;
			for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
		}
		const q = qs.toString();
		return `${this.baseUrl}${path}${q ? `?${q}` : ''}`;
	}

	async request(method: string, path: string, opts: RequestOptions = {}): Promise<JikoResponse> {
		const body = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		const url = this.url(path, opts.query);
		// The signed pathname is the URL's path exactly as it goes on the wire.
		const pathname = new URL(url).pathname;
		const fixedKey = opts.key !== undefined;
		for (let attempt = 0; ; attempt++) {
			if (!this.token || Date.now() >= this.expiresAt) await this.login();
			const key = opts.key ?? randomUUID();
			const headers: Record<string, string> = {
				authorization: `Bearer ${this.token}`,
				'x-jiko-idempotency': key,
				'x-jiko-signature': jikoSignature(this.cfg.sharedSecret, key, pathname, body),
			};
			if (body !== '') headers['content-type'] = 'application/json';
			if (this.cfg.partnerId) headers['x-jiko-partner-id'] = this.cfg.partnerId;
			const res = await this.exchange(method, url, headers, body === '' ? undefined : body);
			if (attempt >= 4) return res;
			if (res.status === 401 && attempt === 0) {
				// A refused token means nothing was done: log in again and resend (same key if fixed).
				this.token = undefined;
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
