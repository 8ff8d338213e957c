import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jikoCursorList } from '../../transport';

export const wirePath = (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/wires/`;

/** How the node finds a wire, said once so the UI and the docs say the same thing. */
export const WIRE_LOOKUP_NOTE =
	"Jiko's public API has no Get Wire endpoint, so a wire is found among the pocket's WIRE transactions by the wire ID in their details (details.wire_transaction.wire_id).";

function wireIdOf(transaction: IDataObject): string | undefined {
	const details = transaction.details as IDataObject | undefined;
	const wire = details?.wire_transaction as IDataObject | undefined;
	return typeof wire?.wire_id === 'string' ? wire.wire_id.toLowerCase() : undefined;
}

/**
 * The wire with this id, as its bank transaction shows it; undefined when Jiko has none.
 * Reads every WIRE transaction page of the pocket: a re-run may look for an old wire.
 */
export async function findWire(
	context: IExecuteFunctions,
	pocketId: string,
	wireId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const transactions = await jikoCursorList.call(
		context,
		`/api/v1/jiko-accounts/${pocketId}/transactions/`,
		{ 'filter[types]': ['WIRE'] },
		{ returnAll: true },
		`look for wire ${wireId} in the transactions of pocket ${pocketId}`,
		itemIndex,
	);
	const transaction = transactions.find((candidate) => wireIdOf(candidate) === wireId.toLowerCase());
	if (!transaction) return undefined;
	return {
		wire_id: wireId,
		pocket_id: pocketId,
		status: transaction.status ?? null,
		amount: transaction.amount ?? null,
		transaction_id: transaction.id ?? null,
		timestamp: transaction.timestamp ?? null,
		wire_transaction: (transaction.details as IDataObject | undefined)?.wire_transaction ?? null,
		object_type: 'Wire',
	};
}

export const FINAL_WIRE_STATUSES = ['COMPLETED', 'REJECTED', 'FAILED', 'CANCELLED'];
