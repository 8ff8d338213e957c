/**
 * Money movement, once a request has been validated: on-us transfers, ACH originations, wires
 * and sandbox funding. Route modules parse and check requests (sandbox/rules.ts) and call these;
 * admin routes call them too (settle, wire rejection). Every balance change is a transaction
 * booked through SandboxState; every status change emits the webhook event Jiko documents.
 *
 *   on-us   PENDING → COMPLETED (an ON_US transaction on each side) | REJECTED (nothing moves)
 *   ACH     PENDING (its ACH transaction booked PENDING at once) → PROCESSED (settled)
 *           | REJECTED (the transaction removed)
 *   wire    PENDING (WIRE + WIRE_FEE transactions booked PENDING, holding the money)
 *           → COMPLETED (settled) | REJECTED (removed: the money is released)
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context';
import { achPullsIn, ownerName, visibleFrom } from './rules';
import type {
	AccountRecord,
	AchDirection,
	AchOriginationRecord,
	CounterpartyRecord,
	OnUsTransferRecord,
	OnUsTransferType,
	WireRecord,
} from './types';
import { transferIdOf } from './views';

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

// ---- on-us ------------------------------------------------------------------------------

export interface OnUsInput {
	type: OnUsTransferType;
	/** the client's transfer_id (absent: generated) */
	transferId?: string;
	/** true: `transferId` already exists and is executed again (duplicateTransferId: execute-again) */
	again?: boolean;
	description?: string;
	endToEndIdentification?: string;
	from: AccountRecord;
	/** the pocket credited (to_account, or the pocket an on-us counterparty points at) */
	dest: AccountRecord;
	to: { id: string; type: string };
	amountType: 'REQUESTED_AMOUNT' | 'FULL_WITHDRAWAL';
	amountCents: number;
	asyncMode: boolean;
	source?: string;
	target?: string;
}

function emitOnUs(ctx: SandboxContext, t: OnUsTransferRecord, kind: 'processing' | 'success' | 'rejected'): void {
	ctx.webhooks.emitEvent(`transfers.on-us.${kind}`, { on_us_id: transferIdOf(t), origin_account_id: t.from.id, destination_account_id: t.to.id });
}

/** Records a transfer; sync mode decides it at once, async mode schedules the decision. */
export function createOnUs(ctx: SandboxContext, p: OnUsInput): OnUsTransferRecord {
	const { state, assumptions: a } = ctx;
	const now = Date.now();
	const id = p.transferId && !p.again ? p.transferId : randomUUID();
	const t: OnUsTransferRecord = {
		id,
		...(p.again && p.transferId ? { duplicateOf: p.transferId } : {}),
		type: p.type,
		status: 'PENDING',
		...(p.description !== undefined ? { description: p.description } : {}),
		...(p.endToEndIdentification !== undefined ? { endToEndIdentification: p.endToEndIdentification } : {}),
		from: { id: p.from.id, type: 'JIKO_ACCOUNT' },
		to: { ...p.to },
		destinationAccountId: p.dest.id,
		amountType: p.amountType,
		amount: p.amountType === 'FULL_WITHDRAWAL' ? Math.max(0, state.availableOf(p.from.id)) : p.amountCents,
		fee: 0,
		asyncMode: p.asyncMode,
		...(p.source !== undefined ? { source: p.source } : {}),
		...(p.target !== undefined ? { target: p.target } : {}),
		timeCreated: now,
		seq: state.nextSeq(),
		transactionIds: [],
		...(visibleFrom(a, now) !== undefined ? { visibleAt: visibleFrom(a, now) } : {}),
	};
	if (t.amountType === 'FULL_WITHDRAWAL') {
		t.fee = Math.floor((t.amount * a.fullWithdrawalFeeBps) / 10_000);
		t.amount -= t.fee;
	}
	state.addOnUsTransfer(t);
	if (p.asyncMode) {
		emitOnUs(ctx, t, 'processing');
		ctx.settler.schedule(`on-us:${t.id}`, ctx.options.asyncSettleMs, () => settleOnUs(ctx, t));
	} else {
		settleOnUs(ctx, t);
	}
	return t;
}

