/**
 * Create Counterparty V2 (wire) and the admin helpers for payees and returns (issue 23):
 *   POST /api/v2/customers/{customer_id}/counterparties/  body CreateWireCounterpartyRequest
 *        {routing_number, identifier, address {street_address, street_address2?, city,
 *        postal_code, state, country}, wire_instructions?, counterparty_name {type: business,
 *        business_name} | {type: individual, first_name, last_name}} → 201 Counterparty
 *        (IN_PROGRESS; see sandbox/payees.ts). The body is the V2 wire schema Jiko publishes; the
 *        Partner path is not in the public material (ASSUMPTIONS.md).
 *   POST /_sandbox/counterparties/{id}/verification {status: VERIFIED|FAILED|IN_PROGRESS}
 *   POST /_sandbox/ach/{id}/return   return a PROCESSED ACH origination
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { ApiError, issue, notFound, type Loc } from '../http/errors';
import { Checker } from '../http/validate';
import { abaChecksumOk, progressVerification, returnAch, verificationOutcome } from '../payees';
import type { CounterpartyRecord } from '../types';
import { counterpartyView } from '../views';

const STATE_CODES = new Set(
	'AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY AS GU MP PR VI'.split(' '),
);

function objectAt(c: Checker, obj: Record<string, unknown>, loc: Loc): Record<string, unknown> {
	const v = obj[loc[loc.length - 1] as string];
	if (v === undefined || v === null) {
		c.add(issue.missing(loc));
		return {};
	}
	if (typeof v !== 'object' || Array.isArray(v)) {
		c.add(issue.dict(loc));
		return {};
	}
	return v as Record<string, unknown>;
}

async function createCounterparty(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const { state, assumptions: a } = ctx;
	const c = new Checker();
	const customerId = c.pathUuid(req.params, 'customer_id');
	const body = c.bodyObject(req.body, req.jsonError) ?? {};
	const routing = c.str(body, ['body', 'routing_number'], { required: true });
	if (routing !== undefined && !abaChecksumOk(routing)) c.add({ loc: ['body', 'routing_number'], msg: 'invalid routing number', type: 'value_error' });
	const identifier = c.str(body, ['body', 'identifier'], { required: true, min: 1, max: 34 });
	if (identifier !== undefined && !/^[A-Za-z0-9]+$/.test(identifier)) c.add(issue.regex(['body', 'identifier'], '^[A-Za-z0-9]+$'));
	const address = objectAt(c, body, ['body', 'address']);
	c.str(address, ['body', 'address', 'street_address'], { required: true, min: 1 });
	c.str(address, ['body', 'address', 'street_address2']);
	c.str(address, ['body', 'address', 'city'], { required: true, min: 1 });
	c.str(address, ['body', 'address', 'postal_code'], { required: true, min: 1 });
	const country = c.str(address, ['body', 'address', 'country'], { required: true });
	if (country !== undefined && !/^[A-Z]{2}$/.test(country)) c.add(issue.regex(['body', 'address', 'country'], '^[A-Z]{2}$'));
	const st = c.str(address, ['body', 'address', 'state'], { required: true });
	if (st !== undefined && country === 'US' && !STATE_CODES.has(st)) c.add({ loc: ['body', 'address', 'state'], msg: 'invalid state code', type: 'value_error' });
	const wireInstructions = c.str(body, ['body', 'wire_instructions']);
	const name = objectAt(c, body, ['body', 'counterparty_name']);
	const nameType = c.str(name, ['body', 'counterparty_name', 'type'], { required: true });
	let display = '';
	if (nameType === 'business') display = c.str(name, ['body', 'counterparty_name', 'business_name'], { required: true, min: 1 }) ?? '';
	else if (nameType === 'individual') {
		const first = c.str(name, ['body', 'counterparty_name', 'first_name'], { required: true, min: 1 }) ?? '';
		const last = c.str(name, ['body', 'counterparty_name', 'last_name'], { required: true, min: 1 }) ?? '';
		display = `${first} ${last}`;
	} else if (nameType !== undefined) c.add(issue.enum(['body', 'counterparty_name', 'type'], ['business', 'individual']));
	c.done();
	if (!state.customer(customerId)) throw notFound('Customer');

	const same = Object.values(state.data.counterparties).find(
		(cp) => cp.customerId === customerId && cp.type === 'WIRE' && cp.side.routing_number === routing && cp.side.account_number === identifier,
	);
	if (same && a.counterpartyDuplicate === 'conflict') throw new ApiError(409, 'counterparty already exists');

	const now = Date.now();
	const outcome = verificationOutcome(ctx, display);
	const rec: CounterpartyRecord = {
		id: randomUUID(),
		customerId,
		type: 'WIRE',
		side: {
			time_created: now,
			verification_type: 'SUPPORTING_DOCUMENTS',
			status: 'IN_PROGRESS',
			account_number: identifier as string,
			routing_number: routing as string,
			name_on_account: display,
			account_type: 'CHECKING',
			institution_name: 'SANDBOX BANK',
		},
		verification: { decideAt: now + a.counterpartyVerifyAfterMs, outcome },
		created: { address, counterparty_name: name, ...(wireInstructions ? { wire_instructions: wireInstructions } : {}) },
	};
	progressVerification(rec, now);
	state.data.counterparties[rec.id] = rec;
	state.changed();
	return reply.code(201).send(counterpartyView(rec, a.counterpartyAccountNumbers));
}

function setVerification(ctx: SandboxContext, req: FastifyRequest) {
	const id = (req.params as { id: string }).id;
	const status = (req.body as { status?: string } | undefined)?.status;
	const cp = ctx.state.data.counterparties[id];
	if (!cp) throw notFound('Counterparty');
	if (status !== 'VERIFIED' && status !== 'FAILED' && status !== 'IN_PROGRESS') throw new ApiError(422, 'status must be VERIFIED, FAILED or IN_PROGRESS');
	cp.side.status = status;
	delete cp.verification;
	ctx.state.changed();
	return counterpartyView(cp);
}

function returnAchById(ctx: SandboxContext, req: FastifyRequest) {
	const id = (req.params as { id: string }).id;
	const rec = ctx.state.data.achOriginations[id];
	if (!rec) throw notFound('ACH origination');
	if (rec.status !== 'PROCESSED') throw new ApiError(409, `ACH ${id} is ${rec.status}: only a PROCESSED ACH can be returned`);
	returnAch(ctx, rec);
	return { returned: id, status: rec.status };
}

/** Signed routes (registered behind the guard). */
export function registerPayeeRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.post('/api/v2/customers/:customer_id/counterparties/', (req, reply) => createCounterparty(ctx, req, reply));
}

/** Admin routes (no auth, like the others under /_sandbox/). */
export function registerPayeeAdminRoutes(app: FastifyInstance, ctx: SandboxContext): void {
	app.post('/_sandbox/counterparties/:id/verification', async (req) => setVerification(ctx, req));
	app.post('/_sandbox/ach/:id/return', async (req) => returnAchById(ctx, req));
}
