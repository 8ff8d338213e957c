import type { INodeProperties } from 'n8n-workflow';

import * as getConfirmation from './getConfirmation.operation';
import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = {
	getConfirmation: getConfirmation.operation,
	getMany: getMany.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['trade'] } },
		options: [
			{
				name: 'Get Confirmation',
				value: 'getConfirmation',
				action: 'Get a trade confirmation',
				description: 'Get the download URL of a trade confirmation PDF (valid for 10 minutes)',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many trades',
				description: 'List T-bill trades (buys, sells, maturities) of a customer or a pocket',
			},
		],
		default: 'getMany',
	},
	...getConfirmation.description,
	...getMany.description,
];
