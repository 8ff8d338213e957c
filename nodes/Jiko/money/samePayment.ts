import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../../core/amount';
import type { ExecutionMemory } from './memory';
import type { Payment, PaymentTerms, RailSpec } from './rail';

/*
 * The conflict check: a transfer found under a payment's id (its Business Key, or this item of
 * this run) must be that payment. Paying it "again" with other terms would be a second payment
 * hidden under the first one's name, so a difference fails the item and nothing is sent.
 */

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

function differencesOf(payment: Payment, theirs: PaymentTerms): string[] {
	const differences: string[] = [];
	for (const term of Object.keys(TERM_LABELS) as (keyof PaymentTerms)[]) {
		const mine = payment.terms[term];
		const earlier = theirs[term];
		if (mine === undefined || earlier === undefined) continue;
		if (String(mine).toLowerCase() !== String(earlier).toLowerCase()) {
			differences.push(`${TERM_LABELS[term]} ${shown(term, earlier)} (this run: ${shown(term, mine)})`);
		}
	}
	return differences;
}

function conflict(context: IExecuteFunctions, rail: RailSpec, payment: Payment, differences: string[], sent = false): NodeOperationError {
	const named =
		payment.businessKey !== null
			? `Business Key "${payment.businessKey}"`
			: `This item's ${rail.noun} (sent earlier in this execution)`;
	// Found after this run's own create got no clear answer: that create reached Jiko, so "nothing
	// was sent" would be untrue, and a person must look for a second transfer.
	const ending = sent
		? `This run's request reached Jiko without a clear answer: check ${payment.whereToCheck} for a second ${rail.noun} before paying again.`
		: 'Nothing was sent.';
	return new NodeOperationError(
		context.getNode(),
		`${named} (item ${payment.itemIndex}) already paid a different ${rail.noun}: ${differences.join('; ')}. ${ending}`,
		{
			itemIndex: payment.itemIndex,
			description: `A Business Key names one payment, so it is never paid twice — not even with other terms. For a new payment use a new Business Key; to see the earlier one, check ${payment.whereToCheck}.`,
		},
	);
}

/** One key names one payment: a transfer found under it must be this payment. */
export function assertSamePayment(context: IExecuteFunctions, rail: RailSpec, payment: Payment, theirs: PaymentTerms): void {
	const differences = differencesOf(payment, theirs);
	if (differences.length) throw conflict(context, rail, payment, differences);
}

/** A Fedwire beneficiary name line holds 35 characters: a bank may show a payee's name cut there. */
export const NAME_LINE = 35;

const normal = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Whether the name a transfer shows for its payee is one of the names of this run's
 * counterparty: equal but for case and spaces (`same`); the first 35 characters of a longer one
 * (`cut`: it agrees as far as it goes, which does not prove the payee); or neither.
 */
export function comparePayeeName(shownName: string, ours: string[]): 'same' | 'cut' | 'different' {
	const theirs = normal(shownName);
	if (theirs === '') return 'different';
	const names = ours.map(normal).filter(Boolean);
	if (names.includes(theirs)) return 'same';
	if (names.some((name) => name.length > NAME_LINE && normal(name.slice(0, NAME_LINE)) === theirs)) return 'cut';
	return 'different';
}

/**
 * The conflict check for a transfer found under this payment's id: its terms, then — where it
 * shows its payee only by name (a wire's transaction) and everything else agrees — that name
 * against this run's counterparty. Throws the conflict (nothing is sent); returns what the
 * output says of the payee.
 *
 * When the payee cannot be proven (the transfer shows no name, or a name cut short, or this
 * run's counterparty cannot be read) the transfer is still this payment's `existing` one, with
 * `payee_checked: false` and a notice — not a failed item. Nothing is sent either way, so no
 * choice here can pay twice; what it decides is whether a person is asked to look. Failing would
 * turn every legitimate re-run on such a Jiko (a retry, a second webhook delivery, tomorrow's
 * schedule) into an error, which teaches people to drop the Business Key — the one thing that
 * stops a second payment. So the item succeeds but says, in fields a workflow can branch on,
 * that the payee was not compared (`request_matches_existing` is null, not true).
 */
export async function assertFoundIsThisPayment(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	found: IDataObject,
	memory: ExecutionMemory,
	sent = false,
): Promise<IDataObject> {
	const differences = differencesOf(payment, await rail.termsOf(context, found));
	if (differences.length) throw conflict(context, rail, payment, differences, sent);
	if (!rail.payeeOf) return {};
	const payee = await rail.payeeOf(context, payment, found, memory);
	const counterparty = `counterparty ${String(payment.terms.counterpartyId)}`;
	const unproven = (why: string): IDataObject => ({
		payee_checked: false,
		payee_notice:
			`${why}, so the node could not check that ${rail.noun} ${payment.clientId} paid this run's ${counterparty}${payee.ours?.length ? ` ("${payee.ours[0]}")` : ''}. ` +
			`Its amount and pocket match${sent ? '' : ' and nothing was sent'}, but if it paid someone else, this payment has not been made: check ${payment.whereToCheck}. For a new payment use a new Business Key.`,
	});
	if (payee.shown === undefined) return unproven(`Jiko shows no payee name on ${rail.noun} ${payment.clientId}`);
	if (!payee.ours?.length) return unproven(payee.unreadable ?? `Jiko shows no name for this run's ${counterparty}`);
	const verdict = comparePayeeName(payee.shown, payee.ours);
	if (verdict === 'same') return { payee_checked: true };
	if (verdict === 'cut') {
		return unproven(`Jiko shows the payee of ${rail.noun} ${payment.clientId} as "${payee.shown}", cut to ${NAME_LINE} characters: it agrees with this run's payee as far as it goes`);
	}
	throw conflict(context, rail, payment, [`payee "${payee.shown}" (this run: "${payee.ours[0]}", ${counterparty})`], sent);
}
