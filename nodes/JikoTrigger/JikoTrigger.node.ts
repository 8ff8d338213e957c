import { randomBytes } from 'crypto';
import {
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { jikoApiRequest, jikoCursorList, jikoSend } from '../Jiko/transport';
import { CREDENTIAL_NAME } from '../../core/credential';
import { paths } from '../../core/paths';
import { eventsField, triggerBase } from './description';
import { claimEvent, probeReplayCheck, type ReplayCheck } from './claim';
import { isSubscriptionOf, subscriptionDescription } from './eventList';
import {
	ACCEPT_MINUTES,
	RecentClaims,
	checkAge,
	claimKey,
	deriveDeliverySecret,
	readDelivery,
	retryPolicyFor,
	secretFingerprint,
	verifyJikoDelivery,
} from './delivery';
import { optionsField } from '../Jiko/helpers/fields';
import { secretFreeError } from '../Jiko/helpers/secrets';

/** What the trigger keeps in the workflow's static data: nothing secret. */
interface TriggerState extends IDataObject {
	subscriptionId?: string;
	/** Random per activation; with the credential's Shared Secret it derives the delivery secret. */
	secretNonce?: string;
	/** One-way fingerprint of the derived secret: a changed credential secret is noticed. */
	secretFingerprint?: string;
	acceptMinutes?: number;
	duplicateCheck?: DuplicateCheck;
	/** How Jiko answered a repeated idempotency key when the trigger was activated. */
	repeated?: ReplayCheck['repeated'];
	/** Written by versions before 0.2 (the secret itself): its presence means re-subscribe, which
	 * clears every field those versions kept. */
	deliverySecret?: string;
}

type DuplicateCheck = 'jiko' | 'process';

// This process's recent claims: answers a copy without asking Jiko. Never the guarantee.
const recentClaims = new RecentClaims();
// Claims still being asked of Jiko in this process, by key: whether the event was taken (won or
// already taken) or the check failed. A copy that arrives meanwhile (Jiko resends when the first
// delivery's answer is slow) waits for it: a 200 before the check ended would tell Jiko the event
// was received although a failed check starts nothing, and Jiko would never send it again.
const claimsInFlight = new Map<string, Promise<boolean>>();

function acceptMinutesOf(context: IHookFunctions | IWebhookFunctions): number {
	const value = Number(context.getNodeParameter('acceptMinutes', ACCEPT_MINUTES.default));
	if (!Number.isFinite(value)) return ACCEPT_MINUTES.default;
	return Math.min(ACCEPT_MINUTES.max, Math.max(ACCEPT_MINUTES.min, Math.floor(value)));
}

function duplicateCheckOf(context: IHookFunctions | IWebhookFunctions): DuplicateCheck {
	const options = context.getNodeParameter('options', {}) as IDataObject;
	return options.duplicateCheck === 'process' ? 'process' : 'jiko';
}

/** The credential's Shared Secret, read once per activation step or delivery. */
async function credentialParts(context: IHookFunctions | IWebhookFunctions): Promise<{ sharedSecret: string }> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const sharedSecret = String(credentials.sharedSecret ?? '');
	if (!sharedSecret) throw new NodeOperationError(context.getNode(), 'The Jiko credential has no Shared Secret');
	return { sharedSecret };
}

function deliverySecretFor(context: IHookFunctions | IWebhookFunctions, sharedSecret: string, nonce: string): string {
	const workflowId = String(context.getWorkflow().id ?? '');
	return deriveDeliverySecret(sharedSecret, workflowId, context.getNode().id, nonce);
}

