/**
 * Webhook delivery engine. `emitEvent` records an event and POSTs its envelope to every
 * enabled subscription listening to that type, signed the way Jiko signs deliveries
 * (x-jiko-signature = base64 HMAC-SHA256 of the raw body with the subscription's secret).
 * Deliveries run in the background — an API response never waits for them — and every
 * attempt is recorded in the event's delivery_attempts (what GET /api/v1/events/ shows).
 */
import { randomUUID } from 'node:crypto';
import axios from 'axios';
import type { Assumptions } from './assumptions';
import { deliverySignature } from './http/signature';
import type { SandboxState } from './state';
import type { EventRecord, SubscriptionRecord } from './types';
import { eventEnvelope } from './views';

export interface EmitOptions {
	eventId?: string;
	timestamp?: number;
}

export class WebhookEngine {
	private timers = new Set<NodeJS.Timeout>();
	private controllers = new Set<AbortController>();
	private pending = 0;
	private waiters: (() => void)[] = [];
	private closed = false;

	constructor(
		private readonly state: SandboxState,
		private readonly assumptions: Assumptions,
		private readonly onError: (msg: string, err?: unknown) => void = () => undefined,
	) {}

	/** Records an event and schedules its deliveries; returns at once. */
	emitEvent(eventType: string, payload: Record<string, unknown>, opts: EmitOptions = {}): EventRecord {
		const event: EventRecord = {
			eventId: opts.eventId ?? randomUUID(),
			eventType,
			timestamp: opts.timestamp ?? Date.now(),
			payload,
			deliveryAttempts: [],
			seq: this.state.nextSeq(),
			recordedAt: Date.now(),
		};
		this.state.addEvent(event);
		// The exact bytes that are signed are the bytes that are sent.
		const body = Buffer.from(JSON.stringify(eventEnvelope(event)), 'utf8');
		for (const sub of Object.values(this.state.data.subscriptions)) {
			if (sub.status === 'enabled' && sub.events.includes(eventType)) this.schedule(event, sub.id, body, 0, 0);
		}
		return event;
	}

	/** Resolves once no delivery is in flight or waiting for a retry (for tests and tools). */
	idle(): Promise<void> {
		if (this.pending === 0) return Promise.resolve();
		return new Promise((resolve) => this.waiters.push(resolve));
	}

	/** Cancels pending retries and aborts in-flight deliveries. */
	async close(): Promise<void> {
		this.closed = true;
		for (const t of this.timers) clearTimeout(t);
		this.timers.clear();
		for (const c of this.controllers) c.abort();
		await this.idle();
	}

	private schedule(event: EventRecord, subscriptionId: string, body: Buffer, attempt: number, delayMs: number): void {
		if (this.closed) return;
		this.pending += 1;
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			void this.attempt(event, subscriptionId, body, attempt).finally(() => this.release());
		}, delayMs);
		this.timers.add(timer);
	}

	private release(): void {
		this.pending -= 1;
		if (this.pending === 0) for (const w of this.waiters.splice(0)) w();
	}

	private async attempt(event: EventRecord, subscriptionId: string, body: Buffer, attempt: number): Promise<void> {
		const sub: SubscriptionRecord | undefined = this.state.data.subscriptions[subscriptionId];
		if (!sub || sub.status !== 'enabled' || this.closed) return; // deleted or disabled meanwhile
		const ctrl = new AbortController();
		this.controllers.add(ctrl);
		let code = this.assumptions.deliveryNoResponseCode;
		let message = '';
		try {
			const res = await axios.post(sub.url, body, {
				headers: {
					'content-type': 'application/json',
					'x-jiko-signature': deliverySignature(sub.sharedSecret, body),
				},
				timeout: this.assumptions.webhookTimeoutMs,
				signal: ctrl.signal,
				maxRedirects: 0,
				responseType: 'text',
				transformRequest: [(d: unknown) => d],
				validateStatus: () => true,
			});
			code = res.status;
			message = res.statusText || '';
		} catch (err: unknown) {
			const e = err as { code?: string; message?: string };
			message = e.code ?? e.message ?? 'delivery failed';
		} finally {
			this.controllers.delete(ctrl);
		}
		const success = code >= 200 && code < 300;
		this.state.stats.webhookAttempts += 1;
		// The event may have been replaced by a reset meanwhile: record on the live copy only.
		const live = this.state.data.events[event.eventId];
		if (live) {
			live.deliveryAttempts.push({
				delivery_attempt_id: randomUUID(),
				subscription_id: subscriptionId,
				success,
				response_code: code,
				response_message: message,
				called_at: Date.now(),
			});
			this.state.changed();
		}
		const delays = this.assumptions.webhookRetryDelaysMs;
		if (!success && attempt < delays.length && !this.closed) {
			this.schedule(event, subscriptionId, body, attempt + 1, delays[attempt]);
		} else if (!success) {
			this.onError(`webhook delivery of ${event.eventId} to ${sub.url} failed after ${attempt + 1} attempts (${code} ${message})`);
		}
	}
}
