/*
 * Jiko moves money as integer cents (`amount_usdc`). What a person types is converted here,
 * once, at the edge, with decimal-string arithmetic: never `n * 100` (19.99 * 100 is
 * 1998.9999999999998) and never rounding: an amount that is not whole cents is refused, not
 * guessed at.
 */

/** $1,000,000,000.00: anything above is treated as a typo unless the caller raises it. */
export const DEFAULT_MAX_CENTS = 100_000_000_000;

/**
 * Longest amount text read at all, spaces included. The largest amount that fits exactly,
 * "$90,071,992,547,409.91", is 22 characters; anything past this limit is refused before it
 * is parsed, so a hostile 200,000-character "amount" costs one length check.
 */
export const MAX_AMOUNT_LENGTH = 64;

export interface AmountOptions {
	/** Largest accepted amount in cents (inclusive). A positive safe integer, or Infinity
	 * for "no business maximum" (results must still be safe integers). */
	maxCents?: number;
	/** Accept 0 (a filter's lower bound); an amount to move is never 0. Default false. */
	allowZero?: boolean;
}

export type AmountReason =
	| 'empty'
	| 'too_long'
	| 'wrong_type'
	| 'not_finite'
	| 'exponent'
	| 'not_numeric'
	| 'multiple_dots'
	| 'thousands_separator'
	| 'too_many_decimals'
	| 'not_integer'
	| 'zero'
	| 'negative'
	| 'too_large'
	| 'unsafe_integer';

/**
 * A refused amount. `message` is the full sentence (`Amount "1.005" has more than 2 decimal
 * places: …`); `shown` (the input as quoted in the message, '' when there is nothing to show)
 * and `problem` (the rest) let callers put a field name and item number in front.
 */
export class AmountError extends Error {
	readonly reason: AmountReason;
	readonly shown: string;
	readonly problem: string;

	constructor(reason: AmountReason, shown: string, problem: string) {
		super(shown ? `Amount ${shown} ${problem}` : `Amount ${problem}`);
		this.name = 'AmountError';
		this.reason = reason;
		this.shown = shown;
		this.problem = problem;
	}
}

const EXAMPLE = 'e.g. 1,250.50';

function maxCentsOf(opts: AmountOptions | undefined): number {
	const max = opts?.maxCents ?? DEFAULT_MAX_CENTS;
	if (!(max === Infinity || (Number.isSafeInteger(max) && max > 0))) {
		// A programming error, not a user error.
		throw new RangeError(
			`maxCents must be a positive safe integer or Infinity, got ${String(max)}`,
		);
	}
	return max;
}

function show(input: string | number): string {
	if (typeof input === 'number') return String(input);
	const cut = input.length > 40 ? `${input.slice(0, 40)}…` : input;
	return JSON.stringify(cut);
}

/** "1234567" → "1,234,567". Not toLocaleString: its first call loads ICU data (~10 ms). */
function groupThousands(digits: string): string {
	const groups: string[] = [];
	for (let end = digits.length; end > 0; end -= 3) groups.unshift(digits.slice(Math.max(0, end - 3), end));
	return groups.join(',');
}

/** Refuses text too long to be an amount, before anything else looks at it. */
function checkLength(input: string, hint: string): void {
	if (input.length > MAX_AMOUNT_LENGTH) {
		throw new AmountError(
			'too_long',
			show(input),
			`is ${groupThousands(String(input.length))} characters long: an amount has at most ${MAX_AMOUNT_LENGTH} (${hint})`,
		);
	}
}

function typeName(input: unknown): string {
	if (Array.isArray(input)) return 'a list';
	if (typeof input === 'object') return 'an object';
	return `a ${typeof input}`;
}

/** Range checks shared by both entry points; `cents` is exact (BigInt). */
function checkRange(cents: bigint, shown: string, max: number, allowZero = false): number {
	if (cents === 0n && !allowZero) {
		throw new AmountError('zero', shown, 'is zero: enter an amount greater than 0 (e.g. 0.01)');
	}
	if (max !== Infinity && cents > BigInt(max)) {
		throw new AmountError(
			'too_large',
			shown,
			`is above the maximum of ${formatUsd(max)}: check for a typo or split the payment`,
		);
	}
	if (cents > BigInt(Number.MAX_SAFE_INTEGER)) {
		throw new AmountError(
			'unsafe_integer',
			shown,
			`is too large to handle exactly (more than ${formatUsd(Number.MAX_SAFE_INTEGER)}): check for a typo`,
		);
	}
	return Number(cents);
}

