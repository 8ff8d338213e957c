import {
	NodeOperationError,
	sleep,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { customerIdField, uuidParameter } from '../../helpers/fields';
import { UUID_PATTERN, uuidV5 } from '../../../../core/uuid';
import { Lock } from '../../money/memory';
import { patiently } from '../../money/patience';
import { TRANSFER_ID_NAMESPACE } from '../../money/ids';
import { jikoCursorList, jikoFind, jikoSend } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import {
	accountNumberProblem,
	countryProblem,
	postalCodeProblem,
	routingNumberProblem,
	stateProblem,
} from './payee';
import { railDetails, withVerification } from './verification';

/*
 * Create a wire counterparty (Jiko's Create Counterparty V2, wire request), once.
 *
 * A counterparty has no client id at Jiko, so "once" rests on the payee's account: the
 * customer's counterparties are read first, and a WIRE counterparty with the same routing
 * number and account number is the payee (outcome `existing`, nothing sent). Otherwise the
 * create is sent with an `x-jiko-idempotency` derived from the customer, the account and the
 * exact body: two executions racing on one payee send one key, and Jiko refuses the second as
 * a repeated request within the hour — the node then looks again until the first one's
 * counterparty shows. A lost answer is resent with the same key and then looked up; a create
 * that cannot be confirmed fails with what to do, never "created" on a guess.
 *
 * Not a money movement: the credential's money switches and limits do not apply (they guard
 * transfers), and the credential signs this request like any other.
 */

const show = { resource: ['counterparty'], operation: ['create'] };

const fields: INodeProperties[] = [
	customerIdField,
	{
		displayName: 'Payee Type',
		name: 'payeeType',
		type: 'options',
		options: [
			{ name: 'Business', value: 'business' },
			{ name: 'Individual', value: 'individual' },
		],
		default: 'business',
		description: "Jiko's counterparty_name type: a business name, or a person's first and last name",
	},
	{
		displayName: 'Business Name',
		name: 'businessName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { payeeType: ['business'] } },
	},
	{
		displayName: 'First Name',
		name: 'firstName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { payeeType: ['individual'] } },
	},
	{
		displayName: 'Last Name',
		name: 'lastName',
		type: 'string',
		default: '',
		required: true,
		displayOptions: { show: { payeeType: ['individual'] } },
	},
	{
		displayName: 'Routing Number',
		name: 'routingNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 021000021',
		description: "The payee bank's 9-digit ABA routing number (its checksum is checked before anything is sent)",
	},
	{
		displayName: 'Account Number',
		name: 'accountNumber',
		type: 'string',
		default: '',
		required: true,
		description: "Jiko's identifier: the bank account number (or IBAN), letters and digits only",
	},
	{
		displayName: 'Street Address',
		name: 'streetAddress',
		type: 'string',
		default: '',
		required: true,
	},
	{
		displayName: 'Street Address 2',
		name: 'streetAddress2',
		type: 'string',
		default: '',
		description: 'Apartment, suite, box number',
	},
	{ displayName: 'City', name: 'city', type: 'string', default: '', required: true },
	{
		displayName: 'State',
		name: 'state',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. NJ',
		description: 'Postal abbreviation, e.g. NJ, OH (checked against the US list when Country is US)',
	},
	{ displayName: 'Postal Code', name: 'postalCode', type: 'string', default: '', required: true },
	{
		displayName: 'Country',
		name: 'country',
		type: 'string',
		default: 'US',
		required: true,
		description: 'Two-letter ISO 3166 code, e.g. US',
	},
	{
		displayName: 'Options',
		name: 'payeeOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 3600 },
				default: 300,
				description: 'With Wait for Verification: how long to wait before returning the latest status',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.2, maxValue: 600 },
				default: 10,
				description: 'With Wait for Verification: time between two status checks',
			},
			{
				displayName: 'Wait for Verification',
				name: 'waitForVerification',
				type: 'boolean',
				default: false,
				description:
					'Whether to check the counterparty until Jiko has VERIFIED it (only then can it receive money) or it FAILED, and output that status',
			},
			{
				displayName: 'Wire Instructions',
				name: 'wireInstructions',
				type: 'string',
				default: '',
				description: 'Any additional instructions the wire needs to be processed correctly',
			},
		],
	},
];

