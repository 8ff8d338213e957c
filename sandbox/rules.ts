/**
 * The rules money movement obeys, in one place (on-us, ACH, wires and sandbox funding all use
 * them): money moves only from and to OPEN pockets, only to or from a VERIFIED counterparty of
 * the pocket's customer, and never beyond the available cash. Each returns a pydantic-style
 * issue (422) or undefined.
 */
import type { Assumptions } from './assumptions';
import type { Loc, ValidationIssue } from './http/errors';
import { PARTNER_NAME } from './seed';
import type { SandboxState } from './state';
import type { AccountRecord, AchDirection, CounterpartyRecord } from './types';

export const valueError = (loc: Loc, msg: string): ValidationIssue => ({ loc, msg, type: 'value_error' });

/** Money never moves from or to a FROZEN / CLOSED pocket. */
export function openIssue(acc: AccountRecord, loc: Loc): ValidationIssue | undefined {
	if (acc.status === 'OPEN') return undefined;
	return valueError(loc, `Jiko account ${acc.id} is ${acc.status}: money can only move from or to an OPEN pocket`);
}

/** The counterparty must be a VERIFIED counterparty of `type` of the pocket's customer. */
export function counterpartyIssue(cp: CounterpartyRecord | undefined, customerId: string | null, type: 'ACH' | 'WIRE'): ValidationIssue | undefined {
	const loc = ['body', 'counterparty_id'];
	if (!cp || customerId === null || cp.customerId !== customerId) {
		return valueError(loc, `Counterparty not found for this pocket's customer (a ${type} counterparty of the customer that owns the pocket is required)`);
	}
	if (cp.type !== type) return valueError(loc, `Counterparty ${cp.id} is a ${cp.type} counterparty; a ${type} counterparty is required`);
	if (cp.side.status !== 'VERIFIED') {
		return valueError(loc, `Counterparty ${cp.id} is not verified (verification status ${cp.side.status}); money moves only to or from VERIFIED counterparties`);
	}
	return undefined;
}

/** `needed` cents must be available (COMPLETED cash less money already held by pending payouts). */
export function fundsIssue(state: SandboxState, accountId: string, needed: number, loc: Loc, what = 'the amount'): ValidationIssue | undefined {
	const available = state.availableOf(accountId);
	if (available >= needed) return undefined;
	return valueError(loc, `Insufficient funds: ${what} (${needed} cents) exceeds the ${available} cents available`);
}

/**
 * Every check of money moving between a pocket and an external counterparty (ACH, wires), in
 * the order a client would want to read them: counterparty, pocket status, then — for money
 * leaving the pocket — available funds. Throws nothing; returns the issues.
 */
export function externalTransferIssues(
	state: SandboxState,
	acc: AccountRecord,
	counterpartyId: string,
	type: 'ACH' | 'WIRE',
	out: { cents: number; what?: string } | undefined,
): ValidationIssue[] {
	const issues: ValidationIssue[] = [];
	const cp = counterpartyIssue(state.data.counterparties[counterpartyId], acc.customerId, type);
	if (cp) issues.push(cp);
	const open = openIssue(acc, ['path', 'account_id']);
	if (open) issues.push(open);
	if (!issues.length && out) {
		const f = fundsIssue(state, acc.id, out.cents, ['body', 'amount_usdc'], out.what);
		if (f) issues.push(f);
	}
	return issues;
}

/** Whether an ACH origination in `direction` pulls money INTO the pocket (assumption achDirection). */
export function achPullsIn(direction: AchDirection, a: Assumptions): boolean {
	return a.achDirection === 'debit-pulls' ? direction === 'DEBIT' : direction === 'CREDIT';
}

/** The name Jiko shows for a pocket's owner (transaction titles). */
export function ownerName(state: SandboxState, acc: AccountRecord | undefined): string {
	if (!acc) return 'Unknown';
	if (acc.customerId === null) return PARTNER_NAME;
	const c = state.customer(acc.customerId);
	if (!c) return 'Unknown';
	return c.type === 'INDIVIDUAL' ? `${c.name.first_name} ${c.name.last_name}` : c.name;
}

/** assumption visibilityLagMs: when a record created at `now` becomes visible to API reads. */
export function visibleFrom(a: Assumptions, now: number): number | undefined {
	return a.visibilityLagMs > 0 ? now + a.visibilityLagMs : undefined;
}
export const isVisible = (r: { visibleAt?: number }, now: number): boolean => r.visibleAt === undefined || r.visibleAt <= now;
