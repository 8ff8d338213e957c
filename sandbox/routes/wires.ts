/**
 * Outgoing wires:
 *   POST /api/v1/jiko-accounts/{account_id}/wires/ → 201 (the response body is an assumption:
 *        Jiko's OpenAPI documents none; see ASSUMPTIONS.md M4)
 * Books a WIRE transaction and a WIRE_FEE transaction, both PENDING (they hold the money but are
 * not in cash yet), then COMPLETED after options.achSettleMs (or POST /_sandbox/settle).
 * A wire_id that already exists never moves money twice (assumption duplicateTransferId).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, ValidationError, issue, notFound, type ValidationIssue } from '../http/errors';
import { Checker } from '../http/validate';
import { amount } from '../money';
import type { WireRecord } from '../types';
import { isoTime } from '../util';
import { counterpartyIssue } from './ach';
import { openIssue } from './onUs';

export function wireView(w: WireRecord): Record<string, unknown> {
	return {
		id: w.id,
		wire_id: w.id,
		counterparty_id: w.counterpartyId,
		amount: amount(w.amount),
		description: w.description ?? null,
		created_by: w.createdBy ?? null,
		jiko_account_id: w.accountId,
		status: w.status,
		time_created: isoTime(w.timeCreated),
		object_type: 'Wire',
	};
}

export function registerWireRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;

	function settle(w: WireRecord): void {
		if (w.status !== 'PENDING') return;
		for (const id of w.transactionIds) state.setTransactionStatus(id, 'COMPLETED');
		w.status = 'COMPLETED';
		state.changed();
		ctx.webhooks.emitEvent('transfers.wire.out.success', { jiko_account_id: w.accountId, wire_id: w.id });
	}

	api.post('/api/v1/jiko-accounts/:account_id/wires/', async (req, reply) => {
		const c = new Checker();
		const accountId = c.pathUuid(req.params, 'account_id');
		const body = c.bodyObject(req.body, req.jsonError) ?? {};
		const counterpartyId = c.uuid(body, ['body', 'counterparty_id'], true);
		// amount_usdc is optional in OpenAPI v1.29.0; a wire without an amount means nothing, so
		// the sandbox requires it (ASSUMPTIONS.md M4).
		const amt = c.int(body, ['body', 'amount_usdc'], true);
		if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
		const description = c.str(body, ['body', 'description']);
		const createdBy = c.str(body, ['body', 'created_by']);
		const wireId = c.uuid(body, ['body', 'wire_id']);
		c.done();

		if (wireId && state.data.wires[wireId]) {
			if (ctx.assumptions.duplicateTransferId === 'return-existing') return reply.code(200).send(wireView(state.data.wires[wireId]));
			throw new ApiError(409, 'wire_id already exists');
		}
		const acc = state.account(accountId);
		if (!acc) throw notFound('Account');
		const issues: ValidationIssue[] = [];
		const cp = state.data.counterparties[counterpartyId as string];
		const cpIssue = counterpartyIssue(cp, acc.customerId, 'WIRE');
		if (cpIssue) issues.push(cpIssue);
		const o = openIssue(acc, ['path', 'account_id']);
		if (o) issues.push(o);
		const fee = ctx.assumptions.wireFeeCents;
		if (!issues.length && state.availableOf(acc.id) < (amt as number) + fee) {
			issues.push({ loc: ['body', 'amount_usdc'], msg: `Insufficient funds: amount plus the ${fee}-cent wire fee exceeds the ${state.availableOf(acc.id)} cents available`, type: 'value_error' });
		}
		if (issues.length) throw new ValidationError(issues);

		const id = wireId ?? randomUUID();
		const ref = `JKW${Date.now().toString().slice(-9)}${Math.floor(Math.random() * 10)}`;
		const party = cp.side.name_on_account;
		const detail = { reference_number: ref, counterparty_name: party, wire_id: id };
		const now = Date.now();
		const wt = state.addTransaction({
			accountId: acc.id, amount: -(amt as number), timestamp: now, status: 'PENDING',
			details: { title: `Wire to ${party}`, transaction_type: 'WIRE', sub_title: ref, transaction_type_title: 'Wire Transfer Out', wire_transaction: detail },
		});
		const ids = [wt.id];
		if (fee > 0) {
			const ft = state.addTransaction({
				accountId: acc.id, amount: -fee, timestamp: now, status: 'PENDING',
				details: { title: 'Wire Transfer Fee', transaction_type: 'WIRE_FEE', sub_title: ref, transaction_type_title: 'Wire Fee', wire_fee_transaction: detail },
			});
			ids.push(ft.id);
		}
		const w: WireRecord = {
			id, accountId: acc.id, counterpartyId: cp.id, amount: amt as number, fee,
			...(description !== undefined ? { description } : {}), ...(createdBy !== undefined ? { createdBy } : {}),
			status: 'PENDING', referenceNumber: ref, timeCreated: now, seq: state.nextSeq(), transactionIds: ids,
		};
		state.data.wires[id] = w;
		state.changed();
		ctx.webhooks.emitEvent('transfers.wire.out.processing', { jiko_account_id: w.accountId, wire_id: w.id });
		ctx.settler.schedule(`wire:${w.id}`, ctx.options.achSettleMs, () => settle(w));
		return reply.code(201).send(wireView(w));
	});
}
