import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { formatCents } from '../../../../core/amount';
import { counterpartyLocator, customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import { amountFields, businessKeyField, createOptionsField, readAmountCents } from '../../money/fields';
import type { LookupResult, Payment, RailSpec } from '../../money/rail';
import { executionMemory, type ExecutionMemory } from '../../money/memory';
import { patiently } from '../../money/patience';
import { readingsOf } from '../../money/readings';
import { paths } from '../../../../core/paths';
import { FINAL_WIRE_STATUSES, WIRE_PATHS, findWire, wireRejectedSince, type WireStatus } from './lookup';
import { wirePayee } from './payee';

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

async function look(context: IExecuteFunctions, payment: Payment, memory: ExecutionMemory, fresh: boolean): Promise<LookupResult> {
	return await findWire(context, memory, await readingsOf(context), {
		pocketId: pocketOf(payment),
		wireId: payment.clientId,
		itemIndex: payment.itemIndex,
		fresh,
	});
}

/** The wire view, or, when Jiko shows no transaction yet, what this run asked for. */
async function current(context: IExecuteFunctions, payment: Payment, previous?: IDataObject): Promise<IDataObject> {
	const found = (await look(context, payment, executionMemory(context), true)).transfer;
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
	idName: 'wire_id',
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

	async lookup(context, payment, memory, fresh) {
		return await look(context, payment, memory, fresh);
	},

	async termsOf(_context, found) {
		// A wire's transaction shows its pocket and amount; its counterparty only by name, which
		// payeeOf compares.
		return {
			amountCents: typeof found.amount_cents === 'number' ? found.amount_cents : undefined,
			pocketId: found.pocket_id as string | undefined,
		};
	},

	async payeeOf(context, payment, found, memory) {
		return await wirePayee(context, payment, found, memory);
	},

	async created(_context, payment, answer) {
		// Jiko documents no body for the 201: keep whatever came; the output is built from what
		// Jiko documents (the wire's transaction, read by the self-check), or from the request
		// while it does not show.
		const body = answer && typeof answer === 'object' && Object.keys(answer).length ? answer : null;
		return { ...accepted(payment), create_response: body, checked_since: new Date(Date.now() - EVENT_MARGIN_MS).toISOString() };
	},

	async selfCheck(context, payment, transfer, memory) {
		// The wire is read the way a later run would look for it. While that path has not proven
		// itself on this Jiko, the read waits out a short visibility lag; a wire it cannot see then
		// means the path is blind, and later runs do not trust it. A failed read changes nothing:
		// Jiko took the wire (201), and the output says it could not be checked.
		const readings = await readingsOf(context);
		const proven = readings.isProven('wireFilter') || readings.isProven('wireWalk');
		let last: LookupResult | undefined;
		try {
			const reading = async () => {
				last = await look(context, payment, memory, true);
				return last.transfer;
			};
			const found = proven ? await reading() : await patiently(reading);
			const path = last?.path ?? WIRE_PATHS.filter;
			if (found) return { check: { result: 'found', path }, transfer: { ...transfer, ...found } };
			if (last?.blind) return { check: { result: 'blind', path, why: last.blind } };
			if (proven) return { check: { result: 'not visible yet', path } };
			readings.note(path === WIRE_PATHS.filter ? 'wireFilter' : 'wireWalk', 'refuted', `wire ${payment.clientId}, which Jiko took, did not show in ${path}`);
			return { check: { result: 'not found', path, consequence: 'later runs with a Business Key do not trust this look-up' } };
		} catch (error) {
			return {
				check: {
					result: 'could not read',
					path: last?.path ?? WIRE_PATHS.filter,
					error: error instanceof Error ? error.message : String(error),
					note: `Jiko took the wire (201). Look at ${payment.whereToCheck} before anything else; running this item again with the same Business Key finds it, not pays it again.`,
				},
			};
		}
	},

	async refresh(context, payment, previous) {
		return await current(context, payment, previous);
	},

	isFinal: (wire) => FINAL_WIRE_STATUSES.includes(String(wire.status) as WireStatus),
	failedFinally: (wire) => String(wire.status) === 'REJECTED',
};