const NEGATIVE_PROBLEM =
	'is negative: enter the amount without a minus sign (the operation decides which way the money moves)';

/**
 * Dollars as a person types them (or as an expression yields them) → integer cents, exactly.
 *
 * Accepts "1250.5", "1,250.50", " 12 ", "$1,250.50", "$ 12", "0.01", ".5", "1250." and finite
 * JS numbers (read through `String(n)`, their shortest round-trip decimal). Throws AmountError
 * for anything else; see AmountReason. Text over MAX_AMOUNT_LENGTH characters is refused
 * before it is read, and the rest is read in time linear in its length.
 */
export function dollarsToCents(input: unknown, opts?: AmountOptions): number {
	const max = maxCentsOf(opts);
	if (input === null || input === undefined) {
		throw new AmountError('empty', '', `is empty: enter a positive dollar amount (${EXAMPLE})`);
	}
	if (typeof input === 'number') {
		if (!Number.isFinite(input)) {
			throw new AmountError(
				'not_finite',
				show(input),
				`is not a finite number: check the expression that produced it and enter a dollar amount (${EXAMPLE})`,
			);
		}
		const text = String(input);
		if (/e/i.test(text)) {
			throw new AmountError(
				'exponent',
				text,
				'is in exponent notation: write it as a plain decimal with at most 2 decimal places (e.g. 0.01 or 1250000.00)',
			);
		}
		return parseDollarText(text, text, max, opts?.allowZero);
	}
	if (typeof input === 'string') {
		checkLength(input, EXAMPLE);
		return parseDollarText(input, show(input), max, opts?.allowZero);
	}
	throw new AmountError(
		'wrong_type',
		'',
		`is ${typeName(input)}, not a number or text: enter a dollar amount (${EXAMPLE})`,
	);
}

function parseDollarText(raw: string, shown: string, max: number, allowZero?: boolean): number {
	let body = raw.trim();
	if (body === '') {
		throw new AmountError('empty', '', `is empty: enter a positive dollar amount (${EXAMPLE})`);
	}
	let negative = false;
	if (body.startsWith('-')) {
		negative = true;
		body = body.slice(1).trimStart();
	}
	if (body.startsWith('$')) body = body.slice(1).trimStart();
	if (!negative && body.startsWith('-')) {
		negative = true;
		body = body.slice(1).trimStart();
	}

	// Every pattern below is anchored with disjoint neighbouring classes, so none backtracks:
	// the cost is linear in the (already bounded) length.
	if (/^[\d.,]+e[+-]?\d+$/i.test(body) && /\d/.test(body.slice(0, body.search(/e/i)))) {
		throw new AmountError(
			'exponent',
			shown,
			'is in exponent notation: write it as a plain decimal with at most 2 decimal places (e.g. 0.01 or 1250000.00)',
		);
	}
	if (!/^[\d.,]*$/.test(body) || !/\d/.test(body)) {
		throw new AmountError(
			'not_numeric',
			shown,
			`is not a dollar amount: use digits, an optional "$", commas between thousands and up to 2 decimals (${EXAMPLE})`,
		);
	}
	const parts = body.split('.');
	if (parts.length > 2) {
		throw new AmountError(
			'multiple_dots',
			shown,
			`has more than one decimal point: use "." once, before the cents, and "," only between thousands (${EXAMPLE})`,
		);
	}
	const intPart = parts[0];
	const fracPart = parts.length === 2 ? parts[1] : '';
	// A comma must separate groups of exactly three digits: "1,25" is most likely a decimal
	// comma (1.25) and must not become $125.
	if (fracPart.includes(',') || (intPart.includes(',') && !/^\d{1,3}(,\d{3})+$/.test(intPart))) {
		throw new AmountError(
			'thousands_separator',
			shown,
			`has a misplaced thousands separator: each "," must be followed by exactly three digits and "." marks the cents (${EXAMPLE})`,
		);
	}
	// Nobody writes thousands after a leading zero: "0,050" is a decimal comma (0.050) or a
	// typo, never $50.00.
	if (intPart.includes(',') && intPart.startsWith('0')) {
		throw new AmountError(
			'thousands_separator',
			shown,
			`has a thousands separator after a leading 0: "," separates thousands and "." marks the cents, so write 50 or 0.05 rather than 0,050 (${EXAMPLE})`,
		);
	}
	if (negative) throw new AmountError('negative', shown, NEGATIVE_PROBLEM);
	if (fracPart.length > 2) {
		throw new AmountError(
			'too_many_decimals',
			shown,
			'has more than 2 decimal places: Jiko moves whole cents (e.g. 1.01)',
		);
	}
	const digits = intPart.replace(/,/g, '');
	const cents = BigInt(digits === '' ? '0' : digits) * 100n + BigInt(fracPart.padEnd(2, '0'));
	return checkRange(cents, shown, max, allowZero);
}

