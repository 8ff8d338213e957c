import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { jikoSend, type JikoResult } from '../../transport';

export const ON_US_PATH = '/api/v1/transfers/on-us/';

export const FINAL_ON_US_STATUSES = ['COMPLETED', 'REJECTED'];

/**
 * How PEER_TO_PEER names its destination. Jiko's public OpenAPI (v1.29.0) predates PEER_TO_PEER
 * and its current docs do not show the shape: we send the customer's on-us counterparty as
 * `{id, type: "COUNTERPARTY"}` (the other types use `{id, type: "JIKO_ACCOUNT"}`).
 * The local sandbox states the same assumption in sandbox/ASSUMPTIONS.md.
 */
export const PEER_TO_PEER_DESTINATION_TYPE = 'COUNTERPARTY';

/** The on-us transfer with this client-chosen id, or undefined when Jiko has none (404). */
export async function findOnUsTransfer(
	context: IExecuteFunctions,
	transferId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const result = (await jikoSend.call(context, {
		method: 'GET',
		path: `${ON_US_PATH}${transferId}/`,
		what: `look up on-us transfer ${transferId}`,
		itemIndex,
	})) as JikoResult<IDataObject>;
	if (result.ok) return result.body;
	if (result.failure.status === 404) return undefined;
	throw result.error;
}
