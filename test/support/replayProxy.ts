import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/*
 * A stand-in for a Jiko that answers a repeated x-jiko-idempotency key with the FIRST answer
 * again (status, content type and body bytes) instead of an error; a repeat that arrives while
 * the first is still being answered gets 409. Jiko documents neither behaviour: the trigger must
 * be right under both. Everything else is passed to the sandbox behind it.
 * `rewrite` can change an answer on its way back (e.g. a Jiko that does not echo `offset`);
 * `forward` can change the URL (path and query) a request is passed on with (e.g. a Jiko that
 * ignores a query parameter);
 * `fault` can answer 429 or 500 without passing a request on, or pass it on and drop Jiko's answer
 * (the request reached Jiko, the caller never hears back), or refuse it with a 422 that echoes the
 * request body, as FastAPI's validation errors do.
 */
export interface ReplayProxy {
	url: string;
	replayed: number;
	close(): Promise<void>;
}

type Stored = { status: number; contentType: string; body: Buffer } | 'pending';

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

export async function startReplayProxy(
	target: string,
	options: {
		replay?: boolean;
		rewrite?: (path: string, body: Buffer) => Buffer;
		forward?: (url: URL) => URL;
		fault?: (path: string, method: string) => 'rate-limit' | 'drop-answer' | 'server-error' | 'refuse-echoing-input' | undefined;
	} = {},
): Promise<ReplayProxy> {
	const seen = new Map<string, Stored>();
	const proxy = { url: '', replayed: 0, close: async () => undefined } as ReplayProxy;
	const server: Server = createServer((req, res) => {
		void (async () => {
			const body = await readBody(req);
			const path = (req.url ?? '/').split('?')[0];
			const fault = options.fault?.(path, req.method ?? 'GET');
			if (fault === 'server-error') {
				res.writeHead(500, { 'content-type': 'application/json' }).end('{"detail":"Internal Server Error"}');
				return;
			}
			if (fault === 'refuse-echoing-input') {
				// FastAPI's 422: the validation error carries the input it refused.
				const input = JSON.parse(body.toString('utf8') || 'null') as unknown;
				res.writeHead(422, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: [{ type: 'value_error', loc: ['body'], msg: 'Value error', input }] }));
				return;
			}
			if (fault === 'rate-limit') {
				res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '0' }).end('{"detail":"Too many requests"}');
				return;
			}
			const key = String(req.headers['x-jiko-idempotency'] ?? '').toLowerCase();
			const replay = options.replay !== false;
			if (replay && key && seen.has(key)) {
				const stored = seen.get(key) as Stored;
				if (stored === 'pending') {
					res.writeHead(409, { 'content-type': 'application/json' }).end('{"detail":"Repeated request still in progress"}');
					return;
				}
				proxy.replayed++;
				res.writeHead(stored.status, { 'content-type': stored.contentType }).end(stored.body);
				return;
			}
			if (replay && key) seen.set(key, 'pending');
			const headers: Record<string, string> = {};
			for (const [name, value] of Object.entries(req.headers)) {
				if (typeof value === 'string' && !['host', 'content-length', 'connection'].includes(name)) headers[name] = value;
			}
			const url = new URL(`${target}${req.url ?? '/'}`);
			const answer = await fetch(options.forward ? options.forward(url) : url, {
				method: req.method,
				headers,
				body: ['GET', 'HEAD'].includes(req.method ?? 'GET') ? undefined : body,
			});
			let bytes: Buffer = Buffer.from(await answer.arrayBuffer());
			if (options.rewrite) bytes = options.rewrite(path, bytes);
			const contentType = answer.headers.get('content-type') ?? 'application/json';
			if (replay && key) seen.set(key, { status: answer.status, contentType, body: bytes });
			if (fault === 'drop-answer') {
				res.destroy(); // Jiko acted (and, replaying, kept its answer); the caller hears nothing
				return;
			}
			res.writeHead(answer.status, { 'content-type': contentType }).end(bytes);
		})().catch((error: unknown) => {
			res.writeHead(502).end(String(error));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	proxy.close = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};
	return proxy;
}
