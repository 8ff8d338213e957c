import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { idField, inPocketFields, readInPocket } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['trade'], operation: ['getConfirmation'] } },
	[
		...inPocketFields(
			idField('Trade ID', 'tradeId', 'e.g. 3c2b1a09-8f7e-4d6c-9b5a-4e3d2c1b0a9f', 'The trade (of the pocket above) whose confirmation to fetch. Jiko answers with a PDF download URL that expires after 10 minutes: download it right away, never store the URL.'),
		),
	],
);

/** Jiko answers `{url}` only: the ids are added so the item says which trade the URL is for. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { pocketId, id: tradeId } = readInPocket(this, 'tradeId', 'Trade ID', itemIndex);
	const confirmation = await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.tradeConfirmation(pocketId, tradeId),
		what: `get the confirmation of trade ${tradeId} of pocket ${pocketId}`,
		itemIndex,
	});
	return { trade_id: tradeId, pocket_id: pocketId, url: confirmation.url ?? null };
}

export const operation: JikoOperation = { description, execute };
