import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { jikoOffsetList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['event'], operation: ['getEventTypes'] } },
	[],
);

/** The list is short and has no filters: always every page, one item per `{event}`. */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	return await jikoOffsetList.call(
		this,
		paths.eventTypes,
		{},
		{ returnAll: true },
		'list the webhook event types',
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
