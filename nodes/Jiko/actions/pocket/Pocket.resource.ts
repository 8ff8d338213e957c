import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getBalance from './getBalance.operation';
import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = {
	get: get.operation,
	getBalance: getBalance.operation,
	getMany: getMany.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['pocket'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a pocket', description: 'Get a pocket with its portfolio' },
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the balance of a pocket',
				description: 'Total value, cash and earnings in cents and dollars',
			},
			{ name: 'Get Many', value: 'getMany', action: 'Get many pockets', description: "List a customer's pockets" },
		],
		default: 'get',
	},
	...get.description,
	...getBalance.description,
	...getMany.description,
];
