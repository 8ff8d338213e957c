import type { INodeProperties } from 'n8n-workflow';

import * as getEventTypes from './getEventTypes.operation';
import * as getMany from './getMany.operation';
import type { JikoResource } from '../types';

export const operations: JikoResource = {
	getEventTypes: getEventTypes.operation,
	getMany: getMany.operation,
};

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['event'] } },
		options: [
			{
				name: 'Get Event Types',
				value: 'getEventTypes',
				action: 'Get the webhook event types',
				description: 'List every event type a webhook subscription can listen to',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				action: 'Get many past events',
				description: 'List past webhook events with their delivery attempts',
			},
		],
		default: 'getMany',
	},
	...getEventTypes.description,
	...getMany.description,
];
