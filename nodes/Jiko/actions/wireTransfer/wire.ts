import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jikoApiRequest, jikoCursorList, paths } from '../../transport';

/*
 * What Jiko documents about a wire: the create answers 201 with no documented body; the wire
 * shows up as a transaction of the pocket whose wire id is the one given at create (found with
 * the v2 filter[wire]), with a WIRE_FEE beside it; its outcome arrives as the events
 * transfers.wire.out.processing / success / rejected ({jiko_account_id, wire_id}). The node's
 * wire view is built from those and nothing else.
 */

/** How the node finds a wire, said once so the UI and the docs say the same thing. */
export const WIRE_LOOKUP_NOTE =
	"Jiko documents no Get Wire the node can rely on, so a wire is found as the pocket's transaction with its wire ID (Jiko's v2 transactions, filter[wire]); a rejection is read from the transfers.wire.out.rejected event.";

/** The view's status: Jiko accepted the create but shows no transaction yet; its transaction
 * is booked or settled; or Jiko sent the rejection event. */
export type WireStatus = 'ACCEPTED' | 'BOOKED' | 'SETTLED' | 'REJECTED';
export const FINAL_WIRE_STATUSES: WireStatus[] = ['SETTLED', 'REJECTED'];

function wireIdOf(transaction: IDataObject): string | undefined {
	const nested = ((transaction.details as IDataObject | undefined)?.wire_transaction ?? transaction.wire) as IDataObject | undefined;
	const id = transaction.wire_id ?? nested?.wire_id;
	return typeof id === 'string' ? id.toLowerCase() : undefined;
}

function isFee(transaction: IDataObject): boolean {
	return String(transaction.type ?? '').toUpperCase().includes('FEE');
}

function cents(amount: unknown): number | null {
	const value = (amount as IDataObject | undefined)?.value;
	return typeof value === 'number' ? Math.abs(value) : null;
}

/** The wire with this id as the pocket's transactions show it; undefined when there is none. */
export async function findWire(
	context: IExecuteFunctions,
	pocketId: string,
	wireId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const page = (await jikoApiRequest.call(context, {
		method: 'GET',
		path: paths.pocketTransactions(pocketId),
		qs: { 'filter[wire]': wireId, limit: 10 },
		what: `look for wire ${wireId} in the transactions of pocket ${pocketId}`,
		itemIndex,
	})) as { items?: IDataObject[] };
	const transactions = (page.items ?? []).filter((transaction) => wireIdOf(transaction) === wireId.toLowerCase());
	const wire = transactions.find((transaction) => !isFee(transaction));
	if (!wire) return undefined;
	const fee = transactions.find(isFee);
	return {
		object_type: 'Wire',
		wire_id: wireId,
		pocket_id: pocketId,
		status: (String(wire.status ?? '').toUpperCase() === 'SETTLED' ? 'SETTLED' : 'BOOKED') as WireStatus,
		amount_cents: cents(wire.amount),
		fee_cents: fee ? cents(fee.amount) : null,
		transaction_id: wire.transaction_id ?? wire.id ?? null,
		time_booked: wire.time_booked ?? null,
		time_settled: wire.time_settled ?? null,
		reference_number: wire.reference_number ?? null,
		counterparty_name: wire.counterparty_name ?? null,
		transactions,
	};
}

/** Whether Jiko sent transfers.wire.out.rejected for this wire after `since` (ISO time). */
export async function wireRejectedSince(
	context: IExecuteFunctions,
	wireId: string,
	since: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const events = await jikoCursorList.call(
		context,
		paths.events,
		{ after: since },
		{ returnAll: true },
		`look for the rejection event of wire ${wireId}`,
		itemIndex,
	);
	return events
		.map((event) => ((event.event ?? event) as IDataObject))
		.find(
			(event) =>
				event.event_type === 'transfers.wire.out.rejected' &&
				String((event.payload as IDataObject | undefined)?.wire_id ?? '').toLowerCase() === wireId.toLowerCase(),
		);
}
