/**
 * On-us transfers (money between Jiko pockets):
 *   POST /api/v1/transfers/on-us/               → 201 OnUsTransfer (duplicate transfer_id: see
 *                                                  assumption duplicateTransferId)
 *   GET  /api/v1/transfers/on-us/{transfer_id}/ → 200 OnUsTransfer | 404 / 422 (onUsUnknownId)
 * This module parses and checks requests; sandbox/transfers.ts moves the money.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, ValidationError, issue, notFound, type Loc, type ValidationIssue } from '../http/errors';
import { Checker } from '../http/validate';
import { isVisible, openIssue, valueError } from '../rules';
import { createOnUs, type OnUsInput } from '../transfers';
import { ON_US_TRANSFER_TYPES, type AccountRecord, type OnUsTransferType } from '../types';
import { onUsView } from '../views';

interface ParsedBody {
	type: OnUsTransferType;
	transferId?: string;
	description?: string;
	e2e?: string;
	fromId: string;
	toId: string;
	toType: string;
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

/** amount: {type: REQUESTED_AMOUNT, amount_usdc} | {type: FULL_WITHDRAWAL}; the deprecated
 * top-level amount_usdc (OpenAPI v1.29.0) is accepted as a REQUESTED_AMOUNT. */
function parseAmount(c: Checker, body: Record<string, unknown>, type: OnUsTransferType | undefined): { amountType: ParsedBody['amountType']; cents: number } | undefined {
	const a = body.amount;
	if (a === undefined || a === null) {
		const legacy = c.int(body, ['body', 'amount_usdc']);
		if (legacy === undefined && body.amount_usdc === undefined) c.add(issue.missing(['body', 'amount']));
		else if (legacy !== undefined && legacy <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
		else if (legacy !== undefined) return { amountType: 'REQUESTED_AMOUNT', cents: legacy };
		return undefined;
	}
	if (typeof a !== 'object' || Array.isArray(a)) {
		c.add(issue.dict(['body', 'amount']));
		return undefined;
	}
	const ao = a as Record<string, unknown>;
	const kinds = ['REQUESTED_AMOUNT', 'FULL_WITHDRAWAL'] as const;
	if (ao.type === undefined || ao.type === null) c.add(issue.missing(['body', 'amount', 'type']));
	else if (typeof ao.type !== 'string' || !(kinds as readonly string[]).includes(ao.type)) c.add(issue.enum(['body', 'amount', 'type'], kinds));
	else if (ao.type === 'FULL_WITHDRAWAL') {
		if (type === 'PARTNER_CUSTOMER_FUNDING') c.add(valueError(['body', 'amount', 'type'], 'FULL_WITHDRAWAL is not allowed for PARTNER_CUSTOMER_FUNDING: send a REQUESTED_AMOUNT'));
		else return { amountType: 'FULL_WITHDRAWAL', cents: 0 };
	} else {
		const v = c.int(ao, ['body', 'amount', 'amount_usdc'], true);
		if (v !== undefined && v <= 0) c.add(issue.gt(['body', 'amount', 'amount_usdc'], 0));
		else if (v !== undefined) return { amountType: 'REQUESTED_AMOUNT', cents: v };
	}
	return undefined;
}

function parseBody(c: Checker, body: Record<string, unknown>, peerToPeerType: string): ParsedBody | undefined {
	let type: OnUsTransferType | undefined;
	if (body.type === undefined || body.type === null) c.add(issue.missing(['body', 'type']));
	else if (typeof body.type !== 'string' || !(ON_US_TRANSFER_TYPES as readonly string[]).includes(body.type)) c.add(issue.enum(['body', 'type'], ON_US_TRANSFER_TYPES));
	else type = body.type as OnUsTransferType;
	const transferId = c.uuid(body, ['body', 'transfer_id']);
	const description = c.str(body, ['body', 'description'], { max: 100 });
	const e2e = c.str(body, ['body', 'end_to_end_identification'], { max: 35 });
	const from = parseAccountRef(c, body, 'from_account', ['JIKO_ACCOUNT']);
	const to = parseAccountRef(c, body, 'to_account', type === 'PEER_TO_PEER' ? [peerToPeerType] : ['JIKO_ACCOUNT']);
	const source = c.str(body, ['body', 'source'], { max: 200, required: type === 'PARTNER_CUSTOMER_FUNDING' });
	const target = c.str(body, ['body', 'target'], { max: 200, required: type === 'PARTNER_CUSTOMER_DEFUNDING' });
	let asyncMode = false;
	if (body.async_mode !== undefined && body.async_mode !== null) {
		if (typeof body.async_mode !== 'boolean') c.add(issue.bool(['body', 'async_mode']));
		else asyncMode = body.async_mode;
	}
	const amt = parseAmount(c, body, type);
	if (!type || !from || !to || !amt || c.issues.length) return undefined;
	return { type, transferId, description, e2e, fromId: from.id, toId: to.id, toType: to.type, amountType: amt.amountType, amountCents: amt.cents, asyncMode, source, target };
}

/** Who may send to whom (ASSUMPTIONS.md M2); returns the two pockets. Throws 404 / 422. */
function resolveParties(ctx: SandboxContext, p: ParsedBody): { from: AccountRecord; dest: AccountRecord } {
	const { state } = ctx;
	const from = state.account(p.fromId);
	if (!from) throw notFound('Account');
	const partner = state.data.partnerPocketId;
	const fromLoc: Loc = ['body', 'from_account', 'id'];
	const toLoc: Loc = ['body', 'to_account', 'id'];
	const issues: ValidationIssue[] = [];
	let dest: AccountRecord | undefined;
	if (p.type === 'PEER_TO_PEER') {
		const cp = state.data.onUsCounterparties[p.toId];
		if (from.customerId === null) issues.push(valueError(fromLoc, 'PEER_TO_PEER: from_account must be a customer pocket'));
		if (!cp || cp.customerId !== from.customerId) {
			issues.push(valueError(toLoc, `PEER_TO_PEER: to_account must be an on-us counterparty (type ${p.toType}) of the sending customer`));
		} else {
			dest = state.account(cp.accountId);
			if (!dest) issues.push(valueError(toLoc, 'the on-us counterparty points at no existing Jiko account'));
		}
	} else {
		dest = state.account(p.toId);
		if (!dest) throw notFound('Account');
		if (p.type === 'PARTNER_CUSTOMER_FUNDING') {
			if (from.id !== partner) issues.push(valueError(fromLoc, 'PARTNER_CUSTOMER_FUNDING: from_account must be the partner pocket'));
			if (dest.customerId === null) issues.push(valueError(toLoc, 'PARTNER_CUSTOMER_FUNDING: to_account must be a customer pocket'));
		} else if (p.type === 'PARTNER_CUSTOMER_DEFUNDING') {
			if (from.customerId === null) issues.push(valueError(fromLoc, 'PARTNER_CUSTOMER_DEFUNDING: from_account must be a customer pocket'));
			if (dest.id !== partner) issues.push(valueError(toLoc, 'PARTNER_CUSTOMER_DEFUNDING: to_account must be the partner pocket'));
		} else if (from.customerId === null || dest.customerId !== from.customerId) {
			issues.push(valueError(toLoc, 'INTERNAL_REALLOCATION: both pockets must belong to the same customer'));
		} else if (from.id === dest.id) {
			issues.push(valueError(toLoc, 'INTERNAL_REALLOCATION: from_account and to_account must be different pockets'));
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

async function createTransfer(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const { state, assumptions: a } = ctx;
	const c = new Checker();
	const body = c.bodyObject(req.body, req.jsonError);
	const p = body ? parseBody(c, body, a.peerToPeerToAccountType) : undefined;
	c.done();
	if (!p) throw new ValidationError([issue.missing(['body'])]);

	// An existing transfer_id (assumption duplicateTransferId), checked before the parties.
	const existing = p.transferId ? state.onUsTransfer(p.transferId) : undefined;
	if (existing && a.duplicateTransferId === 'return-existing') return reply.code(200).send(onUsView(existing));
	if (existing && a.duplicateTransferId === 'conflict') throw new ApiError(409, 'transfer_id already exists');
	const { from, dest } = resolveParties(ctx, p);
	const input: OnUsInput = {
		type: p.type,
		transferId: p.transferId,
		again: existing !== undefined,
		description: p.description,
		endToEndIdentification: p.e2e,
		from,
		dest,
		to: { id: p.toId, type: p.toType },
		amountType: p.amountType,
		amountCents: p.amountCents,
		asyncMode: p.asyncMode,
		source: p.source,
		target: p.target,
	};
	return reply.code(201).send(onUsView(createOnUs(ctx, input)));
}

async function getTransfer(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const id = c.pathUuid(req.params, 'transfer_id');
	c.done();
	const t = ctx.state.onUsTransfer(id);
	if (!t || !isVisible(t, Date.now())) {
		if (ctx.assumptions.onUsUnknownId === 422) throw new ValidationError([valueError(['path', 'transfer_id'], 'On-us transfer not found')]);
		throw new ApiError(404, 'On-us transfer not found');
	}
	return onUsView(t);
}

export function registerOnUsRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v1/transfers/on-us/', (req, reply) => createTransfer(ctx, req, reply));
	api.get('/api/v1/transfers/on-us/:transfer_id/', (req) => getTransfer(ctx, req));
}
