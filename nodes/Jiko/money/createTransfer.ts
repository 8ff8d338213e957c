import { randomUUID } from 'crypto';
import {
	NodeOperationError,
	sleep,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { ENVIRONMENT_LABELS, jikoEnvironment } from '../../../core/environment';
import { formatCents } from '../../../core/amount';
import { jikoSend, type JikoResult } from '../transport';
import { CREDENTIAL_NAME } from '../../../core/credential';
import type { JikoOperation } from '../actions/types';
import { readBusinessKey, readCreateOptions, type CreateOptions } from './fields';
import { executionAudit, guardMoneyMovement } from './guard';
import { attemptTransferId, deriveTransferId, requestKey, runTransferId } from './ids';
import { executionMemory, type ExecutionMemory } from './memory';
import { patiently } from './patience';
import type { LookupResult, Payment, PaymentTerms, RailSpec } from './rail';

export { confirmPolicy } from './patience';

/** The create operation of a rail: its fields, then the one exactly-once create. */
export function railCreateOperation(resource: string, rail: RailSpec): JikoOperation {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['create'] } }, rail.fields),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			return await createTransfer.call(this, rail, itemIndex);
		},
	};
}

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
		return { ...draft, rail: rail.rail, idName: rail.idName, clientId, businessKey, itemIndex, bodyText, requestKey: requestKey(clientId, bodyText, refused) };
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
			return await finish(this, rail, payment, settled.transfer, 'existing', options, { ...audit(payment), look_up: { result: 'found', path: 'this execution sent it' } });
		}
	}
	const attempt = sendOnce(this, rail, baseId, prepare, memory, run.sentItems(rail));
	attempt.catch(() => undefined); // a failed attempt is this item's error, reported below
	payments.set(baseId, attempt);
	const sent = await attempt;
	return await finish(this, rail, sent.payment, sent.transfer, sent.outcome, options, { ...audit(sent.payment), ...sent.report });
}

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
			report.look_up = { result: look.transfer ? 'found' : 'not found', path: look.path };
			const found = look.transfer;
			if (!found) {
				if (look.blind) throw blindLookup(context, rail, payment, look.blind);
				break;
			}
			if (!rail.failedFinally(found)) {
				assertSamePayment(context, rail, payment, await rail.termsOf(context, found));
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
): Promise<{ transfer: IDataObject; outcome: Sent['outcome']; confirmedBy?: string }> {
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
	assertSamePayment(context, rail, payment, await rail.termsOf(context, transfer));
	return { transfer, outcome, confirmedBy: confirmed.path };
}

/** No path this Jiko has proven can say whether the payment was made: nothing is sent. */
function blindLookup(context: IExecuteFunctions, rail: RailSpec, payment: Payment, why: string): NodeOperationError {
	const again =
		payment.businessKey !== null
			? 'Running it again with the same Business Key is safe: the node sends only when a look-up this Jiko has proven says the payment is not there. If Jiko shows no such payment and it must go out now, send it once by hand or without a Business Key (a new payment).'
			: "Retrying this execution is safe for the same reason; running the workflow anew would be a new payment.";
	return new NodeOperationError(
		context.getNode(),
		`Cannot tell whether the ${rail.noun} of item ${payment.itemIndex} (${payment.idName} ${payment.clientId}) was already made: ${why}. Nothing was sent.`,
		{
			itemIndex: payment.itemIndex,
			description: `Check ${payment.whereToCheck}. ${again} npm run conformance shows how this Jiko answers the look-ups the node relies on.`,
		},
	);
}

/** What to do after Jiko refused or rejected a payment: never "run the workflow again" for
 * items without a Business Key (a new run would pay again the items that moved money). */
function nextStep(payment: Payment): string {
	return payment.businessKey !== null
		? 'Fix the cause, then run this item again with the same Business Key: what was already paid is found, not paid again.'
		: "Fix the cause, then retry this execution (n8n's Retry): the items that already moved money are found, not paid again. Running the workflow anew would pay them again — give the node a Business Key to make that safe too.";
}

/**
 * This node run's records in the node's execution context, which n8n carries over to Retry On
 * Fail and to the retry of a failed execution (with the same run index and the same items):
 * - a seed for the ids of items without a Business Key, so those re-runs derive the same ids
 *   (a new execution starts with an empty context, i.e. new payments);
 * - per rail, the items without a Business Key that were sent, so a re-run looks them up first.
 */
function nodeRun(context: IExecuteFunctions): { seed: () => string; sentItems: (rail: RailSpec) => number[] } {
	const store = context.getContext('node') as IDataObject;
	const runIndex = String(context.getWorkflowDataProxy(0).$runIndex ?? 0);
	return {
		seed: () => {
			const seeds = (store.jikoRunSeeds ??= {}) as Record<string, string>;
			return (seeds[runIndex] ??= randomUUID());
		},
		sentItems: (rail) => {
			const sent = (store.jikoSentItems ??= {}) as Record<string, number[]>;
			return (sent[`${runIndex}:${rail.rail}`] ??= []);
		},
	};
}

