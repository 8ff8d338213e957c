import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { idField, inPocketFields, readInPocket } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['get'] } },
	[
		...inPocketFields(
			idField('Transaction ID', 'transactionId', 'e.g. 9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f', 'The bank transaction to fetch (Jiko looks it up within the pocket)'),
		),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { pocketId, id: transactionId } = readInPocket(this, 'transactionId', 'Transaction ID', itemIndex);
	return await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.pocketTransaction(pocketId, transactionId),
		what: `get transaction ${transactionId} of pocket ${pocketId}`,
		itemIndex,
	});
}

export const operation: JikoOperation = { description, execute };
