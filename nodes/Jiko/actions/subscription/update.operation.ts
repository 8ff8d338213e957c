import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import {
	eventsValue,
	sharedSecretValue,
	subscriptionIdField,
	urlValue,
} from './common';
import { EVENT_TYPE_OPTIONS } from '../../../../core/eventTypes';

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['update'] } },
	[
		subscriptionIdField,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description:
				"Only the fields added here are sent to Jiko; the others keep their values. (Jiko's Partner API update takes description, events, URL and shared secret; a subscription is switched off by deleting it.).",
			options: [
				{
					displayName: 'Description',
					name: 'description',
					type: 'string',
					default: '',
					placeholder: 'e.g. Incoming ACH notifications',
					description: 'A new note to recognise the subscription by',
				},
				{
					displayName: 'Events',
					name: 'events',
					type: 'multiOptions',
					options: EVENT_TYPE_OPTIONS,
					default: [],
					description: 'The new full list of event types (replaces the current one; at least one)',
				},
				{
					displayName: 'Shared Secret',
					name: 'sharedSecret',
					type: 'string',
					typeOptions: { password: true },
					default: '',
					placeholder: 'At least 16 characters',
					description:
						'A new secret for signing deliveries (at least 16 characters). Update the receiver at the same time, or it will reject the deliveries.',
				},
				{
					displayName: 'URL',
					name: 'url',
					type: 'string',
					default: '',
					placeholder: 'e.g. https://example.com/webhooks/jiko',
					description: 'The new delivery URL (http or https, at most 2083 characters)',
				},
			],
		},
	],
);

interface UpdateFields {
	description?: string;
	events?: string[] | string;
	sharedSecret?: string;
	url?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const subscriptionId = uuidParameter(this, 'subscriptionId', 'Subscription ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as UpdateFields;
	const body: IDataObject = {};
	if (fields.description !== undefined) body.description = String(fields.description);
	if (fields.events !== undefined) {
		body.events = eventsValue(this, 'Update Fields → Events', fields.events, itemIndex);
	}
	if (fields.url !== undefined) body.url = urlValue(this, 'Update Fields → URL', fields.url, itemIndex);
	if (fields.sharedSecret !== undefined) {
		body.shared_secret = sharedSecretValue(this, 'Update Fields → Shared Secret', fields.sharedSecret, itemIndex);
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Update Fields (item ${itemIndex}): add at least one field to change`,
			{ itemIndex },
		);
	}
	const answer = await jikoApiRequest.call(this, {
		method: 'PATCH',
		path: paths.subscription(subscriptionId),
		body,
		what: `update webhook subscription ${subscriptionId}`,
		itemIndex,
	});
	// Jiko may answer with the updated subscription (200) or only accept the change (202 with no
	// body): either way, what the node outputs is what Jiko now shows, checked against the update.
	const subscription =
		answer && typeof answer === 'object' && answer.id
			? answer
			: await jikoApiRequest.call(this, {
					method: 'GET',
					path: paths.subscription(subscriptionId),
					what: `read webhook subscription ${subscriptionId} after updating it`,
					itemIndex,
				});
	const unchanged = notApplied(body, subscription);
	if (unchanged.length) {
		throw new NodeOperationError(
			this.getNode(),
			`Jiko accepted the update of webhook subscription ${subscriptionId} (item ${itemIndex}) but does not show ${unchanged.join(', ')} as sent`,
			{ itemIndex, description: 'Read the subscription with Get and update it again; nothing else was changed by the node.' },
		);
	}
	return subscription;
}

/** The updated fields (other than the secret, which Jiko never shows) that Jiko does not show. */
function notApplied(sent: IDataObject, shown: IDataObject): string[] {
	const differs: string[] = [];
	if (sent.description !== undefined && (shown.description ?? '') !== sent.description) differs.push('the description');
	if (sent.url !== undefined && shown.url !== sent.url) differs.push('the URL');
	if (Array.isArray(sent.events)) {
		const now = new Set(Array.isArray(shown.events) ? shown.events.map(String) : []);
		if (now.size !== sent.events.length || sent.events.some((event) => !now.has(String(event)))) differs.push('the events');
	}
	return differs;
}

export const operation: JikoOperation = { description, execute, secretParameters: ['updateFields.sharedSecret'] };
