/**
 * Webhooks: event types, past events (with delivery attempts), subscriptions CRUD, and the
 * sandbox-only trigger POST /api/v1/sandbox/webhook/ (202; deliveries run in the background).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { CARD_STATUSES, EVENT_TYPES, payloadFieldsFor } from '../events';
import { issue, notFound, type Loc } from '../http/errors';
import { cursorList, offsetList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import type { SubscriptionRecord } from '../types';
import { isUuid, normalizeUuid, parseDateTime } from '../util';
import { partnerEventView, subscriptionView } from '../views';

interface SubscriptionInput {
	events?: string[];
	url?: string;
	shared_secret?: string;
	description?: string;
	status?: 'enabled' | 'disabled';
	retry_policy?: unknown;
}

/** CreateSubscriptionRequest / UpdateSubscriptionRequest: events ≥ 1 known types, url ≤ 2083
 * and a valid http(s) URL, shared_secret ≥ 16 characters. */
function checkSubscriptionBody(c: Checker, body: Record<string, unknown>, create: boolean): SubscriptionInput {
	const out: SubscriptionInput = {};
	const ev = body.events;
	if (ev === undefined || ev === null) {
		if (create) c.add(issue.missing(['body', 'events']));
	} else if (!Array.isArray(ev)) {
		c.add(issue.list(['body', 'events']));
	} else if (ev.length < 1) {
		c.add(issue.minItems(['body', 'events'], 1));
	} else {
		const events: string[] = [];
		ev.forEach((e: unknown, i: number) => {
			if (typeof e !== 'string') c.add(issue.str(['body', 'events', i]));
			else if (!EVENT_TYPES.includes(e)) c.add(issue.enum(['body', 'events', i], EVENT_TYPES));
			else if (!events.includes(e)) events.push(e);
		});
		out.events = events;
	}
	const url = c.str(body, ['body', 'url'], { required: create, max: 2083, min: 1 });
	if (url !== undefined && url.length >= 1 && url.length <= 2083) {
		let parsed: URL | undefined;
		try {
			parsed = new URL(url);
		} catch {
			parsed = undefined;
		}
		if (!parsed || !/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) c.add(issue.url(['body', 'url']));
		else if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') c.add(issue.url(['body', 'url'], 'URL scheme not permitted', 'value_error.url.scheme'));
		else if (!parsed.hostname) c.add(issue.url(['body', 'url'], 'URL host invalid', 'value_error.url.host'));
		else out.url = url;
	}
	out.shared_secret = c.str(body, ['body', 'shared_secret'], { required: create, min: 16 });
	out.description = c.str(body, ['body', 'description']);
	if (!create && body.status !== undefined) {
		if (body.status === 'enabled' || body.status === 'disabled') out.status = body.status;
		else c.add(issue.enum(['body', 'status'], ['enabled', 'disabled']));
	}
	if (body.retry_policy !== undefined) out.retry_policy = body.retry_policy;
	return out;
}

