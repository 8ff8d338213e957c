import { randomBytes } from 'crypto';
import {
	NodeApiError,
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type JsonObject,
} from 'n8n-workflow';

import { EVENT_TYPE_OPTIONS } from '../Jiko/actions/subscription/eventTypes';
import { jikoApiRequest, jikoSend } from '../Jiko/transport';
import { REMEMBERED_EVENTS, rememberEvent, verifyJikoDelivery } from './delivery';

interface TriggerState extends IDataObject {
	subscriptionId?: string;
	/** The subscription's own shared secret: generated here, never output or logged. */
	deliverySecret?: string;
	seenEventIds?: string[];
}

// Static data is saved only after a delivery is handled, so two copies of one event arriving
// together would both pass it: this process also remembers recent ids itself (bounded).
const recentlySeen: string[] = [];

export class JikoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jiko Trigger',
		name: 'jikoTrigger',
		icon: { light: 'file:../../icons/jiko.svg', dark: 'file:../../icons/jiko.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Jiko sends a webhook event (transfers, cards, applications)',
		defaults: { name: 'Jiko Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jikoApi', required: true }],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [],
				options: EVENT_TYPE_OPTIONS,
				description: 'The Jiko events to subscribe to',
			},
			{
				displayName:
					'On activation the node creates a Jiko webhook subscription for this workflow with a secret of its own, checks the signature of every delivery and ignores an event it has already seen. Deactivating deletes the subscription.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (!state.subscriptionId || !state.deliverySecret) return false;
				const found = await jikoSend.call(this, {
					method: 'GET',
					path: `/api/v1/subscriptions/${state.subscriptionId}/`,
					what: `check webhook subscription ${state.subscriptionId}`,
				});
				if (!found.ok) {
					if (found.failure.status === 404) {
						delete state.subscriptionId;
						delete state.deliverySecret;
						return false;
					}
					throw found.error;
				}
				const subscription = found.body as IDataObject;
				return subscription.url === this.getNodeWebhookUrl('default');
			},

			async create(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				const events = this.getNodeParameter('events', []) as string[];
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Events: choose at least one Jiko event to subscribe to');
				}
				// ≥32 random characters, as Jiko asks for ≥16: the delivery signature's key.
				const secret = randomBytes(32).toString('base64url');
				const subscription = await jikoApiRequest.call(this, {
					method: 'POST',
					path: '/api/v1/subscriptions/',
					body: {
						events,
						url: this.getNodeWebhookUrl('default'),
						shared_secret: secret,
						description: `n8n workflow "${this.getWorkflow().name ?? this.getWorkflow().id}"`,
					},
					what: 'create a webhook subscription',
				});
				state.subscriptionId = String(subscription.id);
				state.deliverySecret = secret;
				state.seenEventIds = [];
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (state.subscriptionId) {
					const deleted = await jikoSend.call(this, {
						method: 'DELETE',
						path: `/api/v1/subscriptions/${state.subscriptionId}/`,
						what: `delete webhook subscription ${state.subscriptionId}`,
					});
					// Already gone at Jiko is what we wanted; anything else must be seen.
					if (!deleted.ok && deleted.failure.status !== 404) throw deleted.error;
				}
				delete state.subscriptionId;
				delete state.deliverySecret;
				delete state.seenEventIds;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const state = this.getWorkflowStaticData('node') as TriggerState;
		const request = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
		const response = this.getResponseObject();
		// First the signature, over the raw bytes, before anything else is read.
		if (!verifyJikoDelivery(request.rawBody, request.headers['x-jiko-signature'], state.deliverySecret)) {
			response.status(401).json({ detail: 'Signature does not match this subscription' });
			return { noWebhookResponse: true };
		}
		let event: IDataObject;
		try {
			event = JSON.parse((request.rawBody as Buffer).toString('utf8')) as IDataObject;
		} catch (error) {
			throw new NodeApiError(this.getNode(), { message: 'Jiko delivery is not JSON' } as JsonObject, {
				message: `A signed Jiko delivery could not be parsed as JSON: ${(error as Error).message}`,
			});
		}
		const eventId = typeof event.event_id === 'string' ? event.event_id : '';
		if (!eventId) {
			response.status(400).json({ detail: 'event_id is missing' });
			return { noWebhookResponse: true };
		}
		const key = `${this.getWorkflow().id}:${this.getNode().id}:${eventId}`;
		state.seenEventIds ??= [];
		const fresh = rememberEvent(recentlySeen, key, 10 * REMEMBERED_EVENTS);
		if (!rememberEvent(state.seenEventIds, eventId) || !fresh) {
			// 2xx: Jiko must not retry a delivery that was handled.
			response.status(200).json({ detail: 'Event already received', event_id: eventId });
			return { noWebhookResponse: true };
		}
		return {
			workflowData: [
				[
					{
						json: {
							event_id: eventId,
							event_type: event.event_type ?? null,
							timestamp: event.timestamp ?? null,
							payload: (event.payload as IDataObject | undefined) ?? {},
							subscription_id: state.subscriptionId ?? null,
						},
					},
				],
			],
		};
	}
}
