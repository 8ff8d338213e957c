import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import type { JikoResult } from '../transport';
import type { Payment, RailSpec } from './rail';

/*
 * The errors of a money create that did not end cleanly. Each says whether money may have moved,
 * where a person checks, and which re-run is safe: for items without a Business Key only the
 * execution's Retry is (a new run of the workflow would pay the items that went out again).
 */

/** No path this Jiko has proven can say whether the payment was made: nothing is sent. */
export function blindLookup(context: IExecuteFunctions, rail: RailSpec, payment: Payment, why: string): NodeOperationError {
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
export function nextStep(payment: Payment): string {
	return payment.businessKey !== null
		? 'Fix the cause, then run this item again with the same Business Key: what was already paid is found, not paid again.'
		: "Fix the cause, then retry this execution (n8n's Retry): the items that already moved money are found, not paid again. Running the workflow anew would pay them again — give the node a Business Key to make that safe too.";
}

/** Jiko may have the payment (a lost answer, a "repeated request") but no look-up shows it. */
export function notConfirmed(
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