export function registerWebhookRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	const { state } = ctx;

	// Offset list like every other: offset ≥ 0, 1 ≤ limit ≤ 100, the offset echoed.
	api.get('/api/v1/events/types/', async (req) => {
		const q = req.query as Query;
		const c = new Checker();
		const offset = c.queryInt(q, 'offset', 0, { ge: 0 }, Number.MAX_SAFE_INTEGER);
		const limit = c.queryInt(q, 'limit', 100, { ge: 1 }, 100);
		c.done();
		return offsetList(EVENT_TYPES.map((event) => ({ event, object_type: 'EventType' })), offset, limit, ctx.assumptions);
	});

	api.get('/api/v1/events/', async (req) => {
		const q = req.query as Query;
		const c = new Checker();
		const subscriptionId = c.queryUuid(q, 'subscription_id');
		const after = c.queryDateTime(q, 'after');
		const cursor = c.queryString(q, 'cursor') || undefined;
		const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
		c.done();
		// subscription_id: the events that were (attempted to be) delivered to that subscription.
		const items = Object.values(state.data.events).filter(
			(e) =>
				(after === undefined || e.timestamp > after) &&
				(subscriptionId === undefined || e.deliveryAttempts.some((d) => d.subscription_id === subscriptionId)),
		);
		return cursorList(items, (e) => [e.timestamp, e.eventId], { order: ctx.assumptions.eventsOrder, cursor, limit, view: partnerEventView, assumptions: ctx.assumptions });
	});

	api.get('/api/v1/subscriptions/', async (req) => {
		const q = req.query as Query;
		const c = new Checker();
		const cursor = c.queryString(q, 'cursor') || undefined;
		const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
		c.done();
		return cursorList(Object.values(state.data.subscriptions), (s) => [s.timeCreated, s.id], {
			order: 'desc', cursor, limit, view: subscriptionView, assumptions: ctx.assumptions,
		});
	});

	api.post('/api/v1/subscriptions/', async (req, reply) => {
		const c = new Checker();
		const body = c.bodyObject(req.body, req.jsonError);
		const input = body ? checkSubscriptionBody(c, body, true) : undefined;
		c.done();
		const now = Date.now();
		const rec: SubscriptionRecord = {
			id: randomUUID(),
			description: input?.description ?? '',
			events: input?.events ?? [],
			url: input?.url ?? '',
			sharedSecret: input?.shared_secret ?? '',
			status: 'enabled',
			retryPolicy: input?.retry_policy,
			timeCreated: now,
			updatedAt: now,
		};
		state.data.subscriptions[rec.id] = rec;
		state.changed();
		return reply.code(201).send(subscriptionView(rec));
	});

	const findSub = (c: Checker, params: unknown): (() => SubscriptionRecord) => {
		const id = c.pathUuid(params, 'subscription_id');
		return () => {
			const s = state.data.subscriptions[id];
			if (!s) throw notFound('Subscription');
			return s;
		};
	};

	api.get('/api/v1/subscriptions/:subscription_id/', async (req) => {
		const c = new Checker();
		const get = findSub(c, req.params);
		c.done();
		return subscriptionView(get());
	});

	api.patch('/api/v1/subscriptions/:subscription_id/', async (req) => {
		const c = new Checker();
		const get = findSub(c, req.params);
		const body = c.bodyObject(req.body, req.jsonError);
		const input = body ? checkSubscriptionBody(c, body, false) : undefined;
		c.done();
		const s = get();
		if (input?.events) s.events = input.events;
		if (input?.url !== undefined) s.url = input.url;
		if (input?.shared_secret !== undefined) s.sharedSecret = input.shared_secret;
		if (input?.description !== undefined) s.description = input.description;
		if (input?.status !== undefined) s.status = input.status;
		if (input?.retry_policy !== undefined) s.retryPolicy = input.retry_policy;
		s.updatedAt = Date.now();
		state.changed();
		return subscriptionView(s);
	});

	api.delete('/api/v1/subscriptions/:subscription_id/', async (req, reply) => {
		const c = new Checker();
		const get = findSub(c, req.params);
		c.done();
		delete state.data.subscriptions[get().id];
		state.changed();
		return reply.code(204).send();
	});

	// Sandbox: Trigger Webhook. Body = an event envelope (EventDetails); event_id and timestamp
	// may be omitted here and are then generated.
	api.post('/api/v1/sandbox/webhook/', async (req, reply) => {
		const c = new Checker();
		const body = c.bodyObject(req.body, req.jsonError);
		let eventType: string | undefined;
		let eventId: string | undefined;
		let timestamp: number | undefined;
		let payload: Record<string, unknown> | undefined;
		if (body) {
			eventType = c.str(body, ['body', 'event_type'], { required: true });
			if (eventType !== undefined && !EVENT_TYPES.includes(eventType)) {
				c.add(issue.enum(['body', 'event_type'], EVENT_TYPES));
				eventType = undefined;
			}
			eventId = c.uuid(body, ['body', 'event_id']);
			const ts = c.str(body, ['body', 'timestamp']);
			if (ts !== undefined) {
				timestamp = parseDateTime(ts);
				if (timestamp === undefined) c.add(issue.datetime(['body', 'timestamp']));
			}
			const p = body.payload;
			if (p === undefined || p === null) c.add(issue.missing(['body', 'payload']));
			else if (typeof p !== 'object' || Array.isArray(p)) c.add(issue.dict(['body', 'payload']));
			else {
				payload = { ...(p as Record<string, unknown>) };
				const fields = eventType ? payloadFieldsFor(eventType) : undefined;
				for (const [name, kind] of Object.entries(fields ?? {})) {
					const loc: Loc = ['body', 'payload', name];
					const v = payload[name];
					if (v === undefined || v === null) c.add(issue.missing(loc));
					else if (kind === 'uuid') {
						if (isUuid(v)) payload[name] = normalizeUuid(v);
						else c.add(issue.uuid(loc));
					} else if (kind === 'int' && (typeof v !== 'number' || !Number.isInteger(v))) c.add(issue.int(loc));
					else if (kind === 'cardStatus' && !(CARD_STATUSES as readonly unknown[]).includes(v)) c.add(issue.enum(loc, CARD_STATUSES));
				}
			}
		}
		c.done();
		ctx.webhooks.emitEvent(eventType as string, payload ?? {}, { eventId, timestamp });
		return reply.code(202).send();
	});
}
