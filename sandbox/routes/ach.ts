/**
 * ACH originations on a pocket:
 *   POST /api/v1/jiko-accounts/{account_id}/ach-originating/                → 200 ACHResponse (PENDING)
 *   GET  /api/v1/jiko-accounts/{account_id}/ach-originating/                → cursor list, newest first
 *   GET  /api/v1/jiko-accounts/{account_id}/ach-originating/{transfer_id}/  → ACHResponse | 404
 * DEBIT pulls money from the counterparty INTO the pocket; CREDIT pushes money OUT of it.
 * PENDING at create; PROCESSED after options.achSettleMs (or POST /_sandbox/settle), which is
 * when the ACH transaction is booked and the balance moves.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { ValidationError, issue, notFound, type ValidationIssue } from '../http/errors';
import { cursorList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import { amount } from '../money';
import { ACH_STATUSES, type AchDirection, type AchOriginationRecord, type CounterpartyRecord } from '../types';
import { isoTime } from '../util';
import { openIssue } from './onUs';

const CED_RE = /^[ a-zA-Z0-9]{1,10}$/;
const CED_PATTERN = '^[ a-zA-Z0-9]{1,10}$';

export function achView(a: AchOriginationRecord): Record<string, unknown> {
	return {
		id: a.id,
		counterparty_id: a.counterpartyId,
		direction: a.direction,
		sec_code: a.secCode,
		amount_usdc: a.amount,
		amount: amount(a.amount),
		payment_related_information: [...a.paymentRelatedInformation],
		company_entry_description: a.companyEntryDescription,
		jiko_account_id: a.accountId,
		status: a.status,
		time_created: isoTime(a.timeCreated),
		object_type: 'ACHOrigination',
	};
}

const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');

/** 422 unless the counterparty is a VERIFIED counterparty of `type` of the pocket's customer. */
export function counterpartyIssue(cp: CounterpartyRecord | undefined, customerId: string | null, type: 'ACH' | 'WIRE'): ValidationIssue | undefined {
	const loc = ['body', 'counterparty_id'];
	if (!cp || customerId === null || cp.customerId !== customerId) {
		return { loc, msg: `Counterparty not found for this pocket's customer (a ${type} counterparty of the customer that owns the pocket is required)`, type: 'value_error' };
	}
	if (cp.type !== type) return { loc, msg: `Counterparty ${cp.id} is a ${cp.type} counterparty; a ${type} counterparty is required`, type: 'value_error' };
	if (cp.side.status !== 'VERIFIED') {
		return { loc, msg: `Counterparty ${cp.id} is not verified (verification status ${cp.side.status}); money moves only to or from VERIFIED counterparties`, type: 'value_error' };
	}
	return undefined;
}