export const description = updateDisplayOptions({ show }, fields);

interface PayeeOptions {
	maxWaitSeconds?: number;
	pollIntervalSeconds?: number;
	waitForVerification?: boolean;
	wireInstructions?: string;
}

const text = (context: IExecuteFunctions, name: string, itemIndex: number) =>
	String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();

function check(context: IExecuteFunctions, label: string, itemIndex: number, problem: string | undefined): void {
	if (problem) throw new NodeOperationError(context.getNode(), `${label} (item ${itemIndex}): ${problem}`, { itemIndex });
}

/** The V2 wire request, every field checked with a message naming it. Nothing is sent before. */
export function payeeBody(context: IExecuteFunctions, itemIndex: number): IDataObject {
	const type = context.getNodeParameter('payeeType', itemIndex, 'business') as string;
	let counterpartyName: IDataObject;
	if (type === 'individual') {
		const first = text(context, 'firstName', itemIndex);
		const last = text(context, 'lastName', itemIndex);
		check(context, 'First Name', itemIndex, first ? undefined : "is empty — enter the payee's first name");
		check(context, 'Last Name', itemIndex, last ? undefined : "is empty — enter the payee's last name");
		counterpartyName = { type: 'individual', first_name: first, last_name: last };
	} else {
		const name = text(context, 'businessName', itemIndex);
		check(context, 'Business Name', itemIndex, name ? undefined : "is empty — enter the payee's business name");
		counterpartyName = { type: 'business', business_name: name };
	}
	const routing = text(context, 'routingNumber', itemIndex);
	check(context, 'Routing Number', itemIndex, routingNumberProblem(routing));
	const account = text(context, 'accountNumber', itemIndex);
	check(context, 'Account Number', itemIndex, accountNumberProblem(account));
	const street = text(context, 'streetAddress', itemIndex);
	check(context, 'Street Address', itemIndex, street ? undefined : 'is empty — enter the payee\'s street address');
	const city = text(context, 'city', itemIndex);
	check(context, 'City', itemIndex, city ? undefined : 'is empty — enter the payee\'s city');
	const country = text(context, 'country', itemIndex);
	check(context, 'Country', itemIndex, countryProblem(country));
	const state = text(context, 'state', itemIndex);
	check(context, 'State', itemIndex, stateProblem(state, country));
	const postal = text(context, 'postalCode', itemIndex);
	check(context, 'Postal Code', itemIndex, postalCodeProblem(postal, country));
	const street2 = text(context, 'streetAddress2', itemIndex);
	const options = context.getNodeParameter('payeeOptions', itemIndex, {}) as PayeeOptions;
	const instructions = String(options.wireInstructions ?? '').trim();
	return {
		routing_number: routing,
		identifier: account,
		address: {
			street_address: street,
			...(street2 ? { street_address2: street2 } : {}),
			city,
			postal_code: postal,
			state,
			country,
		},
		...(instructions ? { wire_instructions: instructions } : {}),
		counterparty_name: counterpartyName,
	};
}

/**
 * Whether a counterparty of the list is this payee's wire account (routing + account number):
 * `same`, `other`, or `maybe` when Jiko shows the account number masked and its visible end
 * matches (Jiko's schema types `account_number` as a string without saying it is shown whole).
 */
function samePayee(counterparty: IDataObject, routing: string, account: string): 'same' | 'other' | 'maybe' {
	if (String(counterparty.type ?? '').toUpperCase() !== 'WIRE') return 'other';
	const wire = (counterparty.wire ?? {}) as { routing_number?: unknown };
	if (String(wire.routing_number ?? '') !== routing) return 'other';
	const shown = String(railDetails(counterparty).account_number ?? '');
	if (shown === account) return 'same';
	if (!/[^A-Za-z0-9]/.test(shown)) return 'other';
	const visible = shown.replace(/^[^A-Za-z0-9]+/, '');
	return visible.length > 0 && !/[^A-Za-z0-9]/.test(visible) && account.endsWith(visible) ? 'maybe' : 'other';
}

