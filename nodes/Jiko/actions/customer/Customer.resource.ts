import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = { get: get.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['customer'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a customer',
				description: 'Get an individual or business customer with its status and contact details',
			},
		],
		default: 'get',
	},
	...get.description,
];
