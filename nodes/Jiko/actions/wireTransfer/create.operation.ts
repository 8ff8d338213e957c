import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { createTransfer } from '../../helpers/exactlyOnce';
import { counterpartyLocator, customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
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
import { FINAL_WIRE_STATUSES, findWire, wirePath } from './wire';

export const description = updateDisplayOptions(
	{ show: { resource: ['wireTransfer'], operation: ['create'] } },
	[
		customerForListField,
		pocketLocator('pocketId', 'From Pocket'),
		{
			...counterpartyLocator(),
			description: 'The VERIFIED wire counterparty that receives the money',
		},
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
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'From Pocket', itemIndex, true);
	const counterpartyId = uuidParameter(this, 'counterpartyId', 'Counterparty', itemIndex, true);
	const cents = readAmountCents(this, itemIndex);
	const { id: wireId, businessKey } = clientId(this, 'wire', itemIndex);
	const wireDescription = String(this.getNodeParameter('wireDescription', itemIndex, '') ?? '').trim();
	const createdBy = String(this.getNodeParameter('createdBy', itemIndex, '') ?? '').trim();
	const body: IDataObject = {
		counterparty_id: counterpartyId,
		amount_usdc: cents,
		wire_id: wireId,
		...(wireDescription ? { description: wireDescription } : {}),
		...(createdBy ? { created_by: createdBy } : {}),
	};
	const path = wirePath(pocketId);
	const options = readCreateOptions(this, itemIndex);
	const ids = {
		environment: await environmentLabel(this),
		business_key: businessKey,
		wire_id: wireId,
		...moneySummary(cents),
	};
	return await createTransfer.call(this, {
		request: { method: 'POST', path, body, what: `create a wire of ${ids.requested_amount} USD`, itemIndex },
		lookup: async () => await findWire(this, pocketId, wireId, itemIndex),
		lookupFirst: businessKey !== null,
		label: `wire ${wireId}`,
		options,
		finalStatuses: FINAL_WIRE_STATUSES,
		ids,
		cents,
	});
}

export const operation: JikoOperation = { description, execute };
