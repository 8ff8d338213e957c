/**
 * On-us transfers (money between Jiko pockets):
 *   POST /api/v1/transfers/on-us/               → 201 OnUsTransfer (200 with the existing one
 *                                                  when duplicateTransferId = return-existing)
 *   GET  /api/v1/transfers/on-us/{transfer_id}/ → 200 OnUsTransfer | 404
 * Money moves only when a transfer COMPLETES: an ON_US transaction on each side (booked through
 * state.addTransaction, so balances follow). Sync (default): final status at once; async_mode:
 * PENDING now, settled after options.asyncSettleMs (or POST /_sandbox/settle).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, ValidationError, issue, notFound, type Loc, type ValidationIssue } from '../http/errors';
import { Checker } from '../http/validate';
import { amount } from '../money';
import { PARTNER_NAME } from '../seed';
import type { SandboxState } from '../state';
import { ON_US_TRANSFER_TYPES, type AccountRecord, type OnUsTransferRecord, type OnUsTransferType } from '../types';

const err = (loc: Loc, msg: string): ValidationIssue => ({ loc, msg, type: 'value_error' });

export function ownerName(state: SandboxState, acc: AccountRecord | undefined): string {
	if (!acc) return 'Unknown';
	if (acc.customerId === null) return PARTNER_NAME;
	const c = state.customer(acc.customerId);
	if (!c) return 'Unknown';
	return c.type === 'INDIVIDUAL' ? `${c.name.first_name} ${c.name.last_name}` : c.name;
}

/** 422 unless the pocket is OPEN (money never moves from or to a FROZEN / CLOSED pocket). */
export function openIssue(acc: AccountRecord, loc: Loc): ValidationIssue | undefined {
	if (acc.status === 'OPEN') return undefined;
	return err(loc, `Jiko account ${acc.id} is ${acc.status}: money can only move from or to an OPEN pocket`);
}

export function onUsView(t: OnUsTransferRecord): Record<string, unknown> {
	const transfer: Record<string, unknown> = {
		type: t.type,
		transfer_id: t.id,
		...(t.description !== undefined ? { description: t.description } : {}),
		...(t.endToEndIdentification !== undefined ? { end_to_end_identification: t.endToEndIdentification } : {}),
		from_account: { ...t.from },
		to_account: { ...t.to },
		amount: amount(t.amount),
		...(t.source !== undefined ? { source: t.source } : {}),
		...(t.target !== undefined ? { target: t.target } : {}),
	};
	return {
		id: t.id,
		status: t.status,
		reason: t.reason ?? null,
		transfer,
		fees: [{ type: 'AUM_FEE', amount: amount(t.fee) }],
		object_type: 'OnUsTransfer',
	};
}

interface ParsedBody {
	type: OnUsTransferType;
	transferId?: string;
	description?: string;
	e2e?: string;
	fromId: string;
	toId: string;
	toType: 'JIKO_ACCOUNT' | 'COUNTERPARTY';
	amountType: 'REQUESTED_AMOUNT' | 'FULL_WITHDRAWAL';
	amountCents: number;
	asyncMode: boolean;
	source?: string;
	target?: string;
}

function parseAccountRef(c: Checker, body: Record<string, unknown>, name: string, allowed: readonly string[]): { id: string; type: string } | undefined {
	const v = body[name];
	if (v === undefined || v === null) {
		c.add(issue.missing(['body', name]));
		return undefined;
	}
	if (typeof v !== 'object' || Array.isArray(v)) {
		c.add(issue.dict(['body', name]));
		return undefined;
	}
	const o = v as Record<string, unknown>;
	const id = c.uuid(o, ['body', name, 'id'], true);
	let type: string | undefined;
	if (o.type === undefined || o.type === null) c.add(issue.missing(['body', name, 'type']));
	else if (typeof o.type !== 'string' || !allowed.includes(o.type)) c.add(issue.enum(['body', name, 'type'], allowed));
	else type = o.type;
	return id && type ? { id, type } : undefined;
}

