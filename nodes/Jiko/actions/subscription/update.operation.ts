import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { uuidParameter } from '../../helpers/fields';
import { jikoApiRequest } from '../../transport';
import type { JikoOperation } from '../types';
import {
	eventsValue,
	redactSecret,
		sharedSecretValue,
	subscriptionIdField,
	urlValue,
	withSecretKeptOut,
} from './common';
import { EVENT_TYPE_OPTIONS } from './eventTypes';

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
			description: 'Only the fields added here are sent to Jiko; the others keep their values',
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
					displayName: 'Status',
					name: 'status',
					type: 'options',
					default: 'enabled',
					options: [
						{ name: 'Disabled', value: 'disabled' },
						{ name: 'Enabled', value: 'enabled' },
					],
					description: 'Whether Jiko delivers events to this subscription',
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
	status?: string;
	url?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await withSecretKeptOut(this, itemIndex, 'updateFields.sharedSecret', async () => await update.call(this, itemIndex));
}

async function update(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const subscriptionId = uuidParameter(this, 'subscriptionId', 'Subscription ID', itemIndex);
	const fields = this.getNodeParameter('updateFields', itemIndex, {}) as UpdateFields;
	const body: IDataObject = {};
	if (fields.description !== undefined) body.description = String(fields.description);
	if (fields.events !== undefined) {
		body.events = eventsValue(this, 'Update Fields → Events', fields.events, itemIndex);
	}
	if (fields.url !== undefined) body.url = urlValue(this, 'Update Fields → URL', fields.url, itemIndex);
	if (fields.status !== undefined) {
		if (fields.status !== 'enabled' && fields.status !== 'disabled') {
			throw new NodeOperationError(
				this.getNode(),
				`Update Fields → Status (item ${itemIndex}): "${String(fields.status)}" is not a status — use enabled or disabled`,
				{ itemIndex },
			);
		}
		body.status = fields.status;
	}
	let secret: string | undefined;
	if (fields.sharedSecret !== undefined) {
		secret = sharedSecretValue(this, 'Update Fields → Shared Secret', fields.sharedSecret, itemIndex);
		body.shared_secret = secret;
	}
	if (Object.keys(body).length === 0) {
		throw new NodeOperationError(
			this.getNode(),
			`Update Fields (item ${itemIndex}): add at least one field to change`,
			{ itemIndex },
		);
	}
	const subscription = await jikoApiRequest.call(this, {
		method: 'PATCH',
		path: `/api/v1/subscriptions/${subscriptionId}/`,
		body,
		what: `update webhook subscription ${subscriptionId}`,
		itemIndex,
	});
	return redactSecret(subscription, secret);
}

export const operation: JikoOperation = { description, execute };