export function registerAchRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;

	function settle(a: AchOriginationRecord): void {
		if (a.status !== 'PENDING') return;
		const acc = state.account(a.accountId);
		const cp = state.data.counterparties[a.counterpartyId];
		if (!acc || acc.status !== 'OPEN' || (a.direction === 'CREDIT' && state.availableOf(acc.id) < a.amount)) {
			a.status = 'REJECTED';
			state.changed();
			ctx.webhooks.emitEvent(a.direction === 'CREDIT' ? 'transfers.ach.out.rejected' : 'transfers.ach.in.rejected', { jiko_account_id: a.accountId });
			return;
		}
		const company = (cp?.side.name_on_account ?? 'EXTERNAL ACCOUNT').toUpperCase().slice(0, 16);
		const iin = digits(9);
		const trace = `0${digits(14)}`;
		const incoming = a.direction === 'DEBIT';
		const t = state.addTransaction({
			accountId: a.accountId,
			amount: incoming ? a.amount : -a.amount,
			timestamp: Date.now(),
			status: 'COMPLETED',
			details: {
				title: `${incoming ? 'From' : 'To'} ${company} (${a.companyEntryDescription})`,
				transaction_type: 'ACH',
				sub_title: `IIN: ${iin} REF: ${trace.slice(1)}`,
				transaction_type_title: incoming ? 'ACH Electronic Credit' : 'ACH Electronic Debit',
				ach_transaction: { company_name: company, company_entry_description: a.companyEntryDescription, individual_identification_number: iin, trace_number: trace },
			},
		});
		a.transactionId = t.id;
		a.status = 'PROCESSED';
		state.changed();
		ctx.webhooks.emitEvent(incoming ? 'transfers.ach.in.success' : 'transfers.ach.out.success', { jiko_account_id: a.accountId });
	}

	api.post('/api/v1/jiko-accounts/:account_id/ach-originating/', async (req) => {
		const c = new Checker();
		const accountId = c.pathUuid(req.params, 'account_id');
		const body = c.bodyObject(req.body, req.jsonError) ?? {};
		const counterpartyId = c.uuid(body, ['body', 'counterparty_id'], true);
		const dirs = ['DEBIT', 'CREDIT'] as const;
		let direction: AchDirection | undefined;
		if (body.direction === undefined || body.direction === null) c.add(issue.missing(['body', 'direction']));
		else if (typeof body.direction !== 'string' || !(dirs as readonly string[]).includes(body.direction)) c.add(issue.enum(['body', 'direction'], dirs));
		else direction = body.direction as AchDirection;
		const codes = ['CCD', 'WEB'] as const;
		let secCode: 'CCD' | 'WEB' = 'WEB';
		if (body.sec_code !== undefined && body.sec_code !== null) {
			if (typeof body.sec_code !== 'string' || !(codes as readonly string[]).includes(body.sec_code)) c.add(issue.enum(['body', 'sec_code'], codes));
			else secCode = body.sec_code as 'CCD' | 'WEB';
		}
		const amt = c.int(body, ['body', 'amount_usdc'], true);
		if (amt !== undefined && amt <= 0) c.add(issue.gt(['body', 'amount_usdc'], 0));
		const pri: string[] = [];
		if (body.payment_related_information !== undefined && body.payment_related_information !== null) {
			if (!Array.isArray(body.payment_related_information)) c.add(issue.list(['body', 'payment_related_information']));
			else body.payment_related_information.forEach((s: unknown, i: number) => (typeof s === 'string' ? pri.push(s) : c.add(issue.str(['body', 'payment_related_information', i]))));
		}
		let ced = c.str(body, ['body', 'company_entry_description']);
		if (ced !== undefined && !CED_RE.test(ced)) c.add(issue.regex(['body', 'company_entry_description'], CED_PATTERN));
		if (ced === undefined && secCode === 'CCD') c.add({ loc: ['body', 'company_entry_description'], msg: 'company_entry_description is required for sec_code CCD', type: 'value_error' });
		c.done();
		ced ??= direction === 'DEBIT' ? 'Funding TX' : 'Release TX';

		const acc = state.account(accountId);
		if (!acc) throw notFound('Account');
		const issues: ValidationIssue[] = [];
		const cpIssue = counterpartyIssue(state.data.counterparties[counterpartyId as string], acc.customerId, 'ACH');
		if (cpIssue) issues.push(cpIssue);
		const o = openIssue(acc, ['path', 'account_id']);
		if (o) issues.push(o);
		// CREDIT (money out) beyond the available cash is refused at once (ASSUMPTIONS.md M3).
		if (!issues.length && direction === 'CREDIT' && state.availableOf(acc.id) < (amt as number)) {
			issues.push({ loc: ['body', 'amount_usdc'], msg: `Insufficient funds: the pocket has ${state.availableOf(acc.id)} cents available`, type: 'value_error' });
		}
		if (issues.length) throw new ValidationError(issues);

		const a: AchOriginationRecord = {
			id: randomUUID(),
			accountId: acc.id,
			counterpartyId: counterpartyId as string,
			direction: direction as AchDirection,
			secCode,
			amount: amt as number,
			paymentRelatedInformation: pri,
			companyEntryDescription: ced,
			status: 'PENDING',
			timeCreated: Date.now(),
			seq: state.nextSeq(),
		};
		state.data.achOriginations[a.id] = a;
		state.changed();
		if (a.direction === 'CREDIT') ctx.webhooks.emitEvent('transfers.ach.out.sent', { jiko_account_id: a.accountId });
		ctx.settler.schedule(`ach:${a.id}`, ctx.options.achSettleMs, () => settle(a));
		return achView(a);
	});

	api.get('/api/v1/jiko-accounts/:account_id/ach-originating/', async (req) => {
		const q = req.query as Query;
		const c = new Checker();
		const accountId = c.pathUuid(req.params, 'account_id');
		const statuses = c.queryEnumList(q, 'filter[status]', ACH_STATUSES);
		const direction = c.queryEnum(q, 'direction', ['DEBIT', 'CREDIT'] as const);
		const cursor = c.queryString(q, 'cursor') || undefined;
		const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
		c.done();
		if (!state.account(accountId)) throw notFound('Account');
		const items = Object.values(state.data.achOriginations).filter(
			(a) => a.accountId === accountId && (statuses.length === 0 || statuses.includes(a.status)) && (direction === undefined || a.direction === direction),
		);
		return cursorList(items, (a) => [a.seq, a.id], { order: 'desc', cursor, limit, view: achView, assumptions: ctx.assumptions });
	});

	api.get('/api/v1/jiko-accounts/:account_id/ach-originating/:transfer_id/', async (req) => {
		const c = new Checker();
		const accountId = c.pathUuid(req.params, 'account_id');
		const id = c.pathUuid(req.params, 'transfer_id');
		c.done();
		if (!state.account(accountId)) throw notFound('Account');
		const a = state.data.achOriginations[id];
		if (!a || a.accountId !== accountId) throw notFound('ACH origination');
		return achView(a);
	});
}