function parseBody(c: Checker, body: Record<string, unknown>): ParsedBody | undefined {
	let type: OnUsTransferType | undefined;
	if (body.type === undefined || body.type === null) c.add(issue.missing(['body', 'type']));
	else if (typeof body.type !== 'string' || !(ON_US_TRANSFER_TYPES as readonly string[]).includes(body.type)) c.add(issue.enum(['body', 'type'], ON_US_TRANSFER_TYPES));
	else type = body.type as OnUsTransferType;
	const transferId = c.uuid(body, ['body', 'transfer_id']);
	const description = c.str(body, ['body', 'description'], { max: 100 });
	const e2e = c.str(body, ['body', 'end_to_end_identification'], { max: 35 });
	const from = parseAccountRef(c, body, 'from_account', ['JIKO_ACCOUNT']);
	const to = parseAccountRef(c, body, 'to_account', type === 'PEER_TO_PEER' ? ['COUNTERPARTY'] : ['JIKO_ACCOUNT']);
	const source = c.str(body, ['body', 'source'], { max: 200, required: type === 'PARTNER_CUSTOMER_FUNDING' });
	const target = c.str(body, ['body', 'target'], { max: 200, required: type === 'PARTNER_CUSTOMER_DEFUNDING' });
	let asyncMode = false;
	if (body.async_mode !== undefined && body.async_mode !== null) {
		if (typeof body.async_mode !== 'boolean') c.add(issue.bool(['body', 'async_mode']));
		else asyncMode = body.async_mode;
	}

	// amount: {type: REQUESTED_AMOUNT, amount_usdc} | {type: FULL_WITHDRAWAL}; the deprecated
	// top-level amount_usdc (OpenAPI v1.29.0) is accepted as a REQUESTED_AMOUNT.
	let amountType: ParsedBody['amountType'] | undefined;
	let amountCents = 0;
	const a = body.amount;
	if (a === undefined || a === null) {
		const legacy = c.int(body, ['body', 'amount_usdc']);
		if (legacy === undefined && body.amount_usdc === undefined) c.add(issue.missing(['body', 'amount']));
		else if (legacy !== undefined && legacy <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
		else if (legacy !== undefined) {
			amountType = 'REQUESTED_AMOUNT';
			amountCents = legacy;
		}
	} else if (typeof a !== 'object' || Array.isArray(a)) {
		c.add(issue.dict(['body', 'amount']));
	} else {
		const ao = a as Record<string, unknown>;
		const kinds = ['REQUESTED_AMOUNT', 'FULL_WITHDRAWAL'] as const;
		if (ao.type === undefined || ao.type === null) c.add(issue.missing(['body', 'amount', 'type']));
		else if (typeof ao.type !== 'string' || !(kinds as readonly string[]).includes(ao.type)) c.add(issue.enum(['body', 'amount', 'type'], kinds));
		else if (ao.type === 'FULL_WITHDRAWAL') {
			if (type === 'PARTNER_CUSTOMER_FUNDING') c.add(err(['body', 'amount', 'type'], 'FULL_WITHDRAWAL is not allowed for PARTNER_CUSTOMER_FUNDING: send a REQUESTED_AMOUNT'));
			else amountType = 'FULL_WITHDRAWAL';
		} else {
			const v = c.int(ao, ['body', 'amount', 'amount_usdc'], true);
			if (v !== undefined && v <= 0) c.add(issue.gt(['body', 'amount', 'amount_usdc'], 0));
			else if (v !== undefined) {
				amountType = 'REQUESTED_AMOUNT';
				amountCents = v;
			}
		}
	}
	if (!type || !from || !to || !amountType || c.issues.length) return undefined;
	return { type, transferId, description, e2e, fromId: from.id, toId: to.id, toType: to.type as ParsedBody['toType'], amountType, amountCents, asyncMode, source, target };
}

export function registerOnUsRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;

	/** Checks who may send to whom; returns the destination pocket. Throws 404 / 422. */
	function resolveParties(p: ParsedBody): { from: AccountRecord; dest: AccountRecord } {
		const from = state.account(p.fromId);
		if (!from) throw notFound('Account');
		const partner = state.data.partnerPocketId;
		const fromLoc: Loc = ['body', 'from_account', 'id'];
		const toLoc: Loc = ['body', 'to_account', 'id'];
		const issues: ValidationIssue[] = [];
		let dest: AccountRecord | undefined;
		if (p.type === 'PEER_TO_PEER') {
			const cp = state.data.onUsCounterparties[p.toId];
			if (from.customerId === null) issues.push(err(fromLoc, 'PEER_TO_PEER: from_account must be a customer pocket'));
			if (!cp || cp.customerId !== from.customerId) {
				issues.push(err(toLoc, 'PEER_TO_PEER: to_account must be an on-us counterparty (type COUNTERPARTY) of the sending customer'));
			} else {
				dest = state.account(cp.accountId);
				if (!dest) issues.push(err(toLoc, 'the on-us counterparty points at no existing Jiko account'));
			}
		} else {
			dest = state.account(p.toId);
			if (!dest) throw notFound('Account');
			if (p.type === 'PARTNER_CUSTOMER_FUNDING') {
				if (from.id !== partner) issues.push(err(fromLoc, 'PARTNER_CUSTOMER_FUNDING: from_account must be the partner pocket'));
				if (dest.customerId === null) issues.push(err(toLoc, 'PARTNER_CUSTOMER_FUNDING: to_account must be a customer pocket'));
			} else if (p.type === 'PARTNER_CUSTOMER_DEFUNDING') {
				if (from.customerId === null) issues.push(err(fromLoc, 'PARTNER_CUSTOMER_DEFUNDING: from_account must be a customer pocket'));
				if (dest.id !== partner) issues.push(err(toLoc, 'PARTNER_CUSTOMER_DEFUNDING: to_account must be the partner pocket'));
			} else {
				if (from.customerId === null || dest.customerId !== from.customerId) {
					issues.push(err(toLoc, 'INTERNAL_REALLOCATION: both pockets must belong to the same customer'));
				} else if (from.id === dest.id) {
					issues.push(err(toLoc, 'INTERNAL_REALLOCATION: from_account and to_account must be different pockets'));
				}
			}
		}
		if (!issues.length) {
			const a = openIssue(from, fromLoc);
			if (a) issues.push(a);
			const b = dest && openIssue(dest, toLoc);
			if (b) issues.push(b);
		}
		if (issues.length) throw new ValidationError(issues);
		return { from, dest: dest as AccountRecord };
	}

	function emit(t: OnUsTransferRecord, kind: 'processing' | 'success' | 'rejected'): void {
		ctx.webhooks.emitEvent(`transfers.on-us.${kind}`, { on_us_id: t.id, origin_account_id: t.from.id, destination_account_id: t.to.id });
	}

	/** Decides a pending transfer: COMPLETED (money moves) or REJECTED (nothing moves). */
	function settle(t: OnUsTransferRecord): void {
		if (t.status !== 'PENDING') return;
		const from = state.account(t.from.id);
		const dest = state.account(t.destinationAccountId);
		if (!from || !dest || from.status !== 'OPEN' || dest.status !== 'OPEN') {
			t.status = 'REJECTED';
			t.reason = 'ACCOUNT_UNAVAILABLE';
			state.changed();
			emit(t, 'rejected');
			return;
		}
		const available = state.availableOf(from.id);
		if (t.amountType === 'FULL_WITHDRAWAL') {
			const gross = Math.max(0, available);
			t.fee = Math.floor((gross * ctx.assumptions.fullWithdrawalFeeBps) / 10_000);
			t.amount = gross - t.fee;
		}
		if (t.amount <= 0 || available < t.amount + t.fee) {
			t.status = 'REJECTED';
			t.reason = 'INSUFFICIENT_FUNDS';
			state.changed();
			emit(t, 'rejected');
			return;
		}
		const now = Date.now();
		const detail = {
			on_us_transfer_id: t.id,
			on_us_transfer_type: t.type,
			...(t.source !== undefined ? { source: t.source } : {}),
			...(t.target !== undefined ? { target: t.target } : {}),
		};
		const common = { transaction_type: 'ON_US' as const, transaction_type_title: 'On-Us Transfer', ...(t.description ? { sub_title: t.description } : {}) };
		const out = state.addTransaction({
			accountId: from.id, amount: -t.amount, timestamp: now, status: 'COMPLETED',
			details: { title: `Transfer to ${ownerName(state, dest)}`, ...common, on_us_transaction: detail },
		});
		const inn = state.addTransaction({
			accountId: dest.id, amount: t.amount, timestamp: now, status: 'COMPLETED',
			details: { title: `Transfer from ${ownerName(state, from)}`, ...common, on_us_transaction: detail },
		});
		t.transactionIds.push(out.id, inn.id);
		if (t.fee > 0) {
			const fee = state.addTransaction({
				accountId: from.id, amount: -t.fee, timestamp: now, status: 'COMPLETED',
				details: { title: 'AUM fee (full withdrawal)', transaction_type: 'GENERIC', transaction_type_title: 'Fee' },
			});
			t.transactionIds.push(fee.id);
		}
		t.status = 'COMPLETED';
		state.changed();
		emit(t, 'success');
	}

	api.post('/api/v1/transfers/on-us/', async (req, reply) => {
		const c = new Checker();
		const body = c.bodyObject(req.body, req.jsonError);
		const p = body ? parseBody(c, body) : undefined;
		c.done();
		if (!p) throw new ValidationError([issue.missing(['body'])]);

		// A transfer_id never moves money twice (ASSUMPTIONS.md M1).
		if (p.transferId && state.data.onUsTransfers[p.transferId]) {
			if (ctx.assumptions.duplicateTransferId === 'return-existing') return reply.code(200).send(onUsView(state.data.onUsTransfers[p.transferId]));
			throw new ApiError(409, 'transfer_id already exists');
		}
		const { from, dest } = resolveParties(p);
		const t: OnUsTransferRecord = {
			id: p.transferId ?? randomUUID(),
			type: p.type,
			status: 'PENDING',
			...(p.description !== undefined ? { description: p.description } : {}),
			...(p.e2e !== undefined ? { endToEndIdentification: p.e2e } : {}),
			from: { id: from.id, type: 'JIKO_ACCOUNT' },
			to: { id: p.toId, type: p.toType },
			destinationAccountId: dest.id,
			amountType: p.amountType,
			amount: p.amountType === 'FULL_WITHDRAWAL' ? Math.max(0, state.availableOf(from.id)) : p.amountCents,
			fee: 0,
			asyncMode: p.asyncMode,
			...(p.source !== undefined ? { source: p.source } : {}),
			...(p.target !== undefined ? { target: p.target } : {}),
			timeCreated: Date.now(),
			seq: state.nextSeq(),
			transactionIds: [],
		};
		if (t.amountType === 'FULL_WITHDRAWAL') t.fee = Math.floor((t.amount * ctx.assumptions.fullWithdrawalFeeBps) / 10_000);
		if (t.amountType === 'FULL_WITHDRAWAL') t.amount -= t.fee;
		state.data.onUsTransfers[t.id] = t;
		state.changed();
		if (p.asyncMode) {
			emit(t, 'processing');
			ctx.settler.schedule(`on-us:${t.id}`, ctx.options.asyncSettleMs, () => settle(t));
		} else {
			settle(t);
		}
		return reply.code(201).send(onUsView(t));
	});

	api.get('/api/v1/transfers/on-us/:transfer_id/', async (req) => {
		const c = new Checker();
		const id = c.pathUuid(req.params, 'transfer_id');
		c.done();
		const t = state.data.onUsTransfers[id];
		if (!t) throw new ApiError(404, 'On-us transfer not found');
		return onUsView(t);
	});
}
