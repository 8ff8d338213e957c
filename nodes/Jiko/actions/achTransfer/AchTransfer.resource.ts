import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = {
	create: create.operation,
	get: get.operation,
	getMany: getMany.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['achTransfer'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				action: 'Create an ACH transfer that moves money and is refused to AI agents unless the credential allows them',
				description: 'Pull money into a pocket or pay out to a verified counterparty by ACH, exactly once',
			},
			{ name: 'Get', value: 'get', action: 'Get an ACH transfer', description: 'Get one ACH origination' },
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many ACH transfers',
				description: "List a pocket's ACH originations",
			},
		],
		default: 'create',
	},
	...create.description,
	...get.description,
	...getMany.description,
];