async function lookUp(context: IExecuteFunctions, customerId: string, routing: string, account: string, itemIndex: number) {
	const all = await jikoCursorList.call(
		context,
		paths.customerCounterparties(customerId),
		{},
		{ returnAll: true },
		`look for the payee's wire counterparty among customer ${customerId}'s counterparties`,
		itemIndex,
	);
	// Oldest first: where an earlier tool made the payee twice, always the same one is used.
	const created = (c: IDataObject) => String((c.wire as IDataObject | undefined)?.time_created ?? '');
	const byAge = (a: IDataObject, b: IDataObject) => created(a).localeCompare(created(b));
	const same: IDataObject[] = [];
	const maybes: IDataObject[] = [];
	for (const c of all) {
		const verdict = samePayee(c, routing, account);
		if (verdict === 'same') same.push(c);
		else if (verdict === 'maybe') maybes.push(c);
	}
	const match = same.sort(byAge)[0];
	if (match) return match;
	// A masked number that could be this payee's: "not there" cannot be told, so nothing is
	// created (a second counterparty for one account is what the look-up exists to prevent).
	const maybe = maybes.sort(byAge)[0];
	if (maybe) {
		const shown = String(railDetails(maybe).account_number);
		throw new NodeOperationError(
			context.getNode(),
			`Customer ${customerId} has a wire counterparty ${String(maybe.id)} with routing number ${routing} and account number ${shown}, which Jiko shows masked: it may be this payee; nothing was created`,
			{
				itemIndex,
				description:
					'The node finds a payee by its full routing and account number before it creates one, and this Jiko does not show account numbers whole. ' +
					`If ${String(maybe.id)} is this payee's account, use that id (Counterparty → Get shows its status); if it is not, create the counterparty with Jiko.`,
			},
		);
	}
	return undefined;
}

const locks = new Map<string, Lock>();

