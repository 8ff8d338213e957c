/**
 * Jiko's API is FastAPI: errors are `{"detail": "..."}` with a status, and validation errors
 * are 422 `{"detail": [{"loc": [...], "msg": "...", "type": "...", "ctx"?: {...}}]}` with
 * pydantic's messages. Route code throws these; the error handler in server.ts renders them.
 */
export type Loc = (string | number)[];
export interface ValidationIssue {
	loc: Loc;
	msg: string;
	type: string;
	ctx?: Record<string, unknown>;
}

export class ApiError extends Error {
	constructor(
		public readonly statusCode: number,
		public readonly detail: unknown,
		public readonly headers: Record<string, string> = {},
	) {
		super(typeof detail === 'string' ? detail : `HTTP ${statusCode}`);
	}
}

export class ValidationError extends ApiError {
	constructor(public readonly issues: ValidationIssue[]) {
		super(422, issues);
	}
}

export const notFound = (what: string): ApiError => new ApiError(404, `${what} not found`);

/** pydantic (v1) wording for the checks the sandbox makes. */
export const issue = {
	missing: (loc: Loc): ValidationIssue => ({ loc, msg: 'field required', type: 'value_error.missing' }),
	uuid: (loc: Loc): ValidationIssue => ({ loc, msg: 'value is not a valid uuid', type: 'type_error.uuid' }),
	str: (loc: Loc): ValidationIssue => ({ loc, msg: 'str type expected', type: 'type_error.str' }),
	int: (loc: Loc): ValidationIssue => ({ loc, msg: 'value is not a valid integer', type: 'type_error.integer' }),
	bool: (loc: Loc): ValidationIssue => ({ loc, msg: 'value could not be parsed to a boolean', type: 'type_error.bool' }),
	list: (loc: Loc): ValidationIssue => ({ loc, msg: 'value is not a valid list', type: 'type_error.list' }),
	dict: (loc: Loc): ValidationIssue => ({ loc, msg: 'value is not a valid dict', type: 'type_error.dict' }),
	datetime: (loc: Loc): ValidationIssue => ({ loc, msg: 'invalid datetime format', type: 'value_error.datetime' }),
	enum: (loc: Loc, permitted: readonly string[]): ValidationIssue => ({
		loc,
		msg: `value is not a valid enumeration member; permitted: ${permitted.map((p) => `'${p}'`).join(', ')}`,
		type: 'type_error.enum',
		ctx: { enum_values: [...permitted] },
	}),
	maxLength: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value has at most ${limit} characters`, type: 'value_error.any_str.max_length', ctx: { limit_value: limit } }),
	minLength: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value has at least ${limit} characters`, type: 'value_error.any_str.min_length', ctx: { limit_value: limit } }),
	minItems: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value has at least ${limit} items`, type: 'value_error.list.min_items', ctx: { limit_value: limit } }),
	gt: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value is greater than ${limit}`, type: 'value_error.number.not_gt', ctx: { limit_value: limit } }),
	ge: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value is greater than or equal to ${limit}`, type: 'value_error.number.not_ge', ctx: { limit_value: limit } }),
	le: (loc: Loc, limit: number): ValidationIssue => ({ loc, msg: `ensure this value is less than or equal to ${limit}`, type: 'value_error.number.not_le', ctx: { limit_value: limit } }),
	regex: (loc: Loc, pattern: string): ValidationIssue => ({ loc, msg: `string does not match regex "${pattern}"`, type: 'value_error.str.regex', ctx: { pattern } }),
	url: (loc: Loc, msg = 'invalid or missing URL scheme', type = 'value_error.url.scheme'): ValidationIssue => ({ loc, msg, type }),
	jsonDecode: (msg: string): ValidationIssue => ({ loc: ['body', 0], msg, type: 'value_error.jsondecode' }),
	cursor: (): ValidationIssue => ({ loc: ['query', 'cursor'], msg: 'invalid cursor', type: 'value_error' }),
};