export class JikoTrigger implements INodeType {
	description: INodeTypeDescription = {
		...triggerBase,
		displayName: 'Jiko Trigger',
		name: 'jikoTrigger',
		icon: { light: 'file:../../icons/jiko.svg', dark: 'file:../../icons/jiko.dark.svg' },
		subtitle: '={{ ($parameter["events"] || []).join(", ") }}',
		description: 'Starts the workflow when Jiko sends a webhook event (transfers, cards, applications)',
		defaults: { name: 'Jiko Trigger' },
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
		properties: [
			eventsField('The Jiko events to subscribe to'),
			{
				displayName: 'Accept Events For (Minutes)',
				name: 'acceptMinutes',
				type: 'number',
				typeOptions: { minValue: ACCEPT_MINUTES.min, maxValue: ACCEPT_MINUTES.max },
				default: 50,
				description:
					"How long after Jiko created an event a delivery of it may still start the workflow (5 to 55). Older deliveries are refused, so a replay can never run again; within this window each event runs once. Jiko's retries are set to end inside it.",
			},
			{
				displayName:
					'On activation the node creates a Jiko webhook subscription for this workflow. Its signing secret is derived from the credential and never stored; every delivery is verified; each event starts the workflow once across all n8n processes and restarts (checked with Jiko), and deliveries older than Accept Events For are refused. Key any money you move by the event ID (see the example workflow).',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					optionsField('Duplicate Check', 'duplicateCheck', 'jiko', 'How the trigger makes sure one event starts the workflow once', [
						{
							name: 'All Processes (Jiko Replay Check)',
							value: 'jiko',
							description:
								"One signed read per delivery claims the event with Jiko's repeated-request check: one run per event across webhook processes, workers and restarts",
						},
						{
							name: 'This Process Only',
							value: 'process',
							description:
								'No extra request; a copy that reaches another n8n process, or arrives after a restart, runs again. Only for a Jiko whose replay check cannot be used.',
						},
					]),
				],
			},
		],
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				// A secret kept by an older version, or a missing nonce: subscribe again (create
				// deletes the old subscription).
				if (!state.subscriptionId || !state.secretNonce || state.deliverySecret !== undefined) return false;
				if (state.acceptMinutes !== acceptMinutesOf(this) || state.duplicateCheck !== duplicateCheckOf(this)) return false;
				// The claim reads only what activation measured: nothing measured, measure again.
				if (state.duplicateCheck === 'jiko' && state.repeated === undefined) return false;
				const secret = deliverySecretFor(this, (await credentialParts(this)).sharedSecret, state.secretNonce);
				if (secretFingerprint(secret) !== state.secretFingerprint) return false; // Shared Secret changed
				const found = await jikoSend.call(this, {
					method: 'GET',
					path: paths.subscription(state.subscriptionId),
					what: `check webhook subscription ${state.subscriptionId}`,
				});
				if (!found.ok) {
					if (found.failure.status === 404) {
						delete state.subscriptionId;
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
				const acceptMinutes = acceptMinutesOf(this);
				const duplicateCheck = duplicateCheckOf(this);
				const { sharedSecret } = await credentialParts(this);
				let repeated: ReplayCheck['repeated'] | undefined;
				if (duplicateCheck === 'jiko') {
					const probe = await probeReplayCheck(this);
					if (!probe.ok) {
						throw new NodeOperationError(this.getNode(), 'Jiko\'s repeated-request check cannot be used to stop duplicate runs', {
							description: `${probe.reason}. What you can have instead: (1) the Jiko Poll Trigger — it reads Jiko's event list every few minutes and, with n8n's durable poll cursors on, starts each event once, with no claim at Jiko (recommended for this Jiko); or (2) Options → Duplicate Check → "This Process Only" — instant, but a copy of an event that reaches another n8n process (queue mode) or arrives after a restart starts the workflow again; key any money moved by the event ID.`,
						});
					}
					repeated = probe.check.repeated;
				}
				// A subscription made earlier (by an older version, or with another secret) goes first.
				if (state.subscriptionId) {
					const old = await jikoSend.call(this, {
						method: 'DELETE',
						path: paths.subscription(state.subscriptionId),
						what: `delete the previous webhook subscription ${state.subscriptionId}`,
					});
					if (!old.ok && old.failure.status !== 404) throw old.error;
				}
				// A subscription Jiko made for this trigger although its answer never reached n8n (an
				// earlier activation timed out) keeps this workflow's description and this webhook URL,
				// delivers with a secret nobody holds, and would make the catch-up find two: it goes too.
				const workflowId = String(this.getWorkflow().id ?? '');
				const webhookUrl = this.getNodeWebhookUrl('default');
				const listed = await jikoCursorList.call(this, paths.subscriptions, {}, { returnAll: true }, 'list webhook subscriptions');
				for (const orphan of listed) {
					if (orphan.url !== webhookUrl || !isSubscriptionOf(orphan.description, workflowId) || orphan.id === undefined) continue;
					const gone = await jikoSend.call(this, {
						method: 'DELETE',
						path: paths.subscription(String(orphan.id)),
						what: `delete webhook subscription ${String(orphan.id)} (made by an earlier activation whose answer was lost)`,
					});
					if (!gone.ok && gone.failure.status !== 404) throw gone.error;
				}
				for (const key of Object.keys(state)) delete state[key];
				const nonce = randomBytes(32).toString('base64url');
				const secret = deliverySecretFor(this, sharedSecret, nonce);
				let subscription: IDataObject;
				try {
					subscription = await jikoApiRequest.call(this, {
						method: 'POST',
						path: paths.subscriptions,
						body: {
							events,
							url: webhookUrl,
							shared_secret: secret,
							// The workflow id lets the Jiko Poll Trigger's catch-up find this subscription.
							description: subscriptionDescription(String(this.getWorkflow().name ?? ''), workflowId),
							retry_policy: { ...retryPolicyFor(acceptMinutes) },
						},
						what: 'create a webhook subscription',
					});
				} catch (error) {
					// A refusal may echo the body it refused (FastAPI's 422 does), secret included.
					throw secretFreeError(this, error, [secret]);
				}
				state.subscriptionId = String(subscription.id);
				state.secretNonce = nonce;
				state.secretFingerprint = secretFingerprint(secret);
				state.acceptMinutes = acceptMinutes;
				state.duplicateCheck = duplicateCheck;
				if (repeated !== undefined) state.repeated = repeated;
				return true;
			},

			async delete(this: IHookFunctions): Promise<boolean> {
				const state = this.getWorkflowStaticData('node') as TriggerState;
				if (state.subscriptionId) {
					const deleted = await jikoSend.call(this, {
						method: 'DELETE',
						path: paths.subscription(state.subscriptionId),
						what: `delete webhook subscription ${state.subscriptionId}`,
					});
					// Already gone at Jiko is what we wanted; anything else must be seen.
					if (!deleted.ok && deleted.failure.status !== 404) throw deleted.error;
				}
				for (const key of Object.keys(state)) delete state[key];
				return true;
			},
		},
	};

	/**
	 * One delivery. Never throws: every refusal is an HTTP answer with its reason and one log
	 * line, and starts no execution. 2xx only for a delivery taken (or already taken); 503 when
	 * the trigger could not check it yet (Jiko retries); 400/401/422 are final.
	 */
	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
		const response = this.getResponseObject();
		const node = this.getNode();
		const answer = (status: number, detail: string, extra: IDataObject = {}): IWebhookResponseData => {
			if (status >= 300) this.logger.warn(`Jiko Trigger "${node.name}": refused a delivery (${status}): ${detail}`);
			response.status(status).json({ detail, ...extra });
			return { noWebhookResponse: true };
		};

		const state = this.getWorkflowStaticData('node') as TriggerState;
		if (!state.secretNonce || !state.subscriptionId) {
			// n8n saves the trigger's state only after every trigger of the workflow subscribed, and
			// Jiko may deliver before that: 503, so Jiko sends it again (401 would be final).
			return answer(503, 'This trigger has no subscription secret yet (n8n is still activating the workflow, or its activation failed): send it again later; if this lasts, deactivate and activate the workflow');
		}
		let secret: string;
		try {
			const parts = await credentialParts(this);
			secret = deliverySecretFor(this, parts.sharedSecret, state.secretNonce);
		} catch (error) {
			return answer(503, `The Jiko credential could not be read: ${(error as Error).message}`);
		}
		// First the signature, over the raw bytes, before anything in the body is read.
		const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : undefined;
		if (!verifyJikoDelivery(rawBody, request.headers['x-jiko-signature'], secret)) {
			return answer(401, 'Signature does not match this subscription');
		}
		const read = readDelivery(rawBody as Buffer);
		if (!read.ok) return answer(read.status, read.reason);
		const { event } = read;
		const acceptMinutes = state.acceptMinutes ?? acceptMinutesOf(this);
		const now = Date.now();
		const tooOld = checkAge(read.timestampMs, now, acceptMinutes);
		if (tooOld) return answer(tooOld.status, tooOld.reason, { event_id: event.event_id });

		const key = claimKey(String(this.getWorkflow().id ?? ''), node.id, event.event_id);
		const ttlMs = (acceptMinutes + 10) * 60_000;
		if (recentClaims.has(key, now, ttlMs)) {
			const pending = claimsInFlight.get(key);
			if (pending && !(await pending)) {
				return answer(503, `Could not check with Jiko whether event ${event.event_id} was already received; send it again later`);
			}
			// 2xx: Jiko must not retry a delivery that was handled.
			return answer(200, 'Event already received', { event_id: event.event_id });
		}
		recentClaims.add(key, now);
		if ((state.duplicateCheck ?? 'jiko') === 'jiko') {
			if (state.repeated === undefined) {
				recentClaims.delete(key);
				return answer(503, 'This trigger has not measured Jiko\'s repeated-request check yet: deactivate and activate the workflow');
			}
			let settle: (taken: boolean) => void = () => undefined;
			claimsInFlight.set(key, new Promise<boolean>((resolve) => (settle = resolve)));
			let claim: Awaited<ReturnType<typeof claimEvent>> | undefined;
			try {
				claim = await claimEvent(this, key, { repeated: state.repeated });
			} finally {
				// A failed check is forgotten before a waiting copy hears of it, so its 503 lets
				// Jiko's next copy claim again.
				if (claim?.result !== 'won' && claim?.result !== 'lost') recentClaims.delete(key);
				claimsInFlight.delete(key);
				settle(claim?.result === 'won' || claim?.result === 'lost');
			}
			if (claim.result === 'lost') return answer(200, 'Event already received', { event_id: event.event_id });
			if (claim.result === 'failed') {
				return answer(503, `Could not check with Jiko whether event ${event.event_id} was already received; send it again later (${claim.reason})`);
			}
			if (claim.note) this.logger.warn(`Jiko Trigger "${node.name}": event ${event.event_id}: ${claim.note}; running it`);
		}
		return {
			workflowData: [
				[
					{
						json: {
							event_id: event.event_id,
							event_type: event.event_type,
							timestamp: event.timestamp,
							payload: event.payload as IDataObject,
							subscription_id: state.subscriptionId,
						},
					},
				],
			],
		};
	}
}
