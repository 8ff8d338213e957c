import { randomUUID } from 'crypto';
import fc from 'fast-check';
import { v5 as referenceV5, version } from 'uuid';

import {
	TRANSFER_ID_NAMESPACE,
	achMarker,
	deriveTransferId,
	achMarkersIn,
	imitatesAchMarker,
	canonicalTerms,
	requestKey,
	runTransferId,
} from '../../nodes/Jiko/money/ids';
import { uuidV5 } from '../../core/uuid';
import type { Rail as TransferRail } from '../../core/rails';

const DNS_NAMESPACE = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RAILS: TransferRail[] = ['on-us', 'wire', 'ach'];

describe('uuidV5', () => {
	test('known answers', () => {
		// uuid's README: v5('hello.example.com', v5.DNS)
		expect(uuidV5('hello.example.com', DNS_NAMESPACE)).toBe('fdda765f-fc57-5604-a269-52a7df8164ec');
		// RFC 9562 Appendix A.4: v5 of "www.example.com" in the DNS namespace
		expect(uuidV5('www.example.com', DNS_NAMESPACE)).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
		// the URL namespace, against the uuid package
		expect(uuidV5('http://example.com/hello', URL_NAMESPACE)).toBe(
			referenceV5('http://example.com/hello', URL_NAMESPACE),
		);
	});

	test('equals the uuid package for random names and namespaces', () => {
		fc.assert(
			fc.property(
				fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ maxLength: 40 })),
				fc.oneof(fc.constant(TRANSFER_ID_NAMESPACE), fc.constant(DNS_NAMESPACE), fc.uuid()),
				(name, namespace) => {
					const ours = uuidV5(name, namespace);
					const theirs = referenceV5(name, namespace);
					if (ours !== theirs)
						expect({ name, namespace, ours }).toEqual({ name, namespace, ours: theirs });
				},
			),
			{ numRuns: 5_000 },
		);
	});

	test('an upper-case namespace gives the same id; the output is lowercase v5, RFC variant', () => {
		const id = uuidV5('x', DNS_NAMESPACE.toUpperCase());
		expect(id).toBe(uuidV5('x', DNS_NAMESPACE));
		expect(id).toMatch(UUID);
		expect(version(id)).toBe(5);
		expect('89ab').toContain(id[19]);
	});

	test('refuses a bad namespace and unpaired surrogates', () => {
		expect(() => uuidV5('x', 'not-a-uuid')).toThrow(TypeError);
		expect(() => uuidV5('x', `${DNS_NAMESPACE}0`)).toThrow(TypeError);
		expect(() => uuidV5('bad \ud800 key', DNS_NAMESPACE)).toThrow(/surrogate/);
		expect(uuidV5('emoji 😀 key', DNS_NAMESPACE)).toBe(referenceV5('emoji 😀 key', DNS_NAMESPACE));
	});
});

describe('transfer ids', () => {
	test('the business-key namespace never changes', () => {
		// Changing it would give every business key a new id: re-runs would pay twice.
		expect(TRANSFER_ID_NAMESPACE).toBe('fb01ff70-253b-4edd-8dd9-d62929c6f064');
		expect(deriveTransferId('on-us', 'INV-1001')).toBe(
			referenceV5('on-us:INV-1001', 'fb01ff70-253b-4edd-8dd9-d62929c6f064'),
		);
	});

	test('deriveTransferId is deterministic and differs per rail and per key', () => {
		fc.assert(
			fc.property(
				fc.string({ minLength: 1, maxLength: 60 }).filter((k) => k.trim() !== ''),
				fc.string({ minLength: 1, maxLength: 60 }).filter((k) => k.trim() !== ''),
				(key, other) => {
					const ids = RAILS.map((rail) => deriveTransferId(rail, key));
					expect(RAILS.map((rail) => deriveTransferId(rail, key))).toEqual(ids);
					expect(new Set(ids).size).toBe(3);
					for (const id of ids) expect(id).toMatch(UUID);
					if (other !== key) {
						for (const rail of RAILS)
							expect(deriveTransferId(rail, other)).not.toBe(deriveTransferId(rail, key));
					}
				},
			),
			{ numRuns: 1_000 },
		);
	});

	test('the key is used exactly as given', () => {
		expect(deriveTransferId('wire', 'INV-1')).not.toBe(deriveTransferId('wire', 'INV-1 '));
		expect(deriveTransferId('wire', 'INV-1')).not.toBe(deriveTransferId('wire', 'inv-1'));
	});

	test('refuses empty keys and unknown rails', () => {
		expect(() => deriveTransferId('ach', '')).toThrow(/non-empty/);
		expect(() => deriveTransferId('ach', '   ')).toThrow(/non-empty/);
		expect(() => deriveTransferId('swift' as TransferRail, 'INV-1')).toThrow(/unknown rail/);
	});
});

