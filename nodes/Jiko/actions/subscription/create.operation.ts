import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { jikoApiRequest } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { eventsValue, sharedSecretValue, urlValue } from './common';
import { EVENT_TYPE_OPTIONS } from '../../../../core/eventTypes';

export const description = updateDisplayOptions(
	{ show: { resource: ['subscription'], operation: ['create'] } },
	[
		{
			displayName: 'Events',
			name: 'events',
			type: 'multiOptions',
			required: true,
			options: EVENT_TYPE_OPTIONS,
			default: [],
			description: 'The event types Jiko sends to the URL (at least one)',
		},
		{
			displayName: 'URL',
			name: 'url',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. https://example.com/webhooks/jiko',
			description: 'Where Jiko POSTs each event (http or https, at most 2083 characters)',
		},
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			placeholder: 'At least 16 characters',
			description:
				'At least 16 characters. Jiko signs every delivery with it (x-jiko-signature = base64 HMAC-SHA256 of the body); the receiver needs the same value to verify. Jiko never returns it.',
		},
		{
			displayName: 'Description',
			name: 'description',
			type: 'string',
			default: '',
			placeholder: 'e.g. Incoming ACH notifications',
			description: 'A note to recognise the subscription by',
		},
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const events = eventsValue(this, 'Events', this.getNodeParameter('events', itemIndex, []), itemIndex);
	const url = urlValue(this, 'URL', this.getNodeParameter('url', itemIndex, ''), itemIndex);
	const sharedSecret = sharedSecretValue(
		this,
		'Shared Secret',
		this.getNodeParameter('sharedSecret', itemIndex, ''),
		itemIndex,
	);
	const note = String(this.getNodeParameter('description', itemIndex, '') ?? '').trim();
	const body: IDataObject = { events, url, shared_secret: sharedSecret, ...(note ? { description: note } : {}) };
	const subscription = await jikoApiRequest.call(this, {
		method: 'POST',
		path: paths.subscriptions,
		body,
		what: `create a webhook subscription for ${url}`,
		itemIndex,
	});
	// Jiko never returns the secret; should it ever echo it, it still stays out of the output.
	return subscription;
}

export const operation: JikoOperation = { description, execute, secretParameters: ['sharedSecret'] };