/** Decides a pending transfer: COMPLETED (money moves) or REJECTED (nothing moves). */
export function settleOnUs(ctx: SandboxContext, t: OnUsTransferRecord): void {
	const { state, assumptions: a } = ctx;
	if (t.status !== 'PENDING') return;
	const from = state.account(t.from.id);
	const dest = state.account(t.destinationAccountId);
	const reject = (reason: OnUsTransferRecord['reason']) => {
		t.status = 'REJECTED';
		t.reason = reason;
		state.changed();
		emitOnUs(ctx, t, 'rejected');
	};
	if (!from || !dest || from.status !== 'OPEN' || dest.status !== 'OPEN') return reject('ACCOUNT_UNAVAILABLE');
	const available = state.availableOf(from.id);
	if (t.amountType === 'FULL_WITHDRAWAL') {
		const gross = Math.max(0, available);
		t.fee = Math.floor((gross * a.fullWithdrawalFeeBps) / 10_000);
		t.amount = gross - t.fee;
	}
	if (t.amount <= 0 || available < t.amount + t.fee) return reject('INSUFFICIENT_FUNDS');
	const now = Date.now();
	const transferId = transferIdOf(t);
	const detail = {
		on_us_transfer_id: transferId,
		on_us_transfer_type: t.type,
		...(t.source !== undefined ? { source: t.source } : {}),
		...(t.target !== undefined ? { target: t.target } : {}),
	};
	const common = { transaction_type: 'ON_US' as const, transaction_type_title: 'On-Us Transfer', ...(t.description ? { sub_title: t.description } : {}) };
	const booked = { timestamp: now, status: 'COMPLETED' as const, timeSettled: now, transactionId: randomUUID(), ...(visibleFrom(a, now) !== undefined ? { visibleAt: visibleFrom(a, now) } : {}) };
	const out = state.addTransaction({ accountId: from.id, amount: -t.amount, ...booked, details: { title: `Transfer to ${ownerName(state, dest)}`, ...common, on_us_transaction: detail } });
	const inn = state.addTransaction({ accountId: dest.id, amount: t.amount, ...booked, details: { title: `Transfer from ${ownerName(state, from)}`, ...common, on_us_transaction: detail } });
	t.transactionIds.push(out.id, inn.id);
	if (t.fee > 0) {
		const fee = state.addTransaction({
			accountId: from.id, amount: -t.fee, ...booked, transactionId: randomUUID(),
			details: { title: 'AUM fee (full withdrawal)', transaction_type: 'GENERIC', transaction_type_title: 'Fee' },
		});
		t.transactionIds.push(fee.id);
	}
	t.status = 'COMPLETED';
	state.changed();
	emitOnUs(ctx, t, 'success');
}

// ---- ACH --------------------------------------------------------------------------------

export interface AchInput {
	account: AccountRecord;
	counterparty: CounterpartyRecord | undefined;
	counterpartyId: string;
	direction: AchDirection;
	secCode: 'CCD' | 'WEB';
	amount: number;
	paymentRelatedInformation: string[];
	/** absent: the default for the meaning of the direction (pull "Funding TX", payout "Release TX") */
	companyEntryDescription?: string;
}

/** The WEB default entry description follows what the direction means (assumption achDirection). */
export function defaultEntryDescription(ctx: SandboxContext, direction: AchDirection): string {
	return achPullsIn(direction, ctx.assumptions) ? 'Funding TX' : 'Release TX';
}

/** Records an ACH origination and books its ACH transaction PENDING (a payout holds the money);
 * PROCESSED after options.achSettleMs or POST /_sandbox/settle. */
