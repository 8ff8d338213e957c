/**
 * Outgoing wires:
 *   POST /api/v1/jiko-accounts/{account_id}/wires/ → 201 with an empty body, as documented
 *        (assumption wireCreateBody: `wire` answers with the sandbox's Wire object instead)
 * Books a WIRE and a WIRE_FEE transaction PENDING (they hold the money), COMPLETED after
 * options.achSettleMs (or POST /_sandbox/settle); see sandbox/transfers.ts. An existing wire_id
 * follows assumption duplicateTransferId.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, ValidationError, issue, notFound } from '../http/errors';
import { Checker } from '../http/validate';
import { externalTransferIssues } from '../rules';
import { createWire } from '../transfers';
import type { WireRecord } from '../types';
import { wireView } from '../views';

function answer(ctx: SandboxContext, reply: FastifyReply, status: number, w: WireRecord) {
	if (ctx.assumptions.wireCreateBody === 'wire') return reply.code(status).send(wireView(w));
	return reply.code(status).send();
}

async function createOutgoingWire(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const { state, assumptions: a } = ctx;
	const c = new Checker();
	const accountId = c.pathUuid(req.params, 'account_id');
	const body = c.bodyObject(req.body, req.jsonError) ?? {};
	const counterpartyId = c.uuid(body, ['body', 'counterparty_id'], true);
	// amount_usdc is optional in OpenAPI v1.29.0; a wire without an amount means nothing, so
	// the sandbox requires it (ASSUMPTIONS.md M6).
	const amt = c.int(body, ['body', 'amount_usdc'], true);
	if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
	const description = c.str(body, ['body', 'description']);
	const createdBy = c.str(body, ['body', 'created_by']);
	const wireId = c.uuid(body, ['body', 'wire_id']);
	c.done();

	const existing = wireId ? state.wiresWithId(wireId)[0] : undefined;
	if (existing && a.duplicateTransferId === 'return-existing') return answer(ctx, reply, 200, existing);
	if (existing && a.duplicateTransferId === 'conflict') throw new ApiError(409, 'wire_id already exists');
	const acc = state.account(accountId);
	if (!acc) throw notFound('Account');
	const fee = a.wireFeeCents;
	const issues = externalTransferIssues(state, acc, counterpartyId as string, 'WIRE', { cents: (amt as number) + fee, what: `the amount plus the ${fee}-cent wire fee` });
	if (issues.length) throw new ValidationError(issues);
	const w = createWire(ctx, {
		account: acc,
		counterparty: state.data.counterparties[counterpartyId as string],
		amount: amt as number,
		description,
		createdBy,
		wireId,
		again: existing !== undefined,
	});
	return answer(ctx, reply, 201, w);
}

export function registerWireRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v1/jiko-accounts/:account_id/wires/', (req, reply) => createOutgoingWire(ctx, req, reply));
}
