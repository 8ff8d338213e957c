import fc from 'fast-check';
import { NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import {
	AmountError,
	DEFAULT_MAX_CENTS,
	MAX_AMOUNT_LENGTH,
	centsFromInteger,
	dollarsToCents,
	formatCents,
	formatUsd,
} from '../../core/amount';
import { parseAmountFilter, parseAmountParameter } from '../../nodes/Jiko/helpers/amountParameter';
import type { AmountReason } from '../../core/amount';

function refusal(fn: () => unknown): AmountError {
	try {
		fn();
	} catch (error) {
		if (error instanceof AmountError) return error;
		throw error;
	}
	throw new Error('expected an AmountError, got a result');
}

describe('dollarsToCents accepts', () => {
	test.each<[unknown, number]>([
		['1250.5', 125050],
		['1250.50', 125050],
		['1,250.50', 125050],
		['1,250', 125000],
		['1,234,567.89', 123456789],
		[' 12 ', 1200],
		['\t12\n', 1200],
		['$1,250.50', 125050],
		['  $1,250.50  ', 125050],
		['$ 12', 1200],
		['0.01', 1],
		['.5', 50],
		['.05', 5],
		['1250.', 125000],
		['007.50', 750],
		['1000000000', DEFAULT_MAX_CENTS],
		['$1,000,000,000.00', DEFAULT_MAX_CENTS],
		[1250.5, 125050],
		[19.99, 1999],
		[0.07, 7],
		[0.29, 29],
		[1.15, 115],
		[4.35, 435],
		[1e9, DEFAULT_MAX_CENTS],
		[123456.78, 12345678],
		[12, 1200],
	])('%p → %p cents', (input, cents) => {
		expect(dollarsToCents(input)).toBe(cents);
	});

	test('numbers whose n * 100 is inexact still convert exactly', () => {
		// 19.99 * 100 = 1998.9999999999998, 1.15 * 100 = 114.99999999999999
		expect(19.99 * 100).not.toBe(1999);
		expect(dollarsToCents(19.99)).toBe(1999);
		expect(dollarsToCents(1.15)).toBe(115);
	});

	test('maxCents is configurable', () => {
		expect(dollarsToCents('25,000.00', { maxCents: 2_500_000 })).toBe(2_500_000);
		expect(refusal(() => dollarsToCents('25,000.01', { maxCents: 2_500_000 })).reason).toBe(
			'too_large',
		);
		expect(dollarsToCents('50000000000', { maxCents: Infinity })).toBe(5_000_000_000_000);
		expect(() => dollarsToCents('1', { maxCents: 0 })).toThrow(RangeError);
		expect(() => dollarsToCents('1', { maxCents: 1.5 })).toThrow(RangeError);
	});
});

describe('dollarsToCents refuses', () => {
	test.each<[unknown, AmountReason, RegExp]>([
		['', 'empty', /^Amount is empty: enter a positive dollar amount/],
		['   ', 'empty', /is empty/],
		[null, 'empty', /is empty/],
		[undefined, 'empty', /is empty/],
		[NaN, 'not_finite', /^Amount NaN is not a finite number/],
		[Infinity, 'not_finite', /^Amount Infinity is not a finite number/],
		[-Infinity, 'not_finite', /not a finite number/],
		[1e-7, 'exponent', /^Amount 1e-7 is in exponent notation: write it as a plain decimal/],
		[1e21, 'exponent', /^Amount 1e\+21 is in exponent notation/],
		['1e5', 'exponent', /exponent notation/],
		['abc', 'not_numeric', /^Amount "abc" is not a dollar amount: use digits/],
		['12 USD', 'not_numeric', /not a dollar amount/],
		['1 250.00', 'not_numeric', /not a dollar amount/],
		['+5', 'not_numeric', /not a dollar amount/],
		['$', 'not_numeric', /not a dollar amount/],
		['.', 'not_numeric', /not a dollar amount/],
		['NaN', 'not_numeric', /not a dollar amount/],
		[
			'1.005',
			'too_many_decimals',
			/^Amount "1.005" has more than 2 decimal places: Jiko moves whole cents \(e\.g\. 1\.01\)$/,
		],
		['1.500', 'too_many_decimals', /more than 2 decimal places/],
		[
			0.30000000000000004,
			'too_many_decimals',
			/^Amount 0.30000000000000004 has more than 2 decimal places/,
		],
		['0', 'zero', /^Amount "0" is zero: enter an amount greater than 0/],
		['0.00', 'zero', /is zero/],
		['$0', 'zero', /is zero/],
		[0, 'zero', /^Amount 0 is zero/],
		[-0, 'zero', /is zero/],
		['-5', 'negative', /^Amount "-5" is negative: enter the amount without a minus sign/],
		['-$5.00', 'negative', /is negative/],
		['$-5.00', 'negative', /is negative/],
		[-12.5, 'negative', /^Amount -12.5 is negative/],
		[
			'1,25,0.00',
			'thousands_separator',
			/^Amount "1,25,0.00" has a misplaced thousands separator: each "," must be followed by exactly three digits/,
		],
		['1,25', 'thousands_separator', /misplaced thousands separator/],
		['1250,50', 'thousands_separator', /misplaced thousands separator/],
		['1234,567', 'thousands_separator', /misplaced thousands separator/],
		[',123', 'thousands_separator', /misplaced thousands separator/],
		['1,234.567,8', 'thousands_separator', /misplaced thousands separator/],
		// A thousands group after a leading zero is a decimal comma or a typo, never $50.00.
		[
			'0,050',
			'thousands_separator',
			/^Amount "0,050" has a thousands separator after a leading 0: "," separates thousands and "." marks the cents/,
		],
		['0,050.00', 'thousands_separator', /after a leading 0/],
		['$0,000.00', 'thousands_separator', /after a leading 0/],
		['00,100', 'thousands_separator', /after a leading 0/],
		['01,000', 'thousands_separator', /after a leading 0/],
		['0.050', 'too_many_decimals', /more than 2 decimal places/],
		[
			'1'.repeat(200_000),
			'too_long',
			/^Amount "1{40}…" is 200,000 characters long: an amount has at most 64 \(e\.g\. 1,250\.50\)$/,
		],
		[' '.repeat(60) + '12.50', 'too_long', /is 65 characters long/],
		['9'.repeat(65) + 'e5', 'too_long', /is 67 characters long/],
		['1.2.3', 'multiple_dots', /^Amount "1.2.3" has more than one decimal point/],
		['1..5', 'multiple_dots', /more than one decimal point/],
		[
			'1000000000.01',
			'too_large',
			/^Amount "1000000000.01" is above the maximum of \$1,000,000,000.00/,
		],
		['99999999999999999999', 'too_large', /above the maximum/],
		[true, 'wrong_type', /^Amount is a boolean, not a number or text/],
		[{ amount: 5 }, 'wrong_type', /^Amount is an object, not a number or text/],
		[[5], 'wrong_type', /is a list/],
	])('%p (%s)', (input, reason, message) => {
		const error = refusal(() => dollarsToCents(input));
		expect(error.reason).toBe(reason);
		expect(error.message).toMatch(message);
	});

	test('results that are not safe integers are refused even without a maximum', () => {
		const error = refusal(() => dollarsToCents('90071992547409.92', { maxCents: Infinity }));
		expect(error.reason).toBe('unsafe_integer');
		expect(error.message).toMatch(/too large to handle exactly/);
		expect(dollarsToCents('90071992547409.91', { maxCents: Infinity })).toBe(
			Number.MAX_SAFE_INTEGER,
		);
	});

	test('long input is cut in the message', () => {
		const error = refusal(() => dollarsToCents('x'.repeat(500)));
		expect(error.message.length).toBeLessThan(250);
	});

	test(`${MAX_AMOUNT_LENGTH} characters are still read, one more is refused`, () => {
		const padded = `${' '.repeat(MAX_AMOUNT_LENGTH - 9)}$1,250.50`;
		expect(padded).toHaveLength(MAX_AMOUNT_LENGTH);
		expect(dollarsToCents(padded)).toBe(125050);
		expect(refusal(() => dollarsToCents(` ${padded}`)).reason).toBe('too_long');
		// The largest exact amount, with every separator, fits with room to spare.
		expect(dollarsToCents('$90,071,992,547,409.91', { maxCents: Infinity })).toBe(Number.MAX_SAFE_INTEGER);
	});
});

describe('centsFromInteger', () => {
	test.each<[unknown, number]>([
		[125050, 125050],
		['125050', 125050],
		[' 1 ', 1],
		[DEFAULT_MAX_CENTS, DEFAULT_MAX_CENTS],
		['0001', 1],
	])('%p → %p', (input, cents) => {
		expect(centsFromInteger(input)).toBe(cents);
	});

	test.each<[unknown, AmountReason, RegExp]>([
		[12.5, 'not_integer', /^Amount 12.5 is not a whole number of cents: with "Amount in cents" on/],
		['12.50', 'not_integer', /not a whole number of cents/],
		['12.', 'not_integer', /not a whole number of cents/],
		[0, 'zero', /is zero/],
		['0', 'zero', /is zero/],
		[-5, 'negative', /is negative/],
		['-5', 'negative', /is negative/],
		[DEFAULT_MAX_CENTS + 1, 'too_large', /above the maximum of \$1,000,000,000.00/],
		// Numbers above 2^53 do not hold the digits that were typed: refused whatever the maximum.
		[2 ** 53, 'unsafe_integer', /^Amount 9007199254740992 is too large to be an exact number of cents/],
		[2 ** 60, 'unsafe_integer', /too large to be an exact number of cents/],
		[1e21, 'unsafe_integer', /too large to be an exact number of cents/],
		['9007199254740993', 'too_large', /above the maximum/],
		['1'.repeat(200_000), 'too_long', /^Amount "1{40}…" is 200,000 characters long: an amount has at most 64/],
		['1,250', 'not_numeric', /not a number of cents/],
		['$5', 'not_numeric', /not a number of cents/],
		['1e5', 'not_numeric', /not a number of cents/],
		['', 'empty', /is empty/],
		[null, 'empty', /is empty/],
		[NaN, 'not_finite', /not a finite number/],
		[false, 'wrong_type', /is a boolean/],
	])('refuses %p (%s)', (input, reason, message) => {
		const error = refusal(() => centsFromInteger(input));
		expect(error.reason).toBe(reason);
		expect(error.message).toMatch(message);
	});

	test('unsafe integers are refused without a maximum', () => {
		expect(refusal(() => centsFromInteger(2 ** 60, { maxCents: Infinity })).reason).toBe(
			'unsafe_integer',
		);
		expect(refusal(() => centsFromInteger(2 ** 53, { maxCents: Infinity })).reason).toBe(
			'unsafe_integer',
		);
		expect(centsFromInteger(Number.MAX_SAFE_INTEGER, { maxCents: Infinity })).toBe(Number.MAX_SAFE_INTEGER);
		expect(refusal(() => centsFromInteger('9007199254740992', { maxCents: Infinity })).reason).toBe(
			'unsafe_integer',
		);
	});
});

describe('formatCents / formatUsd', () => {
	test.each<[number, string, string]>([
		[1, '0.01', '$0.01'],
		[10, '0.10', '$0.10'],
		[100, '1.00', '$1.00'],
		[125050, '1250.50', '$1,250.50'],
		[100_000, '1000.00', '$1,000.00'],
		[99_999, '999.99', '$999.99'],
		[DEFAULT_MAX_CENTS, '1000000000.00', '$1,000,000,000.00'],
		[0, '0.00', '$0.00'],
		[-125050, '-1250.50', '-$1,250.50'],
		[-5, '-0.05', '-$0.05'],
		[Number.MAX_SAFE_INTEGER, '90071992547409.91', '$90,071,992,547,409.91'],
	])('%p → %p, %p', (cents, plain, usd) => {
		expect(formatCents(cents)).toBe(plain);
		expect(formatUsd(cents)).toBe(usd);
	});

	test('refuses what is not a safe integer', () => {
		expect(() => formatCents(1.5)).toThrow(RangeError);
		expect(() => formatCents(NaN)).toThrow(RangeError);
		expect(() => formatUsd(2 ** 53)).toThrow(RangeError);
	});
});

describe('parseAmountParameter', () => {
	const node: INode = {
		id: 'node-1',
		name: 'Jiko',
		type: 'n8n-nodes-jiko.jiko',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};

	test('returns cents', () => {
		expect(parseAmountParameter(node, 'Amount', '$1,250.50', 0, false)).toBe(125050);
		expect(parseAmountParameter(node, 'Amount', '125050', 0, true)).toBe(125050);
		expect(parseAmountParameter(node, 'Amount', '2.00', 0, false, { maxCents: 200 })).toBe(200);
	});

	test('names the field and the item and says how to fix it', () => {
		let thrown: unknown;
		try {
			parseAmountParameter(node, 'Amount', '1.005', 3, false);
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(NodeOperationError);
		const error = thrown as NodeOperationError;
		expect(error.message).toBe(
			'Amount (item 3): "1.005" has more than 2 decimal places: Jiko moves whole cents (e.g. 1.01)',
		);
		expect(error.context.itemIndex).toBe(3);
		expect(error.description).toMatch(/nothing is rounded/);
	});

	test('empty and cents-mode messages', () => {
		expect(() => parseAmountParameter(node, 'Amount', '', 0, false)).toThrow(
			/^Amount \(item 0\) is empty: enter a positive dollar amount/,
		);
		expect(() => parseAmountParameter(node, 'Amount (cents)', 12.5, 7, true)).toThrow(
			/^Amount \(cents\) \(item 7\): 12.5 is not a whole number of cents/,
		);
	});

	test('a bad maximum is a NodeOperationError too', () => {
		expect(() => parseAmountParameter(node, 'Amount', '1', 2, false, { maxCents: -1 })).toThrow(
			NodeOperationError,
		);
	});
});

describe('allowZero (a filter bound)', () => {
	test.each<[unknown, number]>([
		['0', 0],
		['0.00', 0],
		['$0', 0],
		[0, 0],
		['0.01', 1],
	])('dollarsToCents(%p) → %p', (input, cents) => {
		expect(dollarsToCents(input, { allowZero: true })).toBe(cents);
	});

	test('centsFromInteger accepts 0; negative amounts are still refused', () => {
		expect(centsFromInteger('0', { allowZero: true })).toBe(0);
		expect(refusal(() => dollarsToCents('-0.01', { allowZero: true })).reason).toBe('negative');
	});
});

describe('parseAmountFilter', () => {
	const node: INode = { id: 'node-1', name: 'Jiko', type: 'n8n-nodes-jiko.jiko', typeVersion: 1, position: [0, 0], parameters: {} };
	const message = (value: unknown) => {
		try {
			parseAmountFilter(node, 'Filters → Amount From', value, 2);
		} catch (error) {
			return (error as NodeOperationError).message;
		}
		return undefined;
	};

	test('0 and amounts above the money maximum are bounds like any other', () => {
		expect(parseAmountFilter(node, 'Filters → Amount From', '0', 0)).toBe(0);
		expect(parseAmountFilter(node, 'Filters → Amount From', '2,000,000,000.00', 0)).toBe(200_000_000_000);
	});

	test.each([
		['-5', 'Filters → Amount From (item 2): "-5" is negative: the filter compares amounts without their sign (Direction picks money in or out)'],
		['1.005', 'Filters → Amount From (item 2): "1.005" has more than 2 decimal places: amounts are whole cents (e.g. 1.01)'],
		['abc', 'Filters → Amount From (item 2): "abc" is not a dollar amount: use digits, an optional "$", commas between thousands and up to 2 decimals (e.g. 1,250.50)'],
	])('%p: the message fits a filter', (value, expected) => {
		expect(message(value)).toBe(expected);
	});
});

// ---------------------------------------------------------------------------------------------
// Property tests against an independent reference written here with BigInt and one regex.

const MAX = BigInt(DEFAULT_MAX_CENTS);

/** Reference: the accepted grammar as one regular expression, value by BigInt. */
function referenceCents(text: string): bigint | undefined {
	if (text.length > MAX_AMOUNT_LENGTH) return undefined;
	// Grouped thousands start with 1-9 ("0,050" is not an amount); plain digits may lead with 0.
	const match = /^\s*(?:\$\s*)?([1-9]\d{0,2}(?:,\d{3})+|\d*)(?:\.(\d{0,2}))?\s*$/.exec(text);
	if (!match) return undefined;
	const whole = match[1].split(',').join('');
	const fraction = match[2] ?? '';
	if (whole === '' && fraction === '') return undefined;
	return BigInt(whole || '0') * 100n + BigInt((fraction + '00').slice(0, 2));
}

function groupThousands(digits: string): string {
	const groups: string[] = [];
	for (let end = digits.length; end > 0; end -= 3)
		groups.unshift(digits.slice(Math.max(0, end - 3), end));
	return groups.join(',');
}

const arbDollars = fc.oneof(
	fc.bigInt({ min: 0n, max: 999n }),
	fc.bigInt({ min: 0n, max: 10n ** 9n }),
	fc.bigInt({ min: 0n, max: 10n ** 13n }),
);
const arbSpace = fc.constantFrom('', '', '', ' ', '  ', '\t', '\n', '\u00a0');

const arbRendering = fc.record({
	dollars: arbDollars,
	cents: fc.oneof(fc.bigInt({ min: 0n, max: 99n }), fc.constantFrom(0n, 10n, 50n, 90n)),
	commas: fc.boolean(),
	decimals: fc.constantFrom(0, 1, 2),
	trailingDot: fc.boolean(),
	omitZeroDollars: fc.boolean(),
	dollarSign: fc.boolean(),
	spaceAfterSign: fc.boolean(),
	lead: arbSpace,
	trail: arbSpace,
	asNumber: fc.boolean(),
});

type Rendering = typeof arbRendering extends fc.Arbitrary<infer T> ? T : never;

function render(r: Rendering): string {
	const needed = r.cents === 0n ? 0 : r.cents % 10n === 0n ? 1 : 2;
	const used = Math.max(needed, r.decimals);
	const fraction = r.cents.toString().padStart(2, '0').slice(0, used);
	let whole = r.commas ? groupThousands(r.dollars.toString()) : r.dollars.toString();
	if (r.dollars === 0n && used > 0 && r.omitZeroDollars) whole = '';
	const number = used > 0 ? `${whole}.${fraction}` : r.trailingDot ? `${whole}.` : whole;
	const sign = r.dollarSign ? (r.spaceAfterSign ? '$ ' : '$') : '';
	return `${r.lead}${sign}${number}${r.trail}`;
}

type Outcome = number | AmountReason;

/** The result or the refusal reason, without jest's expect() in the hot loop (it is slow). */
function outcome(fn: () => number): Outcome {
	try {
		return fn();
	} catch (error) {
		if (error instanceof AmountError) return error.reason;
		throw error;
	}
}

/** What a well-formed amount of `cents` must give under the default maximum. */
function wanted(cents: bigint): Outcome {
	if (cents === 0n) return 'zero';
	if (cents > MAX) return 'too_large';
	return Number(cents);
}

/** Fails with a readable diff only when the values differ. */
function same(got: unknown, want: unknown, input: unknown): void {
	if (got !== want) expect({ input, got }).toEqual({ input, want });
}

describe('properties', () => {
	test('valid renderings of random dollars and cents convert exactly (100,000 runs)', () => {
		let exactNumbers = 0;
		fc.assert(
			fc.property(arbRendering, (r) => {
				const expected = r.dollars * 100n + r.cents;
				const text = render(r);
				// The reference agrees with the generator, so both check the implementation.
				same(referenceCents(text), expected, text);
				if (!r.asNumber) {
					same(
						outcome(() => dollarsToCents(text)),
						wanted(expected),
						text,
					);
					return;
				}
				const n = Number(`${r.dollars}.${r.cents.toString().padStart(2, '0')}`);
				const shortest = String(n);
				const got = outcome(() => dollarsToCents(n));
				if (/e/.test(shortest)) {
					same(got, 'exponent', n);
				} else {
					// String(n) is the typed value whenever a double holds that many significant
					// digits (nearly always here); otherwise what String(n) says is what is read.
					const ref = referenceCents(shortest);
					if (ref === undefined) same(typeof got, 'string', n);
					else same(got, wanted(ref), n);
					if (ref === expected) exactNumbers++;
				}
			}),
			{ numRuns: 100_000 },
		);
		// About half the runs pass a JS number; nearly all of those must be checked exactly.
		expect(exactNumbers).toBeGreaterThan(40_000);
	});

	const arbInvalid = fc.oneof(
		// too many decimals
		fc
			.tuple(arbDollars, fc.bigInt({ min: 0n, max: 99n }), fc.stringMatching(/^\d{1,4}$/))
			.map(([d, c, more]) => ({
				text: `${d}.${c.toString().padStart(2, '0')}${more}`,
				reasons: ['too_many_decimals'],
			})),
		// commas in random places
		fc
			.tuple(fc.stringMatching(/^\d{1,10}$/), fc.array(fc.nat(10), { minLength: 1, maxLength: 3 }))
			.map(([digits, cuts]) => {
				let text = digits;
				for (const cut of cuts) text = text.slice(0, cut) + ',' + text.slice(cut);
				return { text: `${text}.00`, reasons: ['thousands_separator'] };
			})
			// keep only the placements that are not correct thousands grouping
			.filter(({ text }) => referenceCents(text) === undefined),
		// negative
		fc.tuple(arbRendering, fc.constantFrom('-', '- ', ' -')).map(([r, minus]) => ({
			text: `${minus}${render({ ...r, lead: '' })}`,
			reasons: ['negative'],
		})),
		// two dots
		fc.tuple(arbDollars, fc.nat(99), fc.nat(99)).map(([d, a, b]) => ({
			text: `${d}.${a}.${b}`,
			reasons: ['multiple_dots'],
		})),
		// a letter somewhere
		fc
			.tuple(arbRendering, fc.constantFrom('a', 'O', 'l', 'x', '€', '_', '+', '(', ')'), fc.nat())
			.map(([r, letter, at]) => {
				const text = render(r);
				const i = at % (text.length + 1);
				return { text: text.slice(0, i) + letter + text.slice(i), reasons: ['not_numeric'] };
			}),
		// exponent
		fc.tuple(fc.integer({ min: 1, max: 999 }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => ({
			text: `${m}e${e}`,
			reasons: ['exponent'],
		})),
		// zero and empty
		fc
			.tuple(arbSpace, fc.constantFrom('0', '0.0', '0.00', '.0', '$0', '000', '0.'))
			.map(([s, z]) => ({ text: `${s}${z}${s}`, reasons: ['zero'] })),
		// thousands after a leading zero
		fc
			.tuple(fc.stringMatching(/^0\d{0,2}$/), fc.array(fc.stringMatching(/^\d{3}$/), { minLength: 1, maxLength: 4 }), arbSpace)
			.map(([lead, groups, s]) => ({ text: `${s}${lead},${groups.join(',')}${s}`, reasons: ['thousands_separator'] })),
		// too long, whatever it holds
		fc
			.tuple(arbRendering, fc.integer({ min: MAX_AMOUNT_LENGTH + 1, max: 5_000 }))
			.map(([r, length]) => ({ text: render({ ...r, trail: '' }).padStart(length, ' '), reasons: ['too_long'] })),
		fc
			.string({ unit: fc.constantFrom(...'0123456789,.$ e-x'.split('')), minLength: MAX_AMOUNT_LENGTH + 1, maxLength: 2_000 })
			.map((text) => ({ text, reasons: ['too_long'] })),
		arbSpace.map((s) => ({ text: s, reasons: ['empty'] })),
	);

	test('invalid forms are refused with the right reason', () => {
		fc.assert(
			fc.property(arbInvalid, ({ text, reasons }) => {
				let error: AmountError | undefined;
				try {
					dollarsToCents(text);
				} catch (caught) {
					if (caught instanceof AmountError) error = caught;
					else throw caught;
				}
				if (!error || !reasons.includes(error.reason) || !/^Amount .*: /.test(error.message)) {
					expect({ text, reason: error?.reason, message: error?.message }).toEqual({
						text,
						reasons,
					});
				}
			}),
			{ numRuns: 50_000 },
		);
	});

	test('any text over a money alphabet: implementation agrees with the reference', () => {
		const alphabet = fc.constantFrom(...'0123456789,,..$$  -e\t'.split(''));
		fc.assert(
			fc.property(fc.string({ unit: alphabet, maxLength: 14 }), (text) => {
				const expected = referenceCents(text);
				const got = outcome(() => dollarsToCents(text));
				if (expected === undefined) same(typeof got, 'string', text);
				else same(got, wanted(expected), text);
			}),
			{ numRuns: 100_000 },
		);
	});

	test('any finite double: exact when String(n) is whole cents, refused otherwise', () => {
		fc.assert(
			fc.property(
				fc.oneof(
					fc.double({ noNaN: true }),
					fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 100),
					fc.integer({ min: -1e12, max: 1e12 }).map((c) => c / 1000),
				),
				(n) => {
					const shortest = String(n);
					const expected = /e/.test(shortest) ? undefined : referenceCents(shortest);
					const got = outcome(() => dollarsToCents(n));
					if (expected === undefined || n < 0) same(typeof got, 'string', n);
					else same(got, wanted(expected), n);
				},
			),
			{ numRuns: 20_000 },
		);
	});

	test('dollarsToCents(formatCents(c)) === c and formatUsd round-trips too', () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: DEFAULT_MAX_CENTS }), (c) => {
				same(dollarsToCents(formatCents(c)), c, formatCents(c));
				same(dollarsToCents(formatUsd(c)), c, formatUsd(c));
				same(centsFromInteger(String(c)), c, String(c));
			}),
			{ numRuns: 20_000 },
		);
	});

	test('formatCents is exact for every safe integer', () => {
		fc.assert(
			fc.property(fc.maxSafeInteger(), (c) => {
				const big = BigInt(c);
				const abs = big < 0n ? -big : big;
				const expected = `${big < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
				same(formatCents(c), expected, c);
			}),
			{ numRuns: 20_000 },
		);
	});
});
