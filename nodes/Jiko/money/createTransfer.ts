import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../../core/amount';
import { CREDENTIAL_NAME } from '../../../core/credential';
import { ENVIRONMENT_LABELS, jikoEnvironment } from '../../../core/environment';
import { jikoSend, type JikoResult } from '../transport';
import { blindLookup, nextStep, notConfirmed } from './createMessages';
import { readBusinessKey, readCreateOptions } from './fields';
import { finish } from './finalStatus';
import { executionAudit, guardMoneyMovement } from './guard';
import { attemptTransferId, canonicalTerms, deriveTransferId, requestKey, runTransferId } from './ids';
import { executionMemory, type ExecutionMemory } from './memory';
import { patiently } from './patience';
import type { LookupResult, Payment, RailSpec } from './rail';
import { attemptsOf, nodeRun, refusalsOf } from './runRecords';
import { assertFoundIsThisPayment, assertSamePayment } from './samePayment';

/*
 * The flow of a money create, the same on every rail. Its parts: runRecords (what this node run
 * keeps for its re-runs), samePayment (the conflict check), createMessages (the errors),
 * finalStatus (Wait for Final Status and the output item); each rail (rails/) brings its fields,
 * body and look-ups as a RailSpec.
 */

/**
 * A money-moving create, the same on every rail.
 * 1. Dry Run returns the exact request and the verdict of the credential's money rules.
 * 2. A payment already sent in this execution, or already in Jiko (with a Business Key, or when
 *    n8n re-runs a node that sent it), is returned as `existing` — after checking it is the same
 *    payment (a key names one payment).
 * 3. The credential's money rules, then one send under the payment's own request key: the
 *    transport resends the same bytes with the same key after a lost answer.
 * 4. Anything but a clean answer is resolved by looking the transfer up (patiently: look-ups
 *    may lag); if it cannot be found, the item fails closed and nothing is sent again.
 * A payment that Jiko refused moved no money: sending it again is a new action with a new
 * request key; one that Jiko rejected (and keeps) is tried again under an id of its own.
 */
export async function createTransfer(this: IExecuteFunctions, rail: RailSpec, itemIndex: number): Promise<IDataObject> {
	const options = readCreateOptions(this, itemIndex);
	const businessKey = readBusinessKey(this, itemIndex);
	const run = nodeRun(this);
	const baseId =
		businessKey !== null ? deriveTransferId(rail.rail, businessKey) : runTransferId(rail.rail, run.seed(), itemIndex);
	const environment = ENVIRONMENT_LABELS[jikoEnvironment(await this.getCredentials(CREDENTIAL_NAME))];
	const prepare = async (attempt: number): Promise<Payment> => {
		const clientId = attemptTransferId(baseId, attempt);
		const draft = await rail.build(this, itemIndex, clientId);
		const bodyText = JSON.stringify(draft.body);
		const refused = refusalsOf(this)[clientId] ?? 0;
		const laterAttempts = Array.from({ length: LATER_ATTEMPTS }, (_, step) => ({ attempt: attempt + 1 + step, clientId: attemptTransferId(baseId, attempt + 1 + step) }));
		return {
			...draft,
			rail: rail.rail,
			idName: rail.idName,
			clientId,
			businessKey,
			itemIndex,
			bodyText,
			requestKey: requestKey(clientId, canonicalTerms({ ...draft.terms }), refused),
			laterAttempts,
		};
	};
	const audit = (payment: Payment): IDataObject => {
		const cents = payment.terms.amountCents;
		return {
			environment,
			business_key: businessKey,
			...payment.ids,
			...(cents === undefined
				? { requested_amount_cents: null, requested_amount: 'FULL_WITHDRAWAL' }
				: { requested_amount_cents: cents, requested_amount: formatCents(cents) }),
			idempotency_key: payment.requestKey,
			...executionAudit(this),
		};
	};

	if (options.dryRun) {
		const payment = await prepare(attemptsOf(this)[baseId] ?? 0);
		const cents = payment.terms.amountCents;
		const verdict = await guardMoneyMovement(this, { rail: rail.rail, cents, itemIndex, dryRun: true });
		return {
			dry_run: true,
			...audit(payment),
			request: { method: 'POST', path: payment.path, body: payment.body },
			would_be_allowed: verdict.allowed,
			...(verdict.allowed ? {} : { refusal: verdict.refusal }),
		};
	}

	// One payment per id in this execution: the first item to claim it sends; a later one (the
	// same Business Key twice, or n8n re-running the node) gets that item's transfer.
	const memory = executionMemory(this);
	const payments = memory.get('payments', () => new Map<string, Promise<Sent>>());
	const earlier = payments.get(baseId);
	if (earlier) {
		const settled = await earlier.catch(() => undefined);
		if (settled) {
			const payment = await prepare(settled.attempt);
			assertSamePayment(this, rail, payment, settled.payment.terms);
			// What the first item could not prove about the payee holds for this one too.
			const { payee_checked, payee_notice } = settled.report;
			const payee = payee_checked === undefined ? {} : { payee_checked, ...(payee_notice ? { payee_notice } : {}) };
			return await finish(this, rail, payment, settled.transfer, 'existing', options, { ...audit(payment), look_up: { result: 'found', path: 'this execution sent it' }, ...payee });
		}
	}
	const attempt = sendOnce(this, rail, baseId, prepare, memory, run.sentItems(rail));
	attempt.catch(() => undefined); // a failed attempt is this item's error, reported below
	payments.set(baseId, attempt);
	const sent = await attempt;
	return await finish(this, rail, sent.payment, sent.transfer, sent.outcome, options, { ...audit(sent.payment), ...sent.report });
}