export function createAch(ctx: SandboxContext, p: AchInput, opts: { status?: 'PENDING' | 'PROCESSED'; timeCreated?: number } = {}): AchOriginationRecord {
	const { state, assumptions: a } = ctx;
	const now = opts.timeCreated ?? Date.now();
	const pullsIn = achPullsIn(p.direction, a);
	const ced = p.companyEntryDescription ?? defaultEntryDescription(ctx, p.direction);
	const processed = opts.status === 'PROCESSED';
	const rec: AchOriginationRecord = {
		id: randomUUID(),
		accountId: p.account.id,
		counterpartyId: p.counterpartyId,
		direction: p.direction,
		secCode: p.secCode,
		amount: p.amount,
		paymentRelatedInformation: p.paymentRelatedInformation,
		companyEntryDescription: ced,
		status: processed ? 'PROCESSED' : 'PENDING',
		timeCreated: now,
		seq: state.nextSeq(),
		...(visibleFrom(a, now) !== undefined ? { visibleAt: visibleFrom(a, now) } : {}),
	};
	const company = (p.counterparty?.side.name_on_account ?? 'EXTERNAL ACCOUNT').toUpperCase().slice(0, 16);
	const iin = digits(9);
	const trace = `0${digits(14)}`;
	const t = state.addTransaction({
		accountId: rec.accountId,
		amount: pullsIn ? rec.amount : -rec.amount,
		timestamp: now,
		status: processed ? 'COMPLETED' : 'PENDING',
		...(processed ? { timeSettled: now } : {}),
		...(rec.visibleAt !== undefined ? { visibleAt: rec.visibleAt } : {}),
		details: {
			title: `${pullsIn ? 'From' : 'To'} ${company} (${ced})`,
			transaction_type: 'ACH',
			sub_title: `IIN: ${iin} REF: ${trace.slice(1)}`,
			transaction_type_title: pullsIn ? 'ACH Electronic Credit' : 'ACH Electronic Debit',
			ach_transaction: {
				company_name: company,
				company_entry_description: ced,
				individual_identification_number: iin,
				trace_number: trace,
				ach_id: rec.id,
				ach_direction: 'ORIGINATION',
			},
		},
	});
	rec.transactionId = t.id;
	state.addAchOrigination(rec);
	if (processed) return rec;
	if (!pullsIn) ctx.webhooks.emitEvent('transfers.ach.out.sent', { jiko_account_id: rec.accountId });
	ctx.settler.schedule(`ach:${rec.id}`, ctx.options.achSettleMs, () => settleAch(ctx, rec));
	return rec;
}

/** PROCESSED: the booked transaction settles. REJECTED if the pocket is no longer OPEN or a
 * payout is no longer covered. */
export function settleAch(ctx: SandboxContext, rec: AchOriginationRecord): void {
	const { state } = ctx;
	if (rec.status !== 'PENDING') return;
	const acc = state.account(rec.accountId);
	const pullsIn = achPullsIn(rec.direction, ctx.assumptions);
	// the payout's own hold is already counted in the available cash
	if (!acc || acc.status !== 'OPEN' || (!pullsIn && state.availableOf(acc.id) < 0)) return rejectAch(ctx, rec);
	if (rec.transactionId) state.setTransactionStatus(rec.transactionId, 'COMPLETED');
	rec.status = 'PROCESSED';
	state.changed();
	ctx.webhooks.emitEvent(pullsIn ? 'transfers.ach.in.success' : 'transfers.ach.out.success', { jiko_account_id: rec.accountId });
}

export function rejectAch(ctx: SandboxContext, rec: AchOriginationRecord): void {
	if (rec.status !== 'PENDING') return;
	ctx.settler.cancel(`ach:${rec.id}`);
	if (rec.transactionId) ctx.state.dropTransaction(rec.transactionId);
	rec.status = 'REJECTED';
	ctx.state.changed();
	const pullsIn = achPullsIn(rec.direction, ctx.assumptions);
	ctx.webhooks.emitEvent(pullsIn ? 'transfers.ach.in.rejected' : 'transfers.ach.out.rejected', { jiko_account_id: rec.accountId });
}

// ---- wires ------------------------------------------------------------------------------

export interface WireInput {
	account: AccountRecord;
	counterparty: CounterpartyRecord;
	amount: number;
	description?: string;
	createdBy?: string;
	/** the client's wire_id (absent: generated) */
	wireId?: string;
	/** true: `wireId` already exists and is executed again (duplicateTransferId: execute-again) */
	again?: boolean;
}

/** A wire whose counterparty's name contains this is rejected at settlement (sandbox trigger). */
export const WIRE_REJECT_MARKER = 'REJECT';