function nextStep(status: string | null): string | undefined {
	if (status === 'VERIFIED') return undefined;
	if (status === 'FAILED') return "Jiko could not verify this account: no money can be sent to it. Check the payee's details with them and create it again with the right ones (a new account), or contact Jiko.";
	return 'Jiko is still verifying this account: it cannot receive money yet. Run this with Wait for Verification, or check it later with Counterparty → Get.';
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const body = payeeBody(this, itemIndex);
	const options = this.getNodeParameter('payeeOptions', itemIndex, {}) as PayeeOptions;
	const routing = String(body.routing_number);
	const account = String(body.identifier);
	const payeeKey = `payee:${customerId}:${routing}:${account}`;
	// The same payee twice in one process (parallel items, two executions) waits its turn: the
	// second finds the first one's counterparty instead of racing it.
	let lock = locks.get(payeeKey);
	if (!lock) {
		if (locks.size >= 1_000) locks.clear();
		locks.set(payeeKey, (lock = new Lock()));
	}
	const found = await lock.run(async () => {
		const existing = await lookUp(this, customerId, routing, account, itemIndex);
		if (existing) return { outcome: 'existing', counterparty: existing };
		const serialized = JSON.stringify(body);
		const key = uuidV5(`counterparty:${payeeKey}:${serialized}`, TRANSFER_ID_NAMESPACE);
		const sent = await jikoSend.call(this, {
			method: 'POST',
			path: paths.createCounterparty(customerId),
			body,
			idempotencyKey: key,
			what: `create the wire counterparty for routing ${routing}, account ${account} of customer ${customerId}`,
			itemIndex,
		});
		if (sent.ok) {
			const id = (sent.body as IDataObject | undefined)?.id;
			const created =
				typeof id === 'string' && UUID_PATTERN.test(id)
					? await jikoFind.call(this, { path: paths.counterparty(customerId, id), what: `get the new counterparty ${id}`, itemIndex })
					: undefined;
			const counterparty = created ?? (await patiently(async () => await lookUp(this, customerId, routing, account, itemIndex)));
			if (!counterparty) {
				throw new NodeOperationError(this.getNode(), `Jiko accepted the new counterparty but the node cannot find it yet (item ${itemIndex})`, {
					itemIndex,
					description: 'Run the node again in a minute: it looks the payee up by routing and account number before it creates anything, so it will not create it twice.',
				});
			}
			return { outcome: 'created', counterparty };
		}
		// Jiko refused the request itself — the details (422, the field is in the message), the
		// path (404), the credential (401/403): nothing was created, nothing to look for.
		const status = sent.failure.status ?? 0;
		if (sent.kind === 'rejected' && (status === 404 || status === 405)) throw noCreatePath(this, customerId, status, itemIndex);
		if (sent.kind === 'rejected' && [400, 401, 403, 422].includes(status)) throw sent.error;
		// A repeated request (another execution sent this payee within the hour), a conflict
		// (Jiko keeps one counterparty per account), or an answer that never came: the payee's
		// counterparty may exist or be about to — look until it shows.
		const later = await patiently(async () => await lookUp(this, customerId, routing, account, itemIndex));
		// An earlier attempt of this very send whose answer was lost made it: `created`. A refusal
		// with no lost attempt means another execution made it: `existing`.
		if (later) return { outcome: sent.kind === 'unknown' || sent.ambiguousAttempts > 0 ? 'created' : 'existing', counterparty: later };
		throw sent.error;
	});

	let counterparty = withVerification(found.counterparty);
	if (options.waitForVerification && counterparty.verification_status === 'IN_PROGRESS') {
		const deadline = Date.now() + Math.max(1, Number(options.maxWaitSeconds ?? 300)) * 1_000;
		const interval = Math.max(0.2, Number(options.pollIntervalSeconds ?? 10)) * 1_000;
		const id = String(counterparty.id);
		while (counterparty.verification_status === 'IN_PROGRESS' && Date.now() < deadline) {
			await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
			const latest = await jikoFind.call(this, { path: paths.counterparty(customerId, id), what: `check the verification of counterparty ${id}`, itemIndex });
			if (latest) counterparty = withVerification(latest);
		}
	}
	const status = (counterparty.verification_status as string | null) ?? null;
	const step = nextStep(status);
	return {
		outcome: found.outcome,
		counterparty_id: counterparty.id as string,
		customer_id: customerId,
		...counterparty,
		matched_by: 'routing number and account number of a WIRE counterparty of the customer',
		...(step ? { next_step: step } : {}),
	};
}

/*
 * Jiko's public pages show Create Counterparty V2 only for the Customer API (`POST
 * /api/v2/counterparties/`, whose caller is one customer); the Partner API lists Counterparties V2
 * without a path anyone outside Jiko can read. The node sends to the customer-scoped path that
 * mirrors the Partner API's v1 counterparty paths, and a Jiko that answers 404/405 there has
 * refused before creating anything: the item fails with that reading named, never a retry
 * elsewhere (a second guess could create a counterparty the node cannot find again).
 */
function noCreatePath(ctx: IExecuteFunctions, customerId: string, status: number, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		`This Jiko has no Create Counterparty at POST ${paths.createCounterparty(customerId)} (HTTP ${status}); nothing was created`,
		{
			itemIndex,
			description:
				"That path is this package's reading of the Partner API's Create Counterparty V2, which Jiko's public pages do not show. " +
				'Check the path in the Partner API reference Jiko gave you (Counterparties V2 → Create Counterparty) and report it to the package; ' +
				'until then create the counterparty with Jiko and use its id (Counterparty → Get Many lists it).',
		},
	);
}

export const operation: JikoOperation = { description, execute };
