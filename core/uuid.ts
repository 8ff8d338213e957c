import { createHash } from 'crypto';

/** Jiko's ids are UUIDs; this is the one pattern for them (upper or lower case hex). */
export const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const UUID_PATTERN = new RegExp(`^${UUID_SOURCE}$`);

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