/** Books WIRE and WIRE_FEE transactions PENDING (they hold the money) and schedules settlement. */
export function createWire(ctx: SandboxContext, p: WireInput, opts: { status?: 'PENDING' | 'COMPLETED'; timeCreated?: number } = {}): WireRecord {
	const { state, assumptions: a } = ctx;
	const now = opts.timeCreated ?? Date.now();
	const completed = opts.status === 'COMPLETED';
	const wireId = p.wireId ?? randomUUID();
	const id = p.again ? randomUUID() : wireId;
	const fee = a.wireFeeCents;
	const ref = `JKW${String(now).slice(-9)}${Math.floor(Math.random() * 10)}`;
	const party = p.counterparty.side.name_on_account;
	const detail = { reference_number: ref, counterparty_name: party, wire_id: wireId };
	const visibleAt = visibleFrom(a, now);
	const booked = {
		accountId: p.account.id,
		timestamp: now,
		status: completed ? ('COMPLETED' as const) : ('PENDING' as const),
		...(completed ? { timeSettled: now } : {}),
		...(visibleAt !== undefined ? { visibleAt } : {}),
	};
	const ids = [
		state.addTransaction({
			...booked, amount: -p.amount,
			details: { title: `Wire to ${party}`, transaction_type: 'WIRE', sub_title: ref, transaction_type_title: 'Wire Transfer Out', wire_transaction: detail },
		}).id,
	];
	if (fee > 0) {
		ids.push(state.addTransaction({
			...booked, amount: -fee,
			details: { title: 'Wire Transfer Fee', transaction_type: 'WIRE_FEE', sub_title: ref, transaction_type_title: 'Wire Fee', wire_fee_transaction: detail },
		}).id);
	}
	const w: WireRecord = {
		id,
		...(p.again ? { duplicateOf: wireId } : {}),
		accountId: p.account.id,
		counterpartyId: p.counterparty.id,
		amount: p.amount,
		fee,
		...(p.description !== undefined ? { description: p.description } : {}),
		...(p.createdBy !== undefined ? { createdBy: p.createdBy } : {}),
		status: completed ? 'COMPLETED' : 'PENDING',
		referenceNumber: ref,
		timeCreated: now,
		seq: state.nextSeq(),
		transactionIds: ids,
		...(visibleAt !== undefined ? { visibleAt } : {}),
	};
	state.addWire(w);
	if (completed) return w;
	ctx.webhooks.emitEvent('transfers.wire.out.processing', { jiko_account_id: w.accountId, wire_id: wireId });
	ctx.settler.schedule(`wire:${w.id}`, ctx.options.achSettleMs, () => settleWire(ctx, w));
	return w;
}

/** COMPLETED: the held transactions settle. A counterparty named with "REJECT" is rejected. */
export function settleWire(ctx: SandboxContext, w: WireRecord): void {
	const { state } = ctx;
	if (w.status !== 'PENDING') return;
	const cp = state.data.counterparties[w.counterpartyId];
	if (cp && cp.side.name_on_account.toUpperCase().includes(WIRE_REJECT_MARKER)) return rejectWire(ctx, w);
	for (const id of w.transactionIds) state.setTransactionStatus(id, 'COMPLETED');
	w.status = 'COMPLETED';
	state.changed();
	ctx.webhooks.emitEvent('transfers.wire.out.success', { jiko_account_id: w.accountId, wire_id: transferIdOf(w) });
}

/** REJECTED: the held transactions are removed (the money is released). */
export function rejectWire(ctx: SandboxContext, w: WireRecord): void {
	if (w.status !== 'PENDING') return;
	ctx.settler.cancel(`wire:${w.id}`);
	for (const id of w.transactionIds) ctx.state.dropTransaction(id);
	w.transactionIds = [];
	w.status = 'REJECTED';
	ctx.state.changed();
	ctx.webhooks.emitEvent('transfers.wire.out.rejected', { jiko_account_id: w.accountId, wire_id: transferIdOf(w) });
}

// ---- sandbox funding ----------------------------------------------------------------------

/** POST /api/v1/sandbox/fund/: `count` incoming ACH credits, COMPLETED at once. */
export function fundPocket(ctx: SandboxContext, acc: AccountRecord, cents: number, company: string, count: number): void {
	for (let i = 0; i < count; i++) {
		const now = Date.now();
		const trace = `0${String(now).slice(-10)}${String(i).padStart(4, '0')}`;
		ctx.state.addTransaction({
			accountId: acc.id, amount: cents, timestamp: now, status: 'COMPLETED', timeSettled: now,
			details: {
				title: `From ${company} (SANDBOX)`, transaction_type: 'ACH', transaction_type_title: 'ACH Electronic Credit',
				ach_transaction: { company_name: company, company_entry_description: 'SANDBOX', individual_identification_number: '000000000', trace_number: trace, ach_id: null, ach_direction: 'RECEIVING' },
			},
		});
		ctx.webhooks.emitEvent('transfers.ach.in.success', { jiko_account_id: acc.id });
	}
}
