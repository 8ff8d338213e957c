import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = { create: create.operation, get: get.operation };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['onUsTransfer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an on us transfer that moves money and is refused to AI agents unless the credential allows them',
				description: 'Move money between pockets inside Jiko (book transfer), exactly once',
			},
			{ name: 'Get', value: 'get', action: 'Get an on us transfer', description: 'Get an on-us transfer by its transfer ID' },
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