/**
 * For the "Amount in cents" option: a positive safe integer number, or a string of digits
 * (surrounding spaces allowed). No dollars, no decimals, no separators.
 */
export function centsFromInteger(input: unknown, opts?: AmountOptions): number {
	const max = maxCentsOf(opts);
	const hint =
		'with "Amount in cents" on, enter whole cents as digits only (e.g. 125050 for $1,250.50)';
	if (input === null || input === undefined) {
		throw new AmountError('empty', '', `is empty: ${hint}`);
	}
	if (typeof input === 'number') {
		const shown = show(input);
		if (!Number.isFinite(input)) {
			throw new AmountError('not_finite', shown, `is not a finite number: ${hint}`);
		}
		if (!Number.isInteger(input)) {
			throw new AmountError('not_integer', shown, `is not a whole number of cents: ${hint}`);
		}
		if (input < 0) throw new AmountError('negative', shown, NEGATIVE_PROBLEM);
		if (!Number.isSafeInteger(input)) {
			// Above 2^53 a number no longer holds the digits that were typed (2^53 + 1 reads as
			// 2^53): whatever it was meant to be, it is not known exactly, so it is refused.
			throw new AmountError(
				'unsafe_integer',
				shown,
				`is too large to be an exact number of cents (more than ${groupThousands(String(Number.MAX_SAFE_INTEGER))}): check for a typo`,
			);
		}
		return checkRange(BigInt(input), shown, max, opts?.allowZero);
	}
	if (typeof input === 'string') {
		checkLength(input, 'e.g. 125050 for $1,250.50');
		const shown = show(input);
		const body = input.trim();
		if (body === '') throw new AmountError('empty', '', `is empty: ${hint}`);
		if (/^-\s*\d+$/.test(body)) throw new AmountError('negative', shown, NEGATIVE_PROBLEM);
		if (/^\d*\.\d*$/.test(body) && /\d/.test(body)) {
			throw new AmountError('not_integer', shown, `is not a whole number of cents: ${hint}`);
		}
		if (!/^\d+$/.test(body)) {
			throw new AmountError('not_numeric', shown, `is not a number of cents: ${hint}`);
		}
		return checkRange(BigInt(body), shown, max, opts?.allowZero);
	}
	throw new AmountError('wrong_type', '', `is ${typeName(input)}, not a number or text: ${hint}`);
}

function splitCents(cents: number): { sign: string; dollars: string; cc: string } {
	if (!Number.isSafeInteger(cents)) {
		throw new RangeError(`cents must be a safe integer, got ${String(cents)}`);
	}
	// String() of a safe integer is its exact decimal digits.
	const digits = String(Math.abs(cents)).padStart(3, '0');
	return {
		sign: cents < 0 ? '-' : '',
		dollars: digits.slice(0, -2),
		cc: digits.slice(-2),
	};
}

/** Integer cents → "1250.50" (no "$", no commas; "-" for negatives). Exact for safe integers. */
export function formatCents(cents: number): string {
	const { sign, dollars, cc } = splitCents(cents);
	return `${sign}${dollars}.${cc}`;
}

/** Integer cents → "$1,250.50" ("-$1,250.50" for negatives), for people to read. */
export function formatUsd(cents: number): string {
	const { sign, dollars, cc } = splitCents(cents);
	return `${sign}$${groupThousands(dollars)}.${cc}`;
}
