import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatCents } from '../../helpers/amount';
import { counterpartyLocator, customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import { amountFields, businessKeyField, createOptionsField, readAmountCents } from '../../money/fields';
import type { Payment, RailSpec } from '../../money/rail';
import { paths } from '../../transport';
import { FINAL_WIRE_STATUSES, findWire, wireRejectedSince, type WireStatus } from './wire';

const fields: INodeProperties[] = [
	customerForListField,
	pocketLocator('pocketId', 'From Pocket'),
	{ ...counterpartyLocator(), description: 'The VERIFIED wire counterparty that receives the money' },
	...amountFields,
	businessKeyField,
	{
		displayName: 'Description',
		name: 'wireDescription',
		type: 'string',
		default: '',
		placeholder: 'e.g. Invoice 2026-0042',
		description: 'Shown to the receiving bank with the wire',
	},
	{
		displayName: 'Created By',
		name: 'createdBy',
		type: 'string',
		default: '',
		placeholder: 'e.g. treasury-bot',
		description: 'Who or what initiated the wire, for your audit trail',
	},
	createOptionsField,
];

// Events are read from a little before the wire was first seen: clocks differ.
const EVENT_MARGIN_MS = 5 * 60_000;

function pocketOf(payment: Payment): string {
	return String(payment.terms.pocketId);
}

/** A wire Jiko accepted (201) but shows no transaction of yet: what this run asked for. */
function accepted(payment: Payment): IDataObject {
	return {
		object_type: 'Wire',
		wire_id: payment.clientId,
		pocket_id: pocketOf(payment),
		status: 'ACCEPTED' as WireStatus,
		amount_cents: payment.terms.amountCents ?? null,
		transactions: [],
	};
}

/** The wire view, or, when Jiko shows no transaction yet, what this run asked for. */
async function current(context: IExecuteFunctions, payment: Payment, previous?: IDataObject): Promise<IDataObject> {
	const found = await findWire(context, pocketOf(payment), payment.clientId, payment.itemIndex);
	if (found?.status === 'SETTLED') return found;
	const since = new Date(Date.parse(String(previous?.checked_since ?? found?.time_booked ?? '')) || Date.now() - EVENT_MARGIN_MS);
	const rejection = await wireRejectedSince(context, payment.clientId, since.toISOString(), payment.itemIndex);
	const view: IDataObject = found ?? accepted(payment);
	return {
		...view,
		...(rejection ? { status: 'REJECTED' as WireStatus, rejection_event: rejection } : {}),
		checked_since: previous?.checked_since ?? since.toISOString(),
	};
}

export const wireRail: RailSpec = {
	rail: 'wire',
	noun: 'wire',
	fields,

	async build(context, itemIndex, wireId) {
		const pocketId = uuidParameter(context, 'pocketId', 'From Pocket', itemIndex, true);
		const counterpartyId = uuidParameter(context, 'counterpartyId', 'Counterparty', itemIndex, true);
		const cents = readAmountCents(context, itemIndex);
		const description = String(context.getNodeParameter('wireDescription', itemIndex, '') ?? '').trim();
		const createdBy = String(context.getNodeParameter('createdBy', itemIndex, '') ?? '').trim();
		return {
			path: paths.wires(pocketId),
			body: {
				counterparty_id: counterpartyId,
				amount_usdc: cents,
				wire_id: wireId,
				...(description ? { description } : {}),
				...(createdBy ? { created_by: createdBy } : {}),
			},
			what: `create a wire of ${formatCents(cents)} USD`,
			terms: { amountCents: cents, pocketId, counterpartyId },
			ids: { wire_id: wireId, counterparty_id: counterpartyId },
			whereToCheck: `the transactions of pocket ${pocketId} (a WIRE transaction with wire_id ${wireId})`,
		};
	},

	async lookup(context, payment) {
		return await findWire(context, pocketOf(payment), payment.clientId, payment.itemIndex);
	},

	async termsOf(_context, found) {
		// A wire's transaction shows its pocket and amount; its counterparty only by name.
		return {
			amountCents: typeof found.amount_cents === 'number' ? found.amount_cents : undefined,
			pocketId: found.pocket_id as string | undefined,
		};
	},

	async created(context, payment, answer) {
		// Jiko documents no body for the 201: keep whatever came, but build the output from what
		// Jiko documents (the wire's transaction), or from the request while it does not show.
		const view = (await findWire(context, pocketOf(payment), payment.clientId, payment.itemIndex)) ?? accepted(payment);
		const body = answer && typeof answer === 'object' && Object.keys(answer).length ? answer : null;
		return { ...view, create_response: body, checked_since: new Date(Date.now() - EVENT_MARGIN_MS).toISOString() };
	},

	async refresh(context, payment, previous) {
		return await current(context, payment, previous);
	},

	isFinal: (wire) => FINAL_WIRE_STATUSES.includes(String(wire.status) as WireStatus),
	failedFinally: (wire) => String(wire.status) === 'REJECTED',
};
