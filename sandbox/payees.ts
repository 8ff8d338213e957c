/**
 * Payees and what happens to a payment after "success" (issue 23):
 * - counterparties created through Create Counterparty V2 (wire: routing number, account
 *   identifier, address, name) start IN_PROGRESS and end VERIFIED or FAILED after
 *   `counterpartyVerifyAfterMs` (assumption `counterpartyVerification`; a name containing
 *   DECLINE always fails). The status is brought up to date whenever the counterparty is read.
 * - an ACH origination returned after PROCESSED: a reversing transaction with the same ach_id
 *   (the other direction), the transfers.ach.*.rejected event, and the status per
 *   `achReturnStatus`.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context';
import type { AchOriginationRecord, CounterpartyRecord } from './types';
import { achPullsIn } from './rules';

/** A created counterparty whose name contains this fails verification (sandbox trigger). */
export const DECLINE_MARKER = 'DECLINE';

/** Brings a created counterparty's verification status up to date (no-op for seeded ones). */
export function progressVerification(cp: CounterpartyRecord, now = Date.now()): void {
	const v = cp.verification;
	if (!v || cp.side.status !== 'IN_PROGRESS' || now < v.decideAt || v.outcome === 'IN_PROGRESS') return;
	cp.side.status = v.outcome;
}

/** How a counterparty created now will end, under the sandbox's switches. */
export function verificationOutcome(ctx: SandboxContext, name: string): 'VERIFIED' | 'FAILED' | 'IN_PROGRESS' {
	if (name.toUpperCase().includes(DECLINE_MARKER)) return 'FAILED';
	const mode = ctx.assumptions.counterpartyVerification;
	return mode === 'verifies' ? 'VERIFIED' : mode === 'fails' ? 'FAILED' : 'IN_PROGRESS';
}

/** ABA routing number checksum: 3·(d1+d4+d7) + 7·(d2+d5+d8) + (d3+d6+d9) ≡ 0 (mod 10). */
export function abaChecksumOk(routing: string): boolean {
	if (!/^\d{9}$/.test(routing)) return false;
	const d = [...routing].map(Number);
	return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 === 0;
}

/**
 * Returns a PROCESSED ACH origination: the money comes back as a reversing ACH transaction
 * (settled, same ach_id, the other direction), the rejection event is sent, and the status
 * becomes REJECTED or stays PROCESSED (assumption achReturnStatus).
 */
export function returnAch(ctx: SandboxContext, rec: AchOriginationRecord, now = Date.now()): void {
	if (rec.status !== 'PROCESSED') throw new Error(`ACH ${rec.id} is ${rec.status}: only a PROCESSED ACH can be returned`);
	const pullsIn = achPullsIn(rec.direction, ctx.assumptions);
	const original = rec.transactionId ? ctx.state.transaction(rec.transactionId) : undefined;
	const originalAch = ((original?.details as Record<string, unknown> | undefined)?.ach_transaction ?? {}) as Record<string, unknown>;
	ctx.state.addTransaction({
		accountId: rec.accountId,
		amount: pullsIn ? -rec.amount : rec.amount,
		timestamp: now,
		status: 'COMPLETED',
		timeSettled: now,
		details: {
			title: `ACH return (${rec.companyEntryDescription})`,
			transaction_type: 'ACH',
			sub_title: `RETURN ${randomUUID().slice(0, 8)}`,
			transaction_type_title: 'ACH Return',
			ach_transaction: { ...originalAch, ach_id: rec.id, ach_direction: 'ORIGINATION' },
		},
	});
	if (ctx.assumptions.achReturnStatus === 'REJECTED') rec.status = 'REJECTED';
	ctx.state.changed();
	ctx.webhooks.emitEvent(pullsIn ? 'transfers.ach.in.rejected' : 'transfers.ach.out.rejected', { jiko_account_id: rec.accountId });
}
