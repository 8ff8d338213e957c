/**
 * Small validators that collect pydantic-style issues. Jiko (FastAPI) reports every invalid
 * field at once, so handlers gather issues from path, query and body and throw them together.
 */
import { isUuid, normalizeUuid, parseDateTime } from '../util';
import { issue, ValidationError, type Loc, type ValidationIssue } from './errors';

export type Query = Record<string, string | string[] | undefined>;

export class Checker {
	readonly issues: ValidationIssue[] = [];
	add(i: ValidationIssue): void {
		this.issues.push(i);
	}
	/** Throws the collected issues (422) if there are any. */
	done(): void {
		if (this.issues.length) throw new ValidationError(this.issues);
	}

	pathUuid(params: unknown, name: string): string {
		const v = (params as Record<string, string>)[name];
		if (!isUuid(v)) {
			this.add(issue.uuid(['path', name]));
			return '';
		}
		return normalizeUuid(v);
	}

	/** Single-valued query parameter (the last one wins when repeated, as in Starlette). */
	private single(q: Query, name: string): string | undefined {
		const v = q[name];
		return Array.isArray(v) ? v[v.length - 1] : v;
	}
	/** Repeated query parameter; each occurrence may also be comma-separated. */
	multi(q: Query, name: string, split = true): string[] {
		const v = q[name];
		const raw = v === undefined ? [] : Array.isArray(v) ? v : [v];
		return split ? raw.flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '') : raw;
	}

	queryInt(q: Query, name: string, dflt: number, min: { gt?: number; ge?: number }, max: number): number {
		const s = this.single(q, name);
		if (s === undefined || s === '') return dflt;
		if (!/^[+-]?\d+$/.test(s.trim())) {
			this.add(issue.int(['query', name]));
			return dflt;
		}
		const n = Number(s);
		if (min.gt !== undefined && !(n > min.gt)) this.add(issue.gt(['query', name], min.gt));
		else if (min.ge !== undefined && !(n >= min.ge)) this.add(issue.ge(['query', name], min.ge));
		else if (n > max) this.add(issue.le(['query', name], max));
		return n;
	}
	queryEnum<T extends string>(q: Query, name: string, allowed: readonly T[], dflt: T): T;
	queryEnum<T extends string>(q: Query, name: string, allowed: readonly T[]): T | undefined;
	queryEnum<T extends string>(q: Query, name: string, allowed: readonly T[], dflt?: T): T | undefined {
		const s = this.single(q, name);
		if (s === undefined || s === '') return dflt;
		if (!(allowed as readonly string[]).includes(s)) {
			this.add(issue.enum(['query', name], allowed));
			return dflt;
		}
		return s as T;
	}
	queryEnumList<T extends string>(q: Query, name: string, allowed: readonly T[]): T[] {
		const out: T[] = [];
		this.multi(q, name).forEach((s, i) => {
			if ((allowed as readonly string[]).includes(s)) out.push(s as T);
			else this.add(issue.enum(['query', name, i], allowed));
		});
		return out;
	}
	queryUuidList(q: Query, name: string): string[] {
		const out: string[] = [];
		this.multi(q, name).forEach((s, i) => {
			if (isUuid(s)) out.push(normalizeUuid(s));
			else this.add(issue.uuid(['query', name, i]));
		});
		return out;
	}
	queryUuid(q: Query, name: string): string | undefined {
		const s = this.single(q, name);
		if (s === undefined || s === '') return undefined;
		if (!isUuid(s)) {
			this.add(issue.uuid(['query', name]));
			return undefined;
		}
		return normalizeUuid(s);
	}
	queryDateTime(q: Query, name: string): number | undefined {
		const s = this.single(q, name);
		if (s === undefined || s === '') return undefined;
		const t = parseDateTime(s);
		if (t === undefined) this.add(issue.datetime(['query', name]));
		return t;
	}
	queryRegex(q: Query, name: string, re: RegExp, pattern: string): string | undefined {
		const s = this.single(q, name);
		if (s === undefined || s === '') return undefined;
		if (!re.test(s)) {
			this.add(issue.regex(['query', name], pattern));
			return undefined;
		}
		return s;
	}
	queryString(q: Query, name: string): string | undefined {
		return this.single(q, name);
	}

	// ---- body --------------------------------------------------------------------------
	/** Checks that the (already parsed) body is a JSON object; returns it or {}. */
	bodyObject(body: unknown, jsonError: string | undefined): Record<string, unknown> | undefined {
		if (jsonError !== undefined) {
			this.add(issue.jsonDecode(jsonError));
			return undefined;
		}
		if (body === undefined) {
			this.add(issue.missing(['body']));
			return undefined;
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			this.add(issue.dict(['body']));
			return undefined;
		}
		return body as Record<string, unknown>;
	}
	str(obj: Record<string, unknown>, loc: Loc, o: { required?: boolean; max?: number; min?: number } = {}): string | undefined {
		const key = loc[loc.length - 1] as string;
		const v = obj[key];
		if (v === undefined || v === null) {
			if (o.required) this.add(issue.missing(loc));
			return undefined;
		}
		if (typeof v !== 'string') {
			this.add(issue.str(loc));
			return undefined;
		}
		if (o.max !== undefined && v.length > o.max) this.add(issue.maxLength(loc, o.max));
		else if (o.min !== undefined && v.length < o.min) this.add(issue.minLength(loc, o.min));
		return v;
	}
	uuid(obj: Record<string, unknown>, loc: Loc, required = false): string | undefined {
		const key = loc[loc.length - 1] as string;
		const v = obj[key];
		if (v === undefined || v === null) {
			if (required) this.add(issue.missing(loc));
			return undefined;
		}
		if (!isUuid(v)) {
			this.add(issue.uuid(loc));
			return undefined;
		}
		return normalizeUuid(v);
	}
	int(obj: Record<string, unknown>, loc: Loc, required = false): number | undefined {
		const key = loc[loc.length - 1] as string;
		const v = obj[key];
		if (v === undefined || v === null) {
			if (required) this.add(issue.missing(loc));
			return undefined;
		}
		if (typeof v !== 'number' || !Number.isInteger(v)) {
			this.add(issue.int(loc));
			return undefined;
		}
		return v;
	}
}
