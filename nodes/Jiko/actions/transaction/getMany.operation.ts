import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	compactQuery,
	isoInstant,
	limitField,
	listLimit,
	orderFilter,
	pocketIdList,
	returnAllField,
	scopedListPath,
	scopeFields,
	TRANSACTION_TYPES,
} from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['transaction'], operation: ['getMany'] } },
	[
		...scopeFields('transactions'),
		returnAllField,
		limitField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			description: 'Narrow the list by type, card, portal, time or pocket, and choose the order',
			default: {},
			options: [
				{
					displayName: 'Card ID',
					name: 'card',
					type: 'string',
					default: '',
					placeholder: 'e.g. 2c9d1e4f-...',
					description: 'Only transactions made with this card',
				},
				{
					displayName: 'From',
					name: 'timestampFrom',
					type: 'dateTime',
					default: '',
					description: 'Only transactions at or after this time',
				},
				orderFilter('timestamp'),
				{
					displayName: 'Pocket IDs',
					name: 'pockets',
					type: 'string',
					default: '',
					placeholder: 'e.g. 5b7e8a4c-..., 7d6c5b4a-...',
					description:
						'Customer scope only: comma-separated pocket IDs to restrict to (Jiko account[] filter)',
				},
				{
					displayName: 'Portal ID',
					name: 'portal',
					type: 'string',
					default: '',
					placeholder: 'e.g. 8a7b6c5d-...',
					description: 'Only transactions through this portal (routing/account number)',
				},
				{
					displayName: 'To',
					name: 'timestampTo',
					type: 'dateTime',
					default: '',
					description: 'Only transactions before this time',
				},
				{
					displayName: 'Types',
					name: 'types',
					type: 'multiOptions',
					options: TRANSACTION_TYPES,
					default: [],
					description: 'Only these transaction types',
				},
			],
		},
	],
);

interface Filters {
	card?: string;
	timestampFrom?: string;
	timestampTo?: string;
	order?: string;
	pockets?: string;
	portal?: string;
	types?: string[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const query: IDataObject = compactQuery({
		order: filters.order,
		'filter[types]': filters.types,
		'filter[card]': filters.card?.trim(),
		'filter[portal]': filters.portal?.trim(),
		timestamp_from: isoInstant(this, 'Filters → From', filters.timestampFrom, itemIndex),
		timestamp_to: isoInstant(this, 'Filters → To', filters.timestampTo, itemIndex),
	});
	const { scope, path, what } = scopedListPath(this, 'transactions', itemIndex);
	// Jiko filters pockets only on the customer-level list.
	if (scope === 'customer') query['account[]'] = pocketIdList(this, 'Filters → Pocket IDs', filters.pockets, itemIndex);
	return await jikoCursorList.call(this, path, query, listLimit(this, itemIndex), what, itemIndex);
}

export const operation: JikoOperation = { description, execute };
