import { NodeOperationError, type INode } from 'n8n-workflow';

import { AmountError, centsFromInteger, dollarsToCents, type AmountOptions, type AmountReason } from '../../../core/amount';

/**
 * Reads an amount parameter of item `itemIndex` (n8n's 0-based item index) into cents, or
 * throws a NodeOperationError naming the field and the item, e.g.
 * `Amount (item 3): "1.005" has more than 2 decimal places: Jiko moves whole cents (e.g. 1.01)`.
 */
export function parseAmountParameter(
	node: INode,
	field: string,
	value: unknown,
	itemIndex: number,
	inCents: boolean,
	opts?: AmountOptions,
): number {
	try {
		return inCents ? centsFromInteger(value, opts) : dollarsToCents(value, opts);
	} catch (error) {
		if (!(error instanceof AmountError)) {
			// Only a bad `opts` gets here: a bug in the node, still reported against the item.
			throw new NodeOperationError(node, error as Error, { itemIndex });
		}
		const where = `${field} (item ${itemIndex})`;
		const message = error.shown
			? `${where}: ${error.shown} ${error.problem}`
			: `${where} ${error.problem}`;
		throw new NodeOperationError(node, message, {
			itemIndex,
			description: inCents
				? 'Amounts are whole cents here ("Amount in cents" is on): 125050 means $1,250.50.'
				: 'Amounts are US dollars with up to 2 decimals, e.g. 1250.50, 1,250.50 or $1,250.50. Jiko moves whole cents; nothing is rounded.',
		});
	}
}

/** What a filter amount's refusal says instead of the wording made for money being moved. */
const FILTER_PROBLEMS: Partial<Record<AmountReason, string>> = {
	negative: 'is negative: the filter compares amounts without their sign (Direction picks money in or out)',
	too_many_decimals: 'has more than 2 decimal places: amounts are whole cents (e.g. 1.01)',
};

/**
 * Reads a filter's amount bound (dollars) into cents: 0 is a bound like any other and there is
 * no business maximum (nothing moves), so neither is refused. Errors name the field and item,
 * e.g. `Filters → Amount From (item 0): "-5" is negative: the filter compares amounts …`.
 */
export function parseAmountFilter(node: INode, field: string, value: unknown, itemIndex: number): number {
	try {
		return dollarsToCents(value, { allowZero: true, maxCents: Infinity });
	} catch (error) {
		if (!(error instanceof AmountError)) throw new NodeOperationError(node, error as Error, { itemIndex });
		const problem = FILTER_PROBLEMS[error.reason] ?? error.problem;
		throw new NodeOperationError(node, `${field} (item ${itemIndex}): ${error.shown ? `${error.shown} ` : ''}${problem}`, {
			itemIndex,
			description: "A filter amount is US dollars with up to 2 decimals (e.g. 0, 100 or 1,250.50), compared with each transaction's amount in cents, without its sign.",
		});
	}
}