describe('run-scoped transfer ids and request keys', () => {
	const seed = '0b5f4c6e-2a7d-4e8b-9c1d-3e5f7a9b1c2d';

	test('the same seed and item give the same id; another item, seed or rail another one', () => {
		const id = runTransferId('ach', seed, 3);
		expect(runTransferId('ach', seed, 3)).toBe(id);
		expect(runTransferId('ach', seed.toUpperCase(), 3)).toBe(id);
		expect(new Set([id, runTransferId('ach', seed, 4), runTransferId('wire', seed, 3), runTransferId('ach', randomUUID(), 3)]).size).toBe(4);
		expect(id).toBe(uuidV5(`ach:run:${seed}:3`, TRANSFER_ID_NAMESPACE));
		expect(() => runTransferId('ach', 'nope', 0)).toThrow(TypeError);
		expect(() => runTransferId('ach', seed, -1)).toThrow(TypeError);
	});

	test('a request key names one action: the same client id and money terms, the same key, whatever the free text', () => {
		const id = deriveTransferId('on-us', 'INV-1');
		const terms = { amountCents: 100, pocketId: 'A1B2C3D4-0000-4000-8000-000000000001', toId: 'a1b2c3d4-0000-4000-8000-000000000002', transferType: 'INTERNAL_REALLOCATION' };
		const key = requestKey(id, canonicalTerms(terms));
		expect(key).toMatch(UUID);
		// Order and letter case of ids do not make another action.
		const reordered = { transferType: terms.transferType, toId: terms.toId.toUpperCase(), pocketId: terms.pocketId.toLowerCase(), amountCents: 100, counterpartyId: undefined };
		expect(requestKey(id, canonicalTerms(reordered))).toBe(key);
		expect(requestKey(id, canonicalTerms({ ...terms, amountCents: 101 }))).not.toBe(key);
		expect(requestKey(id, canonicalTerms({ ...terms, toId: 'a1b2c3d4-0000-4000-8000-000000000003' }))).not.toBe(key);
		expect(requestKey(deriveTransferId('on-us', 'INV-2'), canonicalTerms(terms))).not.toBe(key);
		expect(requestKey(id, canonicalTerms(terms), 1)).not.toBe(key);
		expect(() => requestKey('INV-1', canonicalTerms(terms))).toThrow(TypeError);
	});
});

describe('ACH marker', () => {
	test('round-trips through achMarkersIn and fits one 80-character addenda', () => {
		fc.assert(
			fc.property(
				fc.uuid(),
				fc.array(fc.string({ maxLength: 80 }), { maxLength: 3 }),
				fc.nat(3),
				(id, others, at) => {
					const marker = achMarker(id);
					expect(marker.length).toBeLessThanOrEqual(80 /* one ACH addenda */);
					expect(marker).toBe(`n8n-jiko:${id.toLowerCase()}`);
					const info = [...others.filter((o) => !/n8n-jiko:/i.test(o))];
					info.splice(Math.min(at, info.length), 0, marker);
					expect(achMarkersIn(info)[0]).toBe(id.toLowerCase());
				},
			),
			{ numRuns: 1_000 },
		);
		expect(achMarker(randomUUID())).toHaveLength(45);
	});

	test('finds a marker line that a bank upper-cased or padded, and only a whole line', () => {
		const id = deriveTransferId('ach', 'INV-1');
		expect(achMarkersIn([achMarker(id).toUpperCase()])[0]).toBe(id);
		expect(achMarkersIn([` ${achMarker(id)} `])[0]).toBe(id);
		expect(achMarkersIn(achMarker(id))[0]).toBe(id);
		// text that merely contains a marker is not the node's line: it cannot be imitated
		expect(achMarkersIn([`INVOICE 1 ${achMarker(id)} THANKS`])[0]).toBeUndefined();
		expect(achMarkersIn([`Paid n8n-jiko:${id}`, 'other'])[0]).toBeUndefined();
	});

	test('only a whole line that reads as a marker imitates one (the node refuses such a line)', () => {
		const id = deriveTransferId('ach', 'INV-1');
		expect(imitatesAchMarker(` ${achMarker(id).toUpperCase()} `)).toBe(true);
		expect(imitatesAchMarker(`Invoice ${achMarker(id)}`)).toBe(false);
		expect(imitatesAchMarker('Invoice 42 for n8n jiko')).toBe(false);
		expect(achMarkersIn([`Paid ${achMarker(id)}`, achMarker(id), 7])).toEqual([id]);
	});

	test('finds nothing where there is no whole marker', () => {
		expect(achMarkersIn(undefined)[0]).toBeUndefined();
		expect(achMarkersIn(null)[0]).toBeUndefined();
		expect(achMarkersIn([])[0]).toBeUndefined();
		expect(achMarkersIn(['invoice 42', 17, null])[0]).toBeUndefined();
		expect(achMarkersIn(['n8n-jiko:not-a-uuid'])[0]).toBeUndefined();
		expect(achMarkersIn([achMarker(randomUUID()).slice(0, -1)])[0]).toBeUndefined();
		expect(achMarkersIn([`${achMarker(randomUUID())}0`])[0]).toBeUndefined();
	});

	test('achMarker refuses what is not a UUID', () => {
		expect(() => achMarker('INV-1')).toThrow(TypeError);
	});
});
