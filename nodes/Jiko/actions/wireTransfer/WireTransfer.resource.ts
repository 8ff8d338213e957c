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
		displayOptions: { show: { resource: ['wireTransfer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create a wire transfer that moves money and is refused to AI agents unless the credential allows them',
				description: 'Wire money from a pocket to a verified wire counterparty, exactly once',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a wire transfer',
				description: "Find a wire by its wire ID among the pocket's transactions",
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
];
