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
		displayOptions: { show: { resource: ['counterparty'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a counterparty',
				description: 'Get an external account with its verification status',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many counterparties',
				description: "List a customer's external accounts (ACH and wire) with their verification status",
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
