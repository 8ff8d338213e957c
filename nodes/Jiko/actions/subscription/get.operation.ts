import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { subscriptionIdField } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['get'] } },
	[subscriptionIdField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const subscriptionId = uuidParameter(this, 'subscriptionId', 'Subscription ID', itemIndex);
	return await jikoApiRequest.call(this, {
		method: 'GET',
		path: paths.subscription(subscriptionId),
		what: `get webhook subscription ${subscriptionId}`,
		itemIndex,
	});
}

export const operation: JikoOperation = { description, execute };