/** Later attempts a look-up watches for (each one means Jiko rejected every attempt before it). */
const LATER_ATTEMPTS = 10;

interface Sent {
	payment: Payment;
	attempt: number;
	transfer: IDataObject;
	outcome: 'created' | 'existing';
	/** Which path found or cleared the transfer before the send, and what the self-check saw. */
	report: IDataObject;
}

async function sendOnce(
	context: IExecuteFunctions,
	rail: RailSpec,
	baseId: string,
	prepare: (attempt: number) => Promise<Payment>,
	memory: ExecutionMemory,
	sent: number[],
): Promise<Sent> {
	const attempts = attemptsOf(context);
	let attempt = attempts[baseId] ?? 0;
	let payment = await prepare(attempt);
	const { itemIndex } = payment;
	const report: IDataObject = {};
	const done = (transfer: IDataObject, outcome: Sent['outcome']): Sent => ({ payment, attempt, transfer, outcome, report });

	// Look first where an earlier run may have paid: a Business Key (any run, any day), or an
	// item this node run already sent before n8n re-ran it (Retry On Fail, a retried execution —
	// possibly hours later, when Jiko no longer remembers the request key).
	if (payment.businessKey !== null || sent.includes(itemIndex)) {
		for (;;) {
			const look = await rail.lookup(context, payment, memory, false);
			if (look.attempt !== undefined && look.attempt > attempt) {
				// This attempt shows nowhere the look-up read (an ACH that Jiko rejected has no
				// transaction), but a later attempt at the same payment does: a run saw this one
				// rejected and went on. Trusting the "not found" would send this attempt again.
				attempts[baseId] = attempt = look.attempt;
				payment = await prepare(attempt);
			}
			report.look_up = { result: look.transfer ? 'found' : 'not found', path: look.path, ...(attempt > 0 ? { attempt } : {}) };
			const found = look.transfer;
			if (!found) {
				if (look.blind) throw blindLookup(context, rail, payment, look.blind);
				break;
			}
			if (!rail.failedFinally(found)) {
				Object.assign(report, await assertFoundIsThisPayment(context, rail, payment, found, memory));
				return done(found, 'existing');
			}
			// Jiko rejected that attempt (no money moved): this one is the next.
			attempts[baseId] = ++attempt;
			payment = await prepare(attempt);
		}
	}
	if (!sent.includes(itemIndex)) sent.push(itemIndex);

	const cents = payment.terms.amountCents;
	const verdict = await guardMoneyMovement(context, { rail: rail.rail, cents, itemIndex, dryRun: false });
	if (!verdict.allowed) throw new NodeOperationError(context.getNode(), verdict.refusal, { itemIndex });
	// A rail's checks before the send may refuse it: then nothing moved and the money rules'
	// count is given back.
	const before = rail.beforeSend ? rail.beforeSend(context, payment, memory) : Promise.resolve(undefined);
	before.catch(() => verdict.release());
	const release = await before;
	try {
		const sentNow = await sendAndResolve(context, rail, payment, memory, verdict.headers, () => verdict.release());
		if (sentNow.confirmedBy) report.look_up = { result: 'found', path: sentNow.confirmedBy, after: 'an uncertain answer to the create' };
		Object.assign(report, sentNow.payee);
		if (sentNow.outcome === 'created') {
			const checked = await rail.selfCheck(context, payment, sentNow.transfer, memory);
			report.self_check = checked.check;
			if (checked.transfer) sentNow.transfer = checked.transfer;
		}
		if (rail.failedFinally(sentNow.transfer)) {
			// Jiko took the request and rejected it at once (an on-us transfer without the funds): no
			// money moved and the item has failed. Jiko keeps the rejected transfer under its id, so
			// the next attempt at this payment gets an id of its own.
			verdict.release();
			attempts[baseId] = attempt + 1;
			const reason = String(sentNow.transfer.reason ?? sentNow.transfer.status);
			throw new NodeOperationError(
				context.getNode(),
				`Jiko rejected the ${rail.noun} of item ${itemIndex} (${payment.idName} ${payment.clientId}): ${reason} (${reason.toLowerCase().replace(/_/g, ' ')}). No money moved.`,
				{ itemIndex, description: nextStep(payment) },
			);
		}
		return done(sentNow.transfer, sentNow.outcome);
	} finally {
		release?.();
	}
}

