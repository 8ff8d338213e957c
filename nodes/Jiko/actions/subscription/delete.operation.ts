import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { subscriptionIdField } from './common';

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['delete'] } },
	[subscriptionIdField],
);

/** Jiko answers 204 with no body: the item says what was deleted. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const subscriptionId = uuidParameter(this, 'subscriptionId', 'Subscription ID', itemIndex);
	await jikoApiRequest.call(this, {
		method: 'DELETE',
		path: paths.subscription(subscriptionId),
		what: `delete webhook subscription ${subscriptionId}`,
		itemIndex,
	});
	return { deleted: true, id: subscriptionId };
}

export const operation: JikoOperation = { description, execute };
