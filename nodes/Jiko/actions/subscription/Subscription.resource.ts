import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = {
	create: create.operation,
	delete: del.operation,
	get: get.operation,
	getMany: getMany.operation,
	update: update.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a webhook subscription',
				description: 'Have Jiko send events of the chosen types to a URL, signed with a shared secret',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a webhook subscription',
				description: 'Stop the deliveries of a subscription for good',
			},
			{ name: 'Get', value: 'get', action: 'Get a webhook subscription', description: 'Get one webhook subscription' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many webhook subscriptions',
				description: "List the partner's webhook subscriptions",
			},
			{
				name: 'Update',
				value: 'update',
				action: 'Update a webhook subscription',
				description: 'Change the events, URL, description, status or shared secret of a subscription',
			},
		],
		default: 'getMany',
	},
	...create.description,
	...del.description,
	...get.description,
	...getMany.description,
	...update.description,
];
