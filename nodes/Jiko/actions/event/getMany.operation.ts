import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { compactQuery, isoInstant, listLimit, uuidParameter, listFields, dateFilter, textFilter } from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['event'], operation: ['getMany'] } },
	[
		...listFields('Narrow the list by subscription or time', [
			dateFilter('After', 'after', 'Only events that happened after this time'),
			textFilter('Subscription ID', 'subscriptionId', 'Only events of this webhook subscription', 'e.g. 497f6eca-6276-4993-bfeb-53cbbbba6f08'),
		]),
	],
);

interface Filters {
	after?: string;
	subscriptionId?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const subscriptionId = (filters.subscriptionId ?? '').trim()
		? uuidParameter(this, 'filters.subscriptionId', 'Filters → Subscription ID', itemIndex)
		: undefined;
	const query = compactQuery({
		subscription_id: subscriptionId,
		after: isoInstant(this, 'Filters → After', filters.after, itemIndex),
	});
	return await jikoCursorList.call(
		this,
		paths.events,
		query,
		listLimit(this, itemIndex),
		'list past webhook events',
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