/** How often Jiko cleanly refused each transfer id of this node run (a new request key each
 * time), kept in the node's execution context like the run seed. */
function refusalsOf(context: IExecuteFunctions): Record<string, number> {
	const store = context.getContext('node') as IDataObject;
	return (store.jikoRefusals ??= {}) as Record<string, number>;
}

/** Per payment, the attempt to make next after Jiko rejected earlier ones (each attempt has an
 * id of its own), kept in the node's execution context like the run seed. */
function attemptsOf(context: IExecuteFunctions): Record<string, number> {
	const store = context.getContext('node') as IDataObject;
	return (store.jikoAttempts ??= {}) as Record<string, number>;
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

const TERM_LABELS: Record<keyof PaymentTerms, string> = {
	amountCents: 'amount',
	pocketId: 'pocket',
	counterpartyId: 'counterparty',
	way: 'direction',
	toId: 'destination',
	transferType: 'transfer type',
};

function shown(term: keyof PaymentTerms, value: unknown): string {
	if (term === 'amountCents' && typeof value === 'number') return `$${formatCents(value)}`;
	if (term === 'way') return value === 'in' ? 'into the pocket' : 'out of the pocket';
	return String(value);
}

/** One key names one payment: a transfer found under it must be this payment. */
function assertSamePayment(context: IExecuteFunctions, rail: RailSpec, payment: Payment, theirs: PaymentTerms): void {
	const differences: string[] = [];
	for (const term of Object.keys(TERM_LABELS) as (keyof PaymentTerms)[]) {
		const mine = payment.terms[term];
		const earlier = theirs[term];
		if (mine === undefined || earlier === undefined) continue;
		if (String(mine).toLowerCase() !== String(earlier).toLowerCase()) {
			differences.push(`${TERM_LABELS[term]} ${shown(term, earlier)} (this run: ${shown(term, mine)})`);
		}
	}
	if (differences.length === 0) return;
	const named =
		payment.businessKey !== null
			? `Business Key "${payment.businessKey}"`
			: `This item's ${rail.noun} (sent earlier in this execution)`;
	throw new NodeOperationError(
		context.getNode(),
		`${named} (item ${payment.itemIndex}) already paid a different ${rail.noun}: ${differences.join('; ')}. Nothing was sent.`,
		{
			itemIndex: payment.itemIndex,
			description: `A Business Key names one payment, so it is never paid twice — not even with other terms. For a new payment use a new Business Key; to see the earlier one, check ${payment.whereToCheck}.`,
		},
	);
}

function notConfirmed(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	result: Extract<JikoResult<unknown>, { ok: false }>,
): NodeOperationError {
	const again =
		payment.businessKey !== null
			? `Running this item again with the same Business Key is safe: it finds the ${rail.noun} once Jiko shows it, and sends it once if Jiko has none.`
			: `Retrying this execution is safe (the node reuses the IDs it chose for it); running the workflow anew would be a new payment — give the node a Business Key to make that safe too.`;
	const status = result.failure.status;
	if (result.ambiguousAttempts === 0 && status !== undefined) {
		return new NodeOperationError(
			context.getNode(),
			`Jiko answered the ${rail.noun} of item ${payment.itemIndex} as a repeated request (HTTP ${status}: ${result.error.message}) and shows no such ${rail.noun} yet. Nothing more was sent.`,
			{
				itemIndex: payment.itemIndex,
				description: `Jiko refuses a request key it saw in the last hour: this exact payment was sent before — by an earlier attempt, another run of this workflow or an execution running now — and does not show yet. Check ${payment.whereToCheck}. ${again} If an earlier attempt was refused, Jiko accepts the same request again an hour after it.`,
			},
		);
	}
	return new NodeOperationError(
		context.getNode(),
		`Could not confirm the ${rail.noun} of item ${payment.itemIndex}: ${result.error.message}. Jiko shows no such ${rail.noun} yet, and nothing more was sent.`,
		{
			itemIndex: payment.itemIndex,
			description: `The request may have reached Jiko (the same request was sent ${result.attempts} time(s) with one key, so Jiko executes it at most once). Check ${payment.whereToCheck} before anything else. ${again}`,
		},
	);
}

async function finish(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	transfer: IDataObject,
	outcome: 'created' | 'existing',
	options: CreateOptions,
	audit: IDataObject,
): Promise<IDataObject> {
	let object = transfer;
	let final: boolean | undefined;
	if (options.waitForFinalStatus) {
		const deadline = Date.now() + Math.max(0, options.maxWaitSeconds ?? 60) * 1_000;
		const interval = Math.max(200, (options.pollIntervalSeconds ?? 2) * 1_000);
		while (!rail.isFinal(object)) {
			const left = deadline - Date.now();
			if (left <= 0) break;
			await sleep(Math.min(interval, left));
			object = await rail.refresh(context, payment, object);
		}
		final = rail.isFinal(object);
	}
	return {
		...object,
		outcome,
		...(outcome === 'existing' ? { request_matches_existing: true } : {}),
		...audit,
		...(final === undefined ? {} : { final_status_reached: final }),
	};
}
