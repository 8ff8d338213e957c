import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { JikoOperation, JikoResource } from './types';

/** One operation of a resource: its module and how the operation list shows it. */
export interface OperationEntry extends Omit<INodePropertyOptions, 'value'> {
	module: { operation: JikoOperation };
}

/**
 * A resource's operations and its description: the operation selector, then every operation's
 * own fields. One call per resource, so a resource file lists its operations and nothing else.
 */
export function defineResource(
	resource: string,
	defaultOperation: string,
	entries: Record<string, OperationEntry>,
): { operations: JikoResource; description: INodeProperties[] } {
	const names = Object.keys(entries);
	return {
		operations: Object.fromEntries(names.map((name) => [name, entries[name].module.operation])),
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options: names.map((name) => {
					const { name: shown, action, description } = entries[name];
					return { name: shown, value: name, action, description };
				}),
				default: defaultOperation,
			},
			...names.flatMap((name) => entries[name].module.operation.description),
		],
	};
}
