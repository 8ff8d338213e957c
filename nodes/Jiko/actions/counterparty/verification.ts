import type { IDataObject } from 'n8n-workflow';

interface RailDetails {
	status?: string;
	name_on_account?: string;
	account_number?: string;
}

/** The rail details (`ach` or `wire`) of a counterparty, whichever its type says. */
export function railDetails(counterparty: IDataObject): RailDetails {
	const type = String(counterparty.type ?? '').toLowerCase();
	const details = (counterparty[type] ?? counterparty.ach ?? counterparty.wire) as RailDetails | undefined;
	return details ?? {};
}

/**
 * Jiko moves money only to VERIFIED counterparties, and the status sits inside the rail
 * details: surface it at the top level so a workflow can filter on it without digging.
 */
export function withVerification(counterparty: IDataObject): IDataObject {
	const status = railDetails(counterparty).status ?? null;
	return { ...counterparty, verification_status: status, can_receive: status === 'VERIFIED' };
}
