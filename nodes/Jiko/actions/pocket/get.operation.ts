import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['pocket'], operation: ['get'] } },
	[
		customerForListField,
		pocketLocator(),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	return await jikoApiRequest.call(this, {
		method: 'GET',
		path: `/api/v1/jiko-accounts/${pocketId}/`,
		what: `get pocket ${pocketId}`,
		itemIndex,
	});
}

export const operation: JikoOperation = { description, execute };
