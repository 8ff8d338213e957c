import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { customerIdField, limitField, listLimit, returnAllField, uuidParameter } from '../../helpers/fields';
import { jikoOffsetList } from '../../transport';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['pocket'], operation: ['getMany'] } },
	[customerIdField, returnAllField, limitField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	return await jikoOffsetList.call(
		this,
		`/api/v1/customers/${customerId}/jiko-accounts/`,
		{},
		listLimit(this, itemIndex),
		`list the pockets of customer ${customerId}`,
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
