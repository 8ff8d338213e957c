import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { createTransfer } from '../../helpers/exactlyOnce';
import { customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import {
	amountFields,
	businessKeyField,
	clientId,
	createOptionsField,
	moneySummary,
	readAmountCents,
	environmentLabel,
	readCreateOptions,
} from '../../helpers/moneyFields';
import type { JikoOperation } from '../types';
import { FINAL_ON_US_STATUSES, findOnUsTransfer, ON_US_PATH, PEER_TO_PEER_DESTINATION_TYPE } from './onUs';

type OnUsType =
	| 'INTERNAL_REALLOCATION'
	| 'PARTNER_CUSTOMER_FUNDING'
	| 'PARTNER_CUSTOMER_DEFUNDING'
	| 'PEER_TO_PEER';

const show = (types: OnUsType[]) => ({ show: { transferType: types } });

export const description = updateDisplayOptions(
	{ show: { resource: ['onUsTransfer'], operation: ['create'] } },
	[
		{
			displayName: 'Transfer Type',
			name: 'transferType',
			type: 'options',
			default: 'INTERNAL_REALLOCATION',
			description: 'Which on-us (book) transfer to make; money stays inside Jiko and moves at once',
			options: [
				{
					name: 'Between Pockets of One Customer (INTERNAL_REALLOCATION)',
					value: 'INTERNAL_REALLOCATION',
				},
				{
					name: 'Customer Pocket → Partner Pocket (PARTNER_CUSTOMER_DEFUNDING)',
					value: 'PARTNER_CUSTOMER_DEFUNDING',
				},
				{
					name: "Customer Pocket → Customer's On-Us Counterparty (PEER_TO_PEER)",
					value: 'PEER_TO_PEER',
				},
				{
					name: 'Partner Pocket → Customer Pocket (PARTNER_CUSTOMER_FUNDING)',
					value: 'PARTNER_CUSTOMER_FUNDING',
				},
			],
		},
		customerForListField,
		{
			displayName: 'Partner Pocket ID',
			name: 'partnerPocketId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21',
			description: "Your partner pocket, the one that funds customers or receives their money",
			displayOptions: show(['PARTNER_CUSTOMER_FUNDING', 'PARTNER_CUSTOMER_DEFUNDING']),
		},
		{
			...pocketLocator('fromPocketId', 'From Pocket'),
			displayOptions: show(['INTERNAL_REALLOCATION', 'PARTNER_CUSTOMER_DEFUNDING', 'PEER_TO_PEER']),
		},
		{
			...pocketLocator('toPocketId', 'To Pocket'),
			displayOptions: show(['INTERNAL_REALLOCATION', 'PARTNER_CUSTOMER_FUNDING']),
		},
		{
			displayName: 'On-Us Counterparty ID',
			name: 'onUsCounterpartyId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b9a',
			description: "The customer's on-us counterparty: another Jiko customer they send money to",
			displayOptions: show(['PEER_TO_PEER']),
		},
		{
			displayName: 'Amount Type',
			name: 'amountType',
			type: 'options',
			default: 'REQUESTED_AMOUNT',
			description: 'Move a given amount, or everything in the source pocket (net of fees)',
			options: [
				{
					name: 'Requested Amount',
					value: 'REQUESTED_AMOUNT',
					description: 'Move the amount given below',
				},
				{
					name: 'Full Withdrawal',
					value: 'FULL_WITHDRAWAL',
					description: 'Sell every T-bill and move the whole balance (not allowed for partner funding)',
				},
			],
		},
		...amountFields.map((field) => ({
			...field,
			displayOptions: {
				show: { ...(field.displayOptions?.show ?? {}), amountType: ['REQUESTED_AMOUNT'] },
			},
		})),
		businessKeyField,
		{
			displayName: 'Source',
			name: 'source',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Welcome bonus',
			description: 'Where the funding comes from, as Jiko records it (required for partner funding, max 200 characters)',
			displayOptions: show(['PARTNER_CUSTOMER_FUNDING']),
		},
		{
			displayName: 'Target',
			name: 'target',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. Subscription fee',
			description: 'What the money is taken for, as Jiko records it (required for partner defunding, max 200 characters)',
			displayOptions: show(['PARTNER_CUSTOMER_DEFUNDING']),
		},
		{
			displayName: 'Description',
			name: 'transferDescription',
			type: 'string',
			default: '',
			placeholder: 'e.g. Nightly sweep',
			description: 'Shown on statements (max 100 characters)',
		},
		{
			displayName: 'End-to-End Identification',
			name: 'endToEndIdentification',
			type: 'string',
			default: '',
			placeholder: 'e.g. INV-2026-0042',
			description: 'Your own reference, carried with the transfer',
		},
		{
			displayName: 'Async Mode',
			name: 'asyncMode',
			type: 'boolean',
			default: true,
			description:
				"Whether Jiko answers at once with PENDING and settles in the background (Jiko's recommendation); turn on Wait for Final Status in Options to wait for the outcome",
		},
		createOptionsField,
	],
);

function limitedText(
	context: IExecuteFunctions,
	name: string,
	label: string,
	max: number,
	itemIndex: number,
	required: boolean,
): string | undefined {
	const value = String(context.getNodeParameter(name, itemIndex, '') ?? '').trim();
	if (required && !value) {
		throw new NodeOperationError(context.getNode(), `${label} (item ${itemIndex}) is required for this transfer type`, {
			itemIndex,
		});
	}
	if (value.length > max) {
		throw new NodeOperationError(
			context.getNode(),
			`${label} (item ${itemIndex}) is ${value.length} characters long: Jiko allows at most ${max}`,
			{ itemIndex },
		);
	}
	return value || undefined;
}

function jikoAccount(id: string): IDataObject {
	return { id, type: 'JIKO_ACCOUNT' };
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const type = this.getNodeParameter('transferType', itemIndex) as OnUsType;
	const amountType = this.getNodeParameter('amountType', itemIndex, 'REQUESTED_AMOUNT') as string;
	if (amountType === 'FULL_WITHDRAWAL' && type === 'PARTNER_CUSTOMER_FUNDING') {
		throw new NodeOperationError(
			this.getNode(),
			`Amount Type (item ${itemIndex}): Full Withdrawal is not allowed for partner funding — give a requested amount`,
			{ itemIndex },
		);
	}
	let from: IDataObject;
	let to: IDataObject;
	if (type === 'PARTNER_CUSTOMER_FUNDING') {
		from = jikoAccount(uuidParameter(this, 'partnerPocketId', 'Partner Pocket ID', itemIndex));
		to = jikoAccount(uuidParameter(this, 'toPocketId', 'To Pocket', itemIndex, true));
	} else if (type === 'PARTNER_CUSTOMER_DEFUNDING') {
		from = jikoAccount(uuidParameter(this, 'fromPocketId', 'From Pocket', itemIndex, true));
		to = jikoAccount(uuidParameter(this, 'partnerPocketId', 'Partner Pocket ID', itemIndex));
	} else if (type === 'PEER_TO_PEER') {
		from = jikoAccount(uuidParameter(this, 'fromPocketId', 'From Pocket', itemIndex, true));
		to = {
			id: uuidParameter(this, 'onUsCounterpartyId', 'On-Us Counterparty ID', itemIndex),
			type: PEER_TO_PEER_DESTINATION_TYPE,
		};
	} else {
		from = jikoAccount(uuidParameter(this, 'fromPocketId', 'From Pocket', itemIndex, true));
		to = jikoAccount(uuidParameter(this, 'toPocketId', 'To Pocket', itemIndex, true));
		if (from.id === to.id) {
			throw new NodeOperationError(this.getNode(), `To Pocket (item ${itemIndex}) must differ from From Pocket`, {
				itemIndex,
			});
		}
	}
	const cents = amountType === 'REQUESTED_AMOUNT' ? readAmountCents(this, itemIndex) : undefined;
	const source = limitedText(this, 'source', 'Source', 200, itemIndex, type === 'PARTNER_CUSTOMER_FUNDING');
	const target = limitedText(this, 'target', 'Target', 200, itemIndex, type === 'PARTNER_CUSTOMER_DEFUNDING');
	const text = limitedText(this, 'transferDescription', 'Description', 100, itemIndex, false);
	const endToEnd = limitedText(this, 'endToEndIdentification', 'End-to-End Identification', 35, itemIndex, false);
	const asyncMode = this.getNodeParameter('asyncMode', itemIndex, true) as boolean;
	const { id: transferId, businessKey } = clientId(this, 'on-us', itemIndex);

	const body: IDataObject = {
		type,
		transfer_id: transferId,
		from_account: from,
		to_account: to,
		amount:
			cents === undefined ? { type: 'FULL_WITHDRAWAL' } : { type: 'REQUESTED_AMOUNT', amount_usdc: cents },
		async_mode: asyncMode,
		...(text ? { description: text } : {}),
		...(endToEnd ? { end_to_end_identification: endToEnd } : {}),
		...(type === 'PARTNER_CUSTOMER_FUNDING' ? { source } : {}),
		...(type === 'PARTNER_CUSTOMER_DEFUNDING' ? { target } : {}),
	};
	const options = readCreateOptions(this, itemIndex);
	const ids = {
		environment: await environmentLabel(this),
		business_key: businessKey,
		transfer_id: transferId,
		...(cents === undefined
			? { requested_amount_cents: null, requested_amount: 'FULL_WITHDRAWAL' }
			: moneySummary(cents)),
	};
	return await createTransfer.call(this, {
		request: { method: 'POST', path: ON_US_PATH, body, what: `create an on-us transfer (${type})`, itemIndex },
		lookup: async () => await findOnUsTransfer(this, transferId, itemIndex),
		lookupFirst: businessKey !== null,
		label: `on-us transfer ${transferId}`,
		options,
		finalStatuses: FINAL_ON_US_STATUSES,
		ids,
		cents,
	});
}

export const operation: JikoOperation = { description, execute };
