import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { customerIdField, uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['customer'], operation: ['get'] } },
	[customerIdField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const customer = await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.customer(customerId),
		what: `get customer ${customerId}`,
		itemIndex,
	});
	// Jiko's customer schemas carry no id; keep it on the item so later nodes can use it.
	return { id: customerId, ...customer };
}

export const operation: JikoOperation = { description, execute };
