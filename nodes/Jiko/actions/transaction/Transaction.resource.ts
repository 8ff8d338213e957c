import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = { get: get.operation, getMany: getMany.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['transaction'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a transaction', description: 'Get one bank transaction of a pocket' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many transactions',
				description: 'List bank transactions of a customer or a pocket, with filters',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
