import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Jiko's request signature: base64(HMAC-SHA256(key = shared secret,
 * msg = x-jiko-idempotency + request pathname + body)), pathname without host or query, body
 * the exact bytes received ("" when none). Written from Jiko's docs, independent of the nodes.
 */
export function requestSignature(secret: string, idempotency: string, pathname: string, body: Buffer): string {
	return createHmac('sha256', secret)
		.update(Buffer.from(idempotency, 'utf8'))
		.update(Buffer.from(pathname, 'utf8'))
		.update(body)
		.digest('base64');
}

/** Constant-time comparison of the received signature with the expected one. */
export function signatureMatches(expected: string, received: string): boolean {
	const a = Buffer.from(expected, 'utf8');
	const b = Buffer.from(received, 'utf8');
	if (a.length !== b.length) {
		// still spend the time of a comparison so the length is not an oracle
		timingSafeEqual(a, a);
		return false;
	}
	return timingSafeEqual(a, b);
}

/** Webhook delivery signature (Jiko's webhooks-testing-example): base64(HMAC-SHA256(key =
 * the subscription's shared_secret, msg = the raw delivery body)). Nothing else is signed. */
export function deliverySignature(subscriptionSecret: string, rawBody: Buffer): string {
	return createHmac('sha256', subscriptionSecret).update(rawBody).digest('base64');
}
