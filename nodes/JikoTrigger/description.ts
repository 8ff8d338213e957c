import { NodeConnectionTypes, type INodeProperties, type INodeTypeDescription } from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../../core/credential';
import { EVENT_TYPE_OPTIONS } from '../../core/eventTypes';

/** What the Jiko Trigger (webhook) and the Jiko Poll Trigger declare alike: both start a
 * workflow with Jiko events of the chosen types. (Icon and subtitle stay literal in each node:
 * n8n's community lint reads them there.) */
export const triggerBase = {
	group: ['trigger'],
	version: 1,
	inputs: [],
	outputs: [NodeConnectionTypes.Main],
	credentials: [{ name: CREDENTIAL_NAME, required: true }],
} satisfies Partial<INodeTypeDescription>;

/** The event types a trigger starts the workflow with. */
export function eventsField(description: string): INodeProperties {
	return {
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: [],
		options: EVENT_TYPE_OPTIONS,
		description,
	};
}
