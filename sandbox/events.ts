/** Jiko's webhook event types and the payload each family carries (OpenAPI EventDetails). */

type FieldKind = 'uuid' | 'int' | 'cardStatus';
const CARD_STATUSES = ['OPEN', 'LOCKED', 'CLOSED', 'NOT_ACTIVATED', 'FROZEN'] as const;

const families: { types: string[]; payload: Record<string, FieldKind> }[] = [
	{ types: ['application.approved', 'application.documents_needed', 'application.manual_review', 'application.rejected'], payload: { application_id: 'uuid' } },
	{ types: ['card.status.closed', 'card.status.frozen', 'card.status.locked', 'card.status.open'], payload: { card_id: 'uuid', status: 'cardStatus' } },
	{ types: ['card.transaction.approved', 'card.transaction.rejected', 'card.transaction.on_hold', 'card.transaction.reversed'], payload: { card_id: 'uuid', amount: 'int', account_id: 'uuid' } },
	{ types: ['transfers.ach.in.success', 'transfers.ach.in.rejected'], payload: { jiko_account_id: 'uuid' } },
	{ types: ['transfers.ach.out.success', 'transfers.ach.out.rejected', 'transfers.ach.out.sent'], payload: { jiko_account_id: 'uuid' } },
	{ types: ['transfers.wire.out.processing', 'transfers.wire.out.success', 'transfers.wire.out.rejected'], payload: { jiko_account_id: 'uuid', wire_id: 'uuid' } },
	{ types: ['transfers.on-us.processing', 'transfers.on-us.success', 'transfers.on-us.rejected'], payload: { on_us_id: 'uuid', origin_account_id: 'uuid', destination_account_id: 'uuid' } },
];

/** Every event type of the Partner API, in the order GET /api/v1/events/types/ lists them. */
export const EVENT_TYPES: readonly string[] = families.flatMap((f) => f.types);

export function payloadFieldsFor(eventType: string): Record<string, FieldKind> | undefined {
	return families.find((f) => f.types.includes(eventType))?.payload;
}
export { CARD_STATUSES };
export type { FieldKind };
