import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { idField, uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['onUsTransfer'], operation: ['get'] } },
	[
		idField('Transfer ID', 'transferId', 'e.g. 2f9c7e1a-3b4d-4c5e-8f6a-7b8c9d0e1f2a', 'The transfer_id of the on-us transfer (the node derives it from the Business Key when creating)'),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const transferId = uuidParameter(this, 'transferId', 'Transfer ID', itemIndex);
	return await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.onUsTransfer(transferId),
		what: `get on-us transfer ${transferId}`,
		itemIndex,
	});
}

export const operation: JikoOperation = { description, execute };
