import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { idField, inPocketFields, readInPocket } from '../../helpers/fields';
import type { JikoOperation } from '../types';
import { getAch, withWay } from '../../rails/ach/rail';

export const description = updateDisplayOptions(
	{ show: { resource: ['achTransfer'], operation: ['get'] } },
	[
		...inPocketFields(
			idField('ACH Transfer ID', 'achTransferId', 'e.g. 6d5c4b3a-2f1e-4d0c-9b8a-7f6e5d4c3b2a', 'The ID Jiko gave the ACH origination'),
		),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { pocketId, id: achId } = readInPocket(this, 'achTransferId', 'ACH Transfer ID', itemIndex);
	return await withWay(this, await getAch(this, pocketId, achId, itemIndex));
}

export const operation: JikoOperation = { description, execute };
