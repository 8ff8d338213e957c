import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { findAchMarker } from '../../helpers/ids';
import { jikoApiRequest, jikoCursorList } from '../../transport';

/** ACH origination statuses after which nothing changes any more. */
export const FINAL_ACH_STATUSES = ['PROCESSED', 'FAILED', 'REJECTED', 'CANCELLED'];

export const achPath = (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/ach-originating/`;

export async function getAch(
	context: IExecuteFunctions,
	pocketId: string,
	achId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await jikoApiRequest.call(context, {
		method: 'GET',
		path: `${achPath(pocketId)}${achId}/`,
		what: `get ACH transfer ${achId} of pocket ${pocketId}`,
		itemIndex,
	});
}

/**
 * Jiko's ACH API takes no client id, so an origination is recognised by the marker this node
 * put in `payment_related_information`, with its counterparty and direction. Not by amount: one
 * Business Key pays once, even if a later run computes a different amount.
 */
export async function findAchByMarker(
	context: IExecuteFunctions,
	pocketId: string,
	match: { markerId: string; counterpartyId: string; direction: string },
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const originations = await jikoCursorList.call(
		context,
		achPath(pocketId),
		{ direction: match.direction },
		{ returnAll: true },
		`look for an earlier ACH transfer with marker ${match.markerId}`,
		itemIndex,
	);
	return originations.find(
		(ach) =>
			findAchMarker(ach.payment_related_information) === match.markerId &&
			String(ach.counterparty_id) === match.counterpartyId &&
			String(ach.direction) === match.direction,
	);
}
