import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../../core/amount';
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

/** One key names one payment: a transfer found under it must be this payment. */
export function assertSamePayment(context: IExecuteFunctions, rail: RailSpec, payment: Payment, theirs: PaymentTerms): void {
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
