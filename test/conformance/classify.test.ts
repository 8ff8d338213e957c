/** The suite's pure decisions, for answers a real Jiko may give that the local sandbox never does. */
import type { JikoResponse } from '../../conformance/client';
import { permittedToAccountTypes } from '../../conformance/probes/money';
import { classifyRepeatedKey } from '../../conformance/probes/reads';
import { isRefusal } from '../../conformance/util';

const res = (status: number, body: unknown): JikoResponse => {
	const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
	let json: unknown;
	try {
		json = text ? JSON.parse(text) : undefined;
	} catch {
		json = undefined;
	}
	return { status, text, json, headers: new Headers(), at: Date.now() };
};

describe('a repeated key', () => {
	const first = res(200, { offset: 0, count: 2, items: [{ event: 'a' }], object_type: 'List' });
	test.each([
		['409 with any body', res(409, { detail: 'nope' }), 'conflict'],
		['400 "Repeated request"', res(400, { detail: 'Repeated request' }), 'conflict'],
		['422 naming the idempotency key', res(422, { detail: 'idempotency key already used' }), 'conflict'],
		['the first answer byte for byte', res(200, first.text), 'replay'],
		['an ordinary answer of the second path', res(200, { prev_page: null, next_page: null, items: [], object_type: 'CursorList' }), 'unprotected'],
		['401 (a refused token is not an answer about the key)', res(401, { detail: 'Repeated? no: Not authenticated' }), 'undecided'],
		['500', res(500, 'oops'), 'undecided'],
	])('%s → %s', (_name, second, want) => {
		expect(classifyRepeatedKey(first, second)).toBe(want);
	});

	test('the first answer re-serialized counts as a replay when the caller recognises it', () => {
		const again = res(200, JSON.stringify(first.json, null, 2));
		expect(classifyRepeatedKey(first, again)).toBe('unprotected');
		expect(classifyRepeatedKey(first, again, (r) => JSON.stringify(r.json) === JSON.stringify(first.json))).toBe('replay');
	});
});

test('a duplicate id refusal is recognised by 409 or by its words', () => {
	expect(isRefusal(res(409, ''))).toBe(true);
	expect(isRefusal(res(400, { detail: 'transfer_id already exists' }))).toBe(true);
	expect(isRefusal(res(422, { detail: [{ loc: ['body', 'transfer_id'], msg: 'duplicate transfer', type: 'value_error' }] }))).toBe(true);
	expect(isRefusal(res(422, { detail: [{ loc: ['body', 'amount'], msg: 'field required', type: 'value_error.missing' }] }))).toBe(false);
	expect(isRefusal(res(200, { detail: 'already exists' }))).toBe(false);
});

describe('PEER_TO_PEER: the permitted to_account.type values a 422 names', () => {
	test('pydantic v1 enum error (ctx.enum_values and the message)', () => {
		const r = res(422, { detail: [{ loc: ['body', 'to_account', 'type'], msg: "value is not a valid enumeration member; permitted: 'A', 'B'", type: 'type_error.enum', ctx: { enum_values: ['A', 'B'] } }] });
		expect(permittedToAccountTypes(r)).toEqual(['A', 'B']);
		const noCtx = res(422, { detail: [{ loc: ['body', 'to_account', 'type'], msg: "value is not a valid enumeration member; permitted: 'ON_US'", type: 'type_error.enum' }] });
		expect(permittedToAccountTypes(noCtx)).toEqual(['ON_US']);
	});
	test('pydantic v2 literal error (ctx.expected)', () => {
		const r = res(422, { detail: [{ loc: ['body', 'PEER_TO_PEER', 'to_account', 'type'], msg: "Input should be 'X' or 'Y'", type: 'literal_error', ctx: { expected: "'X' or 'Y'" } }] });
		expect(permittedToAccountTypes(r)).toEqual(['X', 'Y']);
	});
	test('other fields and other statuses name nothing', () => {
		expect(permittedToAccountTypes(res(422, { detail: [{ loc: ['body', 'to_account', 'id'], msg: "permitted: 'Z'", type: 'x' }] }))).toEqual([]);
		expect(permittedToAccountTypes(res(404, { detail: 'Account not found' }))).toEqual([]);
	});
});
