import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { createTransfer } from '../../helpers/exactlyOnce';
import { counterpartyLocator, customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import { achMarker } from '../../helpers/ids';
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
import { achPath, FINAL_ACH_STATUSES, findAchByMarker, getAch } from './ach';

// Jiko's defaults for the NACHA company entry description, by direction.
const DEFAULT_ENTRY_DESCRIPTION: Record<string, string> = { DEBIT: 'Funding TX', CREDIT: 'Release TX' };
const ENTRY_DESCRIPTION = /^[ a-zA-Z0-9]{1,10}$/;

export const description = updateDisplayOptions(
	{ show: { resource: ['achTransfer'], operation: ['create'] } },
	[
		customerForListField,
		pocketLocator('pocketId', 'Pocket'),
		counterpartyLocator(),
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			default: 'CREDIT',
			description: 'Which way the money goes, as Jiko defines ACH direction',
			options: [
				{
					name: 'Pull Money Into the Pocket (DEBIT)',
					value: 'DEBIT',
					description: "Debits the counterparty's bank account and credits the pocket",
				},
				{
					name: 'Send Money Out of the Pocket (CREDIT)',
					value: 'CREDIT',
					description: "Takes money from the pocket and credits the counterparty's bank account",
				},
			],
		},
		...amountFields,
		businessKeyField,
		{
			displayName: 'SEC Code',
			name: 'secCode',
			type: 'options',
			default: 'WEB',
			description: 'NACHA standard entry class: WEB for consumers, CCD for businesses',
			options: [
				{ name: 'CCD (Corporate)', value: 'CCD' },
				{ name: 'WEB (Consumer, Online)', value: 'WEB' },
			],
		},
		{
			displayName: 'Company Entry Description',
			name: 'companyEntryDescription',
			type: 'string',
			default: '',
			placeholder: 'e.g. Payroll',
			description:
				'Shown on the bank statement: up to 10 letters, digits or spaces. Empty: "Funding TX" for pulls, "Release TX" for payouts.',
		},
		{
			displayName: 'Payment Related Information',
			name: 'paymentRelatedInformation',
			type: 'string',
			default: '',
			placeholder: 'e.g. Invoice 2026-0042',
			description:
				'Free text passed along with the ACH entry (one entry per line). The node adds one line of its own to recognise this transfer later.',
		},
		createOptionsField,
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const counterpartyId = uuidParameter(this, 'counterpartyId', 'Counterparty', itemIndex, true);
	const direction = this.getNodeParameter('direction', itemIndex) as 'DEBIT' | 'CREDIT';
	const cents = readAmountCents(this, itemIndex);
	const secCode = this.getNodeParameter('secCode', itemIndex, 'WEB') as string;
	const entryDescription =
		String(this.getNodeParameter('companyEntryDescription', itemIndex, '') ?? '').trim() ||
		DEFAULT_ENTRY_DESCRIPTION[direction];
	if (!ENTRY_DESCRIPTION.test(entryDescription)) {
		throw new NodeOperationError(
			this.getNode(),
			`Company Entry Description (item ${itemIndex}): "${entryDescription}" must be 1–10 letters, digits or spaces`,
			{ itemIndex },
		);
	}
	const info = String(this.getNodeParameter('paymentRelatedInformation', itemIndex, '') ?? '')
		.split('\n')
		.map((line) => line.trim())
		.filter(Boolean);
	const { id: markerId, businessKey } = clientId(this, 'ach', itemIndex);
	const body: IDataObject = {
		counterparty_id: counterpartyId,
		direction,
		sec_code: secCode,
		amount_usdc: cents,
		company_entry_description: entryDescription,
		payment_related_information: [...info, achMarker(markerId)],
	};
	const path = achPath(pocketId);
	const options = readCreateOptions(this, itemIndex);
	const ids = {
		environment: await environmentLabel(this),
		business_key: businessKey,
		ach_marker_id: markerId,
		...moneySummary(cents),
	};
	return await createTransfer.call(this, {
		request: { method: 'POST', path, body, what: `create an ACH ${direction} of ${ids.requested_amount} USD`, itemIndex },
		lookup: async () =>
			await findAchByMarker(this, pocketId, { markerId, counterpartyId, direction }, itemIndex),
		// Jiko cannot refuse a duplicate ACH, so a keyed payment is always looked for first.
		lookupFirst: businessKey !== null,
		label: `ACH transfer (marker ${markerId})`,
		options,
		refresh: async (current) => await getAch(this, pocketId, String(current.id), itemIndex),
		finalStatuses: FINAL_ACH_STATUSES,
		ids,
		cents,
	});
}

export const operation: JikoOperation = { description, execute };
