/**
 * Webhooks: event types, past events (with delivery attempts), subscriptions CRUD, and the
 * sandbox-only trigger POST /api/v1/sandbox/webhook/ (202; deliveries run in the background).
 * PATCH with `status` follows assumption subscriptionUpdateStatus (default: 422, as Jiko's
 * Partner UpdateSubscriptionRequest has no status field).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context';
import { CARD_STATUSES, EVENT_TYPES, payloadFieldsFor } from '../events';
import { issue, notFound, type Loc } from '../http/errors';
import { cursorList, cursorPage, offsetList } from '../http/pagination';
import { Checker, type Query } from '../http/validate';
import type { EventRecord, SubscriptionRecord } from '../types';
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
function checkSubscriptionBody(c: Checker, body: Record<string, unknown>, create: boolean, acceptStatus = true): SubscriptionInput {
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
		if (!acceptStatus) c.add({ loc: ['body', 'status'], msg: 'extra fields not permitted', type: 'value_error.extra' });
		else if (body.status === 'enabled' || body.status === 'disabled') out.status = body.status;
		else c.add(issue.enum(['body', 'status'], ['enabled', 'disabled']));
	}
	if (body.retry_policy !== undefined) out.retry_policy = body.retry_policy;
	return out;
}

/** An offset list like every other: offset ≥ 0, 1 ≤ limit ≤ 100, the offset echoed — or, under
 * assumption eventTypesOffset: ignore, no query parameters read at all (as documented). */
async function listEventTypes(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const ignore = ctx.assumptions.eventTypesOffset === 'ignore';
	const c = new Checker();
	const offset = ignore ? 0 : c.queryInt(q, 'offset', 0, { ge: 0 }, Number.MAX_SAFE_INTEGER);
	const limit = ignore ? 100 : c.queryInt(q, 'limit', 100, { ge: 1 }, 100);
	c.done();
	return offsetList(EVENT_TYPES.map((event) => ({ event, object_type: 'EventType' })), offset, limit, ctx.assumptions);
}

async function listEvents(ctx: SandboxContext, req: FastifyRequest) {
	ctx.state.stats.eventListReads += 1;
	const q = req.query as Query;
	const c = new Checker();
	const subscriptionId = c.queryUuid(q, 'subscription_id');
	const after = c.queryDateTime(q, 'after');
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	// after (exclusive, or inclusive under assumption eventsAfter) is a range of the event index; subscription_id: the events that were
	// (attempted to be) delivered to that subscription. Assumption eventListLagMs: an event
	// recorded less than that long ago is not listed yet.
	const lag = ctx.assumptions.eventListLagMs;
	const listedBefore = Date.now() - lag;
	const listed = (e: EventRecord) => lag === 0 || (e.recordedAt ?? 0) <= listedBefore;
	return cursorPage([ctx.state.eventIndex()], {
		order: ctx.assumptions.eventsOrder,
		cursor,
		limit,
		from: after === undefined ? undefined : Math.floor(after) + (ctx.assumptions.eventsAfter === 'inclusive' ? 0 : 1),
		match:
			subscriptionId === undefined && lag === 0
				? undefined
				: (e) => listed(e) && (subscriptionId === undefined || e.deliveryAttempts.some((d) => d.subscription_id === subscriptionId)),
		view: partnerEventView,
		assumptions: ctx.assumptions,
	});
}

async function listSubscriptions(ctx: SandboxContext, req: FastifyRequest) {
	const q = req.query as Query;
	const c = new Checker();
	const cursor = c.queryString(q, 'cursor') || undefined;
	const limit = c.queryInt(q, 'limit', 30, { gt: 0 }, 100);
	c.done();
	return cursorList(Object.values(ctx.state.data.subscriptions), (s) => [s.timeCreated, s.id], {
		order: 'desc', cursor, limit, view: subscriptionView, assumptions: ctx.assumptions,
	});
}

async function createSubscription(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
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
	ctx.state.data.subscriptions[rec.id] = rec;
	ctx.state.changed();
	return reply.code(201).send(subscriptionView(rec));
}

/** The path's subscription_id is checked with the other fields; the 404 comes after them. */
function findSubscription(ctx: SandboxContext, c: Checker, params: unknown): () => SubscriptionRecord {
	const id = c.pathUuid(params, 'subscription_id');
	return () => {
		const s = ctx.state.data.subscriptions[id];
		if (!s) throw notFound('Subscription');
		return s;
	};
}

async function getSubscription(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const get = findSubscription(ctx, c, req.params);
	c.done();
	return subscriptionView(get());
}

async function updateSubscription(ctx: SandboxContext, req: FastifyRequest) {
	const c = new Checker();
	const get = findSubscription(ctx, c, req.params);
	const body = c.bodyObject(req.body, req.jsonError);
	const input = body ? checkSubscriptionBody(c, body, false, ctx.assumptions.subscriptionUpdateStatus === 'accept') : undefined;
	c.done();
	const s = get();
	if (input?.events) s.events = input.events;
	if (input?.url !== undefined) s.url = input.url;
	if (input?.shared_secret !== undefined) s.sharedSecret = input.shared_secret;
	if (input?.description !== undefined) s.description = input.description;
	if (input?.status !== undefined) s.status = input.status;
	if (input?.retry_policy !== undefined) s.retryPolicy = input.retry_policy;
	s.updatedAt = Date.now();
	ctx.state.changed();
	return subscriptionView(s);
}

async function deleteSubscription(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
	const c = new Checker();
	const get = findSubscription(ctx, c, req.params);
	c.done();
	delete ctx.state.data.subscriptions[get().id];
	ctx.state.changed();
	return reply.code(204).send();
}

/** Sandbox: Trigger Webhook. Body = an event envelope (EventDetails); event_id and timestamp
 * may be omitted here and are then generated. */
async function triggerWebhook(ctx: SandboxContext, req: FastifyRequest, reply: FastifyReply) {
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
		payload = checkPayload(c, body.payload, eventType);
	}
	c.done();
	ctx.webhooks.emitEvent(eventType as string, payload ?? {}, { eventId, timestamp });
	return reply.code(202).send();
}

/** The payload must carry the fields of its event family (e.g. on-us: on_us_id, ...). */
function checkPayload(c: Checker, p: unknown, eventType: string | undefined): Record<string, unknown> | undefined {
	if (p === undefined || p === null) {
		c.add(issue.missing(['body', 'payload']));
		return undefined;
	}
	if (typeof p !== 'object' || Array.isArray(p)) {
		c.add(issue.dict(['body', 'payload']));
		return undefined;
	}
	const payload = { ...(p as Record<string, unknown>) };
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
	return payload;
}

export function registerWebhookRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/events/types/', (req) => listEventTypes(ctx, req));
	api.get('/api/v1/events/', (req) => listEvents(ctx, req));
	api.get('/api/v1/subscriptions/', (req) => listSubscriptions(ctx, req));
	api.post('/api/v1/subscriptions/', (req, reply) => createSubscription(ctx, req, reply));
	api.get('/api/v1/subscriptions/:subscription_id/', (req) => getSubscription(ctx, req));
	api.patch('/api/v1/subscriptions/:subscription_id/', (req) => updateSubscription(ctx, req));
	api.delete('/api/v1/subscriptions/:subscription_id/', (req, reply) => deleteSubscription(ctx, req, reply));
	api.post('/api/v1/sandbox/webhook/', (req, reply) => triggerWebhook(ctx, req, reply));
}
