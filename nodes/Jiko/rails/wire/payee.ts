import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { ExecutionMemory } from '../../money/memory';
import type { PayeeNames, Payment } from '../../money/rail';
import { jikoApiRequest, jikoFind } from '../../transport';
import { paths } from '../../../../core/paths';

/*
 * A wire's transaction shows its payee only by name (`counterparty_name`; what that name holds
 * for a wire sent out is not documented — the sandbox plays each reading, switch
 * wireCounterpartyName). To compare it with this run's payee the node reads this run's
 * counterparty, GET /api/v1/customers/{customer_id}/counterparties/{id}/, under the customer of
 * the pocket the wire leaves from (v2 `customer_id`): Jiko pays only the pocket's customer's
 * counterparties, and the node's Customer ID field is optional (it only fills the lists). Each
 * read is made once per execution and shared by its items.
 */

/** The names a counterparty goes by: `name_on_account` (under `wire` / `ach`, or top-level) and
 * the name it was created with (Create Counterparty V2's `counterparty_name`: a business name,
 * or first and last name), where Jiko shows it. */
export function counterpartyNames(counterparty: IDataObject): string[] {
	const names: string[] = [];
	const add = (value: unknown) => {
		if (typeof value === 'string' && value.trim() && !names.includes(value.trim())) names.push(value.trim());
	};
	for (const side of [counterparty.wire, counterparty.ach, counterparty] as Array<IDataObject | undefined>) {
		if (!side || typeof side !== 'object') continue;
		add(side.name_on_account);
		const created = side.counterparty_name;
		if (typeof created === 'string') add(created);
		else if (created && typeof created === 'object') {
			const name = created as IDataObject;
			add(name.business_name);
			if (typeof name.first_name === 'string' && typeof name.last_name === 'string') add(`${name.first_name} ${name.last_name}`);
		}
	}
	return names;
}

/** A read shared by the items of one execution; a failed read is not kept (the next item tries again). */
async function shared<T>(memory: ExecutionMemory, key: string, read: () => Promise<T>): Promise<T> {
	const reads = memory.get('wire-payee-reads', () => new Map<string, Promise<unknown>>());
	let pending = reads.get(key) as Promise<T> | undefined;
	if (!pending) {
		pending = read();
		reads.set(key, pending);
		pending.catch(() => reads.delete(key));
	}
	return await pending;
}

/**
 * The name the found wire shows for its payee, and this run's counterparty's names. A read that
 * fails for another reason than "no such counterparty" fails the item: the wire is Jiko's
 * already, nothing was sent, and the next run finds it and checks again.
 */
export async function wirePayee(context: IExecuteFunctions, payment: Payment, found: IDataObject, memory: ExecutionMemory): Promise<PayeeNames> {
	const name = found.counterparty_name;
	if (typeof name !== 'string' || !name.trim()) return {};
	try {
		return await readPayee(context, payment, name.trim(), memory);
	} catch (error) {
		const again =
			payment.businessKey !== null
				? 'Running this item again with the same Business Key is safe: it finds the wire, never sends it again.'
				: "Retrying this execution (n8n's Retry) is safe: it finds the wire, never sends it again.";
		throw new NodeOperationError(
			context.getNode(),
			`Could not check the payee of wire ${payment.clientId} (item ${payment.itemIndex}), which Jiko already shows: ${error instanceof Error ? error.message : String(error)}. Nothing was sent.`,
			{ itemIndex: payment.itemIndex, description: `Check ${payment.whereToCheck}. ${again}` },
		);
	}
}

async function readPayee(context: IExecuteFunctions, payment: Payment, shown: string, memory: ExecutionMemory): Promise<PayeeNames> {
	const pocketId = String(payment.terms.pocketId);
	const counterpartyId = String(payment.terms.counterpartyId);
	const { itemIndex } = payment;
	const pocket = await shared(memory, `pocket:${pocketId}`, async () =>
		await jikoApiRequest.call(context, { method: 'GET', path: paths.pocket(pocketId), what: `read the customer of pocket ${pocketId}`, itemIndex }),
	);
	const customerId = typeof pocket.customer_id === 'string' && pocket.customer_id ? pocket.customer_id : undefined;
	if (!customerId) return { shown, unreadable: `Pocket ${pocketId} shows no customer_id, so this run's counterparty cannot be read` };
	const counterparty = await shared(memory, `counterparty:${customerId}:${counterpartyId}`, async () =>
		await jikoFind.call(context, { path: paths.counterparty(customerId, counterpartyId), what: `read counterparty ${counterpartyId} of customer ${customerId}`, itemIndex }),
	);
	if (!counterparty) return { shown, unreadable: `Jiko shows no counterparty ${counterpartyId} for customer ${customerId} (the customer of pocket ${pocketId})` };
	const ours = counterpartyNames(counterparty);
	return ours.length ? { shown, ours } : { shown, unreadable: `Jiko shows no name for counterparty ${counterpartyId}` };
}
