import type { JikoFailure } from '../../../core/failure';
import { MIN_RATE_LIMIT_WAIT_MS } from '../../../core/rateLimit';

export interface JikoErrorText {
	message: string;
	description: string;
}

/** The credential field that bounds how long one request waits out Jiko's rate limit. */
const RATE_LIMIT_WAIT_FIELD = 'Max Wait for Rate Limits (Seconds)';

/** Why a rate-limited request stopped waiting: Jiko's rate limit opens later than the request's
 * total wait allows. */
export interface RateLimitStop {
	/** When the rate limit opens again (epoch ms): Retry-After, or the shared gate. */
	opensAt: number;
	now: number;
	/** The total wait the request had, and how much of it it used. */
	budgetMs: number;
	waitedMs: number;
	/** Whose budget: the credential's field, or the caller's own (a webhook delivery's claim). */
	budgetFrom: 'credential' | 'caller';
	/** False when the request stopped at the gate, before sending (again). */
	sent: boolean;
}

const seconds = (ms: number) => Math.round(ms / 1_000);

/** ": Jiko's rate limit opens again at … (in 40 s), later than …; nothing was sent". */
function rateLimitStopText(stop: RateLimitStop, attempts: number): string {
	const allowed =
		stop.budgetFrom === 'credential'
			? `the ${seconds(stop.budgetMs)} s the credential's ${RATE_LIMIT_WAIT_FIELD} allows in total`
			: `the ${seconds(stop.budgetMs)} s this request may wait for rate limits in total`;
	const waited = seconds(stop.waitedMs) > 0 ? ` (${seconds(stop.waitedMs)} s waited already)` : '';
	const opensAt = new Date(stop.opensAt).toISOString().replace(/\.\d{3}Z$/, 'Z');
	const inSeconds = Math.ceil((stop.opensAt - stop.now) / 1_000);
	return `: Jiko's rate limit opens again at ${opensAt} (in ${inSeconds} s), later than ${allowed}${waited}${stop.sent ? '' : attempts === 0 ? '; nothing was sent' : '; it was not sent again'}`;
}

interface ValidationIssue {
	loc?: unknown;
	msg?: unknown;
}

/** "field amount.amount_usdc: ensure this value is greater than 0" for each 422 detail entry. */
function describeValidation(detail: unknown): string | undefined {
	if (!Array.isArray(detail) || detail.length === 0) return undefined;
	return detail
		.map((issue: ValidationIssue) => {
			const loc = Array.isArray(issue?.loc) ? issue.loc.map(String) : [];
			// Jiko (FastAPI) prefixes where the value came from; users think in field names.
			const where = ['body', 'query', 'path', 'header'].includes(loc[0] ?? '') ? loc.slice(1) : loc;
			const field = where.length ? where.join('.') : loc.join('.') || 'request';
			return `field ${field}: ${String(issue?.msg ?? 'is invalid')}`;
		})
		.join('; ');
}

function detailText(data: unknown): string | undefined {
	if (typeof data === 'string' && data.trim()) return data.trim().slice(0, 300);
	if (data && typeof data === 'object') {
		const detail = (data as { detail?: unknown; message?: unknown }).detail;
		if (typeof detail === 'string') return detail;
		const validation = describeValidation(detail);
		if (validation) return validation;
		const message = (data as { message?: unknown }).message;
		if (typeof message === 'string') return message;
	}
	return undefined;
}

// Words, not codes: n8n replaces a message that contains a raw code like ECONNREFUSED with
// its own generic text, which would hide what the node was doing.
function networkProblem(code: string | undefined): string {
	switch (code) {
		case 'ECONNREFUSED':
			return 'the connection was refused';
		case 'ENOTFOUND':
		case 'EAI_AGAIN':
			return 'the host name was not found';
		case 'ETIMEDOUT':
		case 'ECONNABORTED':
			return 'no answer in time (timeout)';
		case 'ECONNRESET':
		case 'EPIPE':
			return 'the connection was reset';
		default:
			return 'network error';
	}
}

/** Plain-language message and next step for every failure a user can meet. */
export function describeFailure(
	failure: JikoFailure,
	what: string,
	attempts: number,
	rateLimitStop?: RateLimitStop,
): JikoErrorText {
	const detail = detailText(failure.data);
	const said = detail ? `: ${detail}` : '';
	const retried = attempts > 1 ? ` (after ${attempts} attempts)` : '';
	if (failure.status === undefined && failure.code === undefined && failure.credentialMessage) {
		return {
			message: failure.credentialMessage,
			description: 'Open the Jiko credential, fix the named field and use its Test button.',
		};
	}
	switch (failure.status) {
		case undefined:
			return {
				message: `Could not reach Jiko while trying to ${what}${retried}: ${networkProblem(failure.code)}`,
				description:
					'Check the Environment, Partner Name or Base URL in the Jiko credential and that this machine can reach it (Jiko only accepts IP addresses the partner registered).',
			};
		case 400:
		case 422:
			return {
				message: `Jiko rejected the request to ${what}${said}`,
				description: 'Fix the named field(s) and run the node again. Nothing was changed in Jiko.',
			};
		case 401:
			return {
				message: `Jiko refused the session token while trying to ${what}${said}`,
				description:
					'The credential logged in again and was still refused. Check Username and Password in the Jiko credential.',
			};
		case 403:
			return {
				message: `Jiko refused the request signature while trying to ${what}${said}`,
				description:
					"Check the Shared Secret in the Jiko credential, and that this machine's IP address is registered with Jiko.",
			};
		case 404:
			return {
				message: `Not found: Jiko has no such object while trying to ${what}${said}`,
				description:
					'Check the ID: it must exist in this environment and belong to your partner (pockets and counterparties to the chosen customer).',
			};
		case 409:
			return {
				message: `Conflict while trying to ${what}${said}`,
				description:
					'Jiko refused a repeated request or an object that already exists. Money movement operations look the transfer up and report it as existing instead of failing.',
			};
		case 412:
			return {
				message: `Precondition failed while trying to ${what}${said}`,
				description:
					'The object is not in a state that allows this (e.g. a closed portal or a frozen pocket).',
			};
		case 429:
			return {
				message: `Jiko rate limit reached while trying to ${what}${retried}${rateLimitStop ? rateLimitStopText(rateLimitStop, attempts) : ''}`,
				description: `The node waits as long as Jiko asks (Retry-After, at least ${MIN_RATE_LIMIT_WAIT_MS / 1_000} s; or until X-RateLimit-Reset when no requests are left), up to the credential's ${RATE_LIMIT_WAIT_FIELD} in total, and stops at once when Jiko asks for longer (or keeps refusing without a Retry-After). Nothing was done by a refused or unsent request. Raise ${RATE_LIMIT_WAIT_FIELD} in the Jiko credential or slow the workflow down, then run it again.`,
			};
		default:
			if (failure.status >= 500) {
				return {
					message: `Jiko had a server error (${failure.status}) while trying to ${what}${retried}${said}`,
					description:
						'Reads are retried with backoff. A money movement is never resent blindly: the node first looks the transfer up by its client-chosen id.',
				};
			}
			return {
				message: `Jiko answered HTTP ${failure.status} while trying to ${what}${said}`,
				description: 'Check the request parameters and the Jiko credential.',
			};
	}
}
