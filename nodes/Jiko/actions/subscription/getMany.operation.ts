import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { limitField, listLimit, returnAllField } from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['getMany'] } },
	[returnAllField, limitField],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await jikoCursorList.call(
		this,
		paths.subscriptions,
		{},
		listLimit(this, itemIndex),
		'list the webhook subscriptions',
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
