import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	compactQuery,
	isoInstant,
	limitField,
	listLimit,
	returnAllField,
	scopeFields,
	TRANSACTION_TYPES,
	uuidParameter,
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
				{
					displayName: 'Order',
					name: 'order',
					type: 'options',
					default: 'desc',
					options: [
						{ name: 'Newest First', value: 'desc' },
						{ name: 'Oldest First', value: 'asc' },
					],
					description: 'Sort order by timestamp',
				},
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
	const scope = this.getNodeParameter('scope', itemIndex) as 'customer' | 'pocket';
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const query: IDataObject = compactQuery({
		order: filters.order,
		'filter[types]': filters.types,
		'filter[card]': filters.card?.trim(),
		'filter[portal]': filters.portal?.trim(),
		timestamp_from: isoInstant(this, 'Filters → From', filters.timestampFrom, itemIndex),
		timestamp_to: isoInstant(this, 'Filters → To', filters.timestampTo, itemIndex),
	});
	let path: string;
	let what: string;
	if (scope === 'pocket') {
		const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
		path = `/api/v1/jiko-accounts/${pocketId}/transactions/`;
		what = `list the transactions of pocket ${pocketId}`;
	} else {
		const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
		path = `/api/v1/customers/${customerId}/transactions/`;
		what = `list the transactions of customer ${customerId}`;
		const pockets = (filters.pockets ?? '')
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean);
		if (pockets.length) query['account[]'] = pockets;
	}
	return await jikoCursorList.call(this, path, query, listLimit(this, itemIndex), what, itemIndex);
}

export const operation: JikoOperation = { description, execute };
