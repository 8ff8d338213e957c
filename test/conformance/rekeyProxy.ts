/**
 * A Jiko that does NOT protect its idempotency keys, for the suite's "unsafe" verdicts: a
 * proxy in front of the local sandbox that gives every signed request a fresh
 * x-jiko-idempotency (and signs it again with the sandbox's shared secret), so the sandbox
 * never sees a key twice (`methods`: only for those methods; [] = none). Everything else passes
 * through unchanged. `tokens` collects the bearer tokens it saw. `hideAdmin`: /_sandbox/ answers
 * 404, so the suite takes the sandbox for a real Jiko (no funding, no settle, ids from options).
 * `refuse(method, path)`: those requests answer 404 {"detail":"Not Found"} without reaching the
 * sandbox (a Jiko without that route). `seen` lists every request as "METHOD path".
 */
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export async function startRekeyProxy(
	target: string,
	opts: { methods?: string[]; sharedSecret?: string; hideAdmin?: boolean; refuse?: (method: string, path: string) => boolean } = {},
): Promise<{ url: string; tokens: Set<string>; seen: string[]; close(): Promise<void> }> {
	const tokens = new Set<string>();
	const seen: string[] = [];
	const server: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const path = (req.url ?? '/').split('?')[0];
			seen.push(`${req.method ?? ''} ${path}`);
			if ((opts.hideAdmin && path.startsWith('/_sandbox/')) || opts.refuse?.(req.method ?? '', path)) {
				res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
				return;
			}
			const body = Buffer.concat(chunks);
			const headers: Record<string, string> = {};
			for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && !['host', 'content-length', 'connection'].includes(k)) headers[k] = v;
			const bearer = /^Bearer\s+(\S+)/i.exec(headers.authorization ?? '');
			if (bearer) tokens.add(bearer[1]);
			const sharedSecret = opts.sharedSecret ?? 'sandbox-shared-secret-0001';
			if (headers['x-jiko-idempotency'] && (!opts.methods || opts.methods.includes(req.method ?? ''))) {
				const key = randomUUID();
				const pathname = (req.url ?? '/').split('?')[0];
				headers['x-jiko-idempotency'] = key;
				headers['x-jiko-signature'] = createHmac('sha256', sharedSecret).update(Buffer.concat([Buffer.from(key + pathname, 'utf8'), body])).digest('base64');
			}
			fetch(target + (req.url ?? '/'), { method: req.method, headers, body: body.length ? body : undefined, redirect: 'manual' })
				.then(async (r) => {
					const out = Buffer.from(await r.arrayBuffer());
					const h: Record<string, string> = {};
					r.headers.forEach((v, k) => {
						if (!['content-length', 'transfer-encoding', 'connection', 'content-encoding'].includes(k)) h[k] = v;
					});
					res.writeHead(r.status, h).end(out);
				})
				.catch(() => res.writeHead(502).end());
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		tokens,
		seen,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
