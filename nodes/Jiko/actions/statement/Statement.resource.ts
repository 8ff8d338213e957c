import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = { getMany: getMany.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['statement'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many statements',
				description: "List a customer's bank, brokerage and tax statements with their PDF download URLs",
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