/** One send under the payment's request key, and what Jiko's answer means. */
async function sendAndResolve(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	memory: ExecutionMemory,
	headers: IDataObject,
	releaseVerdict: () => void,
): Promise<{ transfer: IDataObject; outcome: Sent['outcome']; confirmedBy?: string; payee?: IDataObject }> {
	const { itemIndex } = payment;
	const result = (await jikoSend.call(context, {
		method: 'POST',
		path: payment.path,
		body: payment.body,
		// Every message about this send names the item and the transfer.
		what: `${payment.what} (item ${itemIndex}, ${payment.idName} ${payment.clientId})`,
		itemIndex,
		idempotencyKey: payment.requestKey,
		headers,
	})) as JikoResult<unknown>;
	if (result.ok) {
		const transfer = rail.created ? await rail.created(context, payment, result.body, memory) : ((result.body ?? {}) as IDataObject);
		return { transfer, outcome: 'created' };
	}
	if (result.ambiguousAttempts === 0 && !mayMeanRepeated(result)) {
		// Jiko refused it cleanly (or it never left): nothing moved and nothing is kept at Jiko,
		// so the same transfer may be sent again later — as a new action, with a new key.
		releaseVerdict();
		const refusals = refusalsOf(context);
		refusals[payment.clientId] = (refusals[payment.clientId] ?? 0) + 1;
		result.error.description = `Nothing was changed in Jiko. ${nextStep(payment)}`;
		throw result.error;
	}
	// Jiko may have it: its answer says or may mean "repeated request", or no answer came back.
	const confirmed = await confirm(context, rail, payment, memory);
	if (!confirmed?.transfer) throw notConfirmed(context, rail, payment, result);
	const transfer = confirmed.transfer;
	const outcome: Sent['outcome'] = result.ambiguousAttempts > 0 ? 'created' : 'existing';
	// An earlier run's transfer moved its money then, not in this execution.
	if (outcome === 'existing') releaseVerdict();
	const payee = await assertFoundIsThisPayment(context, rail, payment, transfer, memory, true);
	return { transfer, outcome, confirmedBy: confirmed.path, payee };
}

/** 409 and other refusals that are neither validation nor auth nor rate limit may be Jiko's
 * answer to a request key it has seen: Jiko does not document that answer. */
function mayMeanRepeated(result: Extract<JikoResult<unknown>, { ok: false }>): boolean {
	const status = result.failure.status;
	if (status === undefined || status < 400 || status >= 500) return false;
	if ([401, 403, 429].includes(status)) return false;
	if (status === 404 || status === 422) return /repeat|idempot|already|duplicate/i.test(JSON.stringify(result.failure.data ?? ''));
	return true;
}

async function confirm(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	memory: ExecutionMemory,
): Promise<LookupResult | undefined> {
	return await patiently(async () => {
		const look = await rail.lookup(context, payment, memory, true);
		return look.transfer ? look : undefined;
	});
}

