import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The Partner API's webhook event types (GET /api/v1/events/types/). The list is static in
 * Jiko's docs, so the Events field offers it without a request; a type added later by Jiko
 * can still be given through an expression.
 */
export const EVENT_TYPES: readonly string[] = [
	'application.approved',
	'application.documents_needed',
	'application.manual_review',
	'application.rejected',
	'card.status.closed',
	'card.status.frozen',
	'card.status.locked',
	'card.status.open',
	'card.transaction.approved',
	'card.transaction.on_hold',
	'card.transaction.rejected',
	'card.transaction.reversed',
	'transfers.ach.in.rejected',
	'transfers.ach.in.success',
	'transfers.ach.out.rejected',
	'transfers.ach.out.sent',
	'transfers.ach.out.success',
	'transfers.on-us.processing',
	'transfers.on-us.rejected',
	'transfers.on-us.success',
	'transfers.wire.out.processing',
	'transfers.wire.out.rejected',
	'transfers.wire.out.success',
];

export const EVENT_TYPE_OPTIONS: INodePropertyOptions[] = EVENT_TYPES.map((event) => ({
	name: event,
	value: event,
}));
