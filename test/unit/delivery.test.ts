import { REMEMBERED_EVENTS, rememberEvent, verifyJikoDelivery } from '../../nodes/JikoTrigger/delivery';

/*
 * Webhook delivery signatures: base64(HMAC-SHA256(subscription secret, raw body)). Known answer
 * computed outside the project:
 *   printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -binary | base64
 */
const SECRET = 'trigger-secret-0123456789abcdef-XYZ';
const BODY =
	'{"event_id":"5f0c3a1e-8d2b-4c6f-9a7e-1b2c3d4e5f60","event_type":"transfers.on-us.success","timestamp":"2026-11-25T03:00:00Z","payload":{"on_us_id":"a1","origin_account_id":"b2","destination_account_id":"c3"}}';
const SIGNATURE = 'evq54lWvBRJOorfrjYvSHQxg3Pvl7rN0tfgAsgoUoos=';

describe('Jiko webhook delivery verification', () => {
	it('accepts the known answer over the raw bytes', () => {
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, SECRET)).toBe(true);
	});

	it('refuses a tampered body, re-serialized JSON, a wrong secret, a missing or malformed header', () => {
		expect(verifyJikoDelivery(Buffer.from(BODY.replace('a1', 'a2')), SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(JSON.stringify(JSON.parse(BODY), null, 1)), SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, `${SECRET}x`)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), undefined, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), 'not base64 at all', SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE.slice(0, 20), SECRET)).toBe(false);
	});

	it('fails closed without a raw body or a secret', () => {
		expect(verifyJikoDelivery(undefined, SIGNATURE, SECRET)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, undefined)).toBe(false);
		expect(verifyJikoDelivery(Buffer.from(BODY), SIGNATURE, '')).toBe(false);
	});
});

describe('replay memory', () => {
	it('accepts an event id once and forgets the oldest beyond its bound', () => {
		const seen: string[] = [];
		expect(rememberEvent(seen, 'e1')).toBe(true);
		expect(rememberEvent(seen, 'e1')).toBe(false);
		for (let i = 0; i < REMEMBERED_EVENTS; i++) rememberEvent(seen, `other-${i}`);
		expect(seen).toHaveLength(REMEMBERED_EVENTS);
		expect(rememberEvent(seen, 'e1')).toBe(true);
	});
});
