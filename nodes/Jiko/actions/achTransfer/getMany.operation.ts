import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	compactQuery,
	customerForListField,
	limitField,
	listLimit,
	pocketLocator,
	returnAllField,
	uuidParameter,
} from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import type { JikoOperation } from '../types';
import { achPath } from './ach';

export const description = updateDisplayOptions(
	{ show: { resource: ['achTransfer'], operation: ['getMany'] } },
	[
		customerForListField,
		pocketLocator(),
		returnAllField,
		limitField,
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			description: 'Narrow the list by direction or status',
			default: {},
			options: [
				{
					displayName: 'Direction',
					name: 'direction',
					type: 'options',
					default: 'CREDIT',
					description: 'Only pulls into the pocket (DEBIT) or payouts from it (CREDIT)',
					options: [
						{ name: 'Pull Into Pocket (DEBIT)', value: 'DEBIT' },
						{ name: 'Send Out of Pocket (CREDIT)', value: 'CREDIT' },
					],
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'PENDING',
					description: 'Only ACH transfers in this status',
					options: [
						{ name: 'Approved', value: 'APPROVED' },
						{ name: 'Cancelled', value: 'CANCELLED' },
						{ name: 'Failed', value: 'FAILED' },
						{ name: 'In Transit', value: 'IN_TRANSIT' },
						{ name: 'Pending', value: 'PENDING' },
						{ name: 'Processed', value: 'PROCESSED' },
						{ name: 'Rejected', value: 'REJECTED' },
					],
				},
			],
		},
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { direction?: string; status?: string };
	return await jikoCursorList.call(
		this,
		achPath(pocketId),
		compactQuery({ direction: filters.direction, 'filter[status]': filters.status }),
		listLimit(this, itemIndex),
		`list the ACH transfers of pocket ${pocketId}`,
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
