import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { counterpartyLocator, customerIdField, uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { withVerification } from './verification';

export const description = updateDisplayOptions(
	{ show: { resource: ['counterparty'], operation: ['get'] } },
	[customerIdField, counterpartyLocator()],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const counterpartyId = uuidParameter(this, 'counterpartyId', 'Counterparty', itemIndex, true);
	const counterparty = await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.counterparty(customerId, counterpartyId),
		what: `get counterparty ${counterpartyId} of customer ${customerId}`,
		itemIndex,
	});
	return withVerification(counterparty);
}

export const operation: JikoOperation = { description, execute };
