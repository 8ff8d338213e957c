/**
 * A tiny Jiko Partner API client for tests, written from Jiko's documented algorithm only
 * (NOT from the project's nodes): it can send correct requests and deliberately tampered ones.
 *
 *   signature = base64(HMAC-SHA256(key = shared secret, msg = idempotency + pathname + body))
 *
 * `request` never throws on an HTTP status; it returns {status, data, headers, text}.
 */
import { createHmac, randomUUID } from 'node:crypto';
import axios from 'axios';

export interface RawResponse<T = any> {
	status: number;
	data: T;
	text: string;
	headers: Record<string, string>;
}

export type QueryValue = string | number | boolean | (string | number)[] | undefined;

export interface RawRequestOptions {
	/** an object is sent as JSON.stringify(body); a string is sent byte-for-byte */
	body?: string | object;
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

export function jikoSignature(secret: string, idempotencyKey: string, pathname: string, body: string): string {
	return createHmac('sha256', secret).update(idempotencyKey + pathname + body, 'utf8').digest('base64');
}

export class JikoRawClient {
	token: string | undefined;

	constructor(
		readonly baseUrl: string,
		readonly credentials = { username: 'sandbox-partner', password: 'sandbox-password', sharedSecret: 'sandbox-shared-secret-0001' },
	) {}

	private async send(method: string, url: string, headers: Record<string, string>, body: string | undefined): Promise<RawResponse> {
		const res = await axios.request({
			method,
			url,
			headers,
			data: body,
			responseType: 'text',
			transformRequest: [(d: unknown) => d],
			transformResponse: [(d: unknown) => d],
			validateStatus: () => true,
		});
		const text = typeof res.data === 'string' ? res.data : '';
		let data: unknown = text;
		try {
			data = text === '' ? undefined : JSON.parse(text);
		} catch {
			data = text;
		}
		const outHeaders: Record<string, string> = {};
		for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && v !== null) outHeaders[k.toLowerCase()] = String(v);
		return { status: res.status, data, text, headers: outHeaders };
	}

	/** POST /api/v1/login/; keeps the token on success. */
	async login(username = this.credentials.username, password = this.credentials.password): Promise<RawResponse<{ token: string; expires: string }>> {
		const res = await this.send('POST', `${this.baseUrl}/api/v1/login/`, { 'content-type': 'application/json' }, JSON.stringify({ username, password }));
		if (res.status === 200) this.token = res.data.token;
		return res;
	}

	async request<T = any>(method: string, path: string, opts: RawRequestOptions = {}): Promise<RawResponse<T>> {
		const body = opts.body === undefined ? '' : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
		const key = opts.idempotencyKey === undefined ? randomUUID() : opts.idempotencyKey;
		const pathname = path.split('?')[0];
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
		const qs = new URLSearchParams();
		for (const [k, v] of Object.entries(opts.query ?? {})) {
			if (v === undefined) continue;
			for (const item of Array.isArray(v) ? v : [v]) qs.append(k, String(item));
		}
		const q = qs.toString();
		return this.send(method, `${this.baseUrl}${path}${q ? (path.includes('?') ? '&' : '?') + q : ''}`, headers, body === '' ? undefined : body) as Promise<RawResponse<T>>;
	}

	get<T = any>(path: string, opts: RawRequestOptions = {}) {
		return this.request<T>('GET', path, opts);
	}
	post<T = any>(path: string, body: string | object, opts: RawRequestOptions = {}) {
		return this.request<T>('POST', path, { ...opts, body });
	}
}
