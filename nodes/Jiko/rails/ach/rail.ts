import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { formatCents } from '../../../../core/amount';
import { counterpartyLocator, customerForListField, pocketLocator, uuidParameter, optionsField } from '../../helpers/fields';
import {
	ACH_WAY_OPTIONS,
	DEFAULT_ENTRY_DESCRIPTION,
	achCode,
	achConvention,
	achWayOf,
	describeWay,
	isAchWay,
} from './direction';
import { amountFields, businessKeyField, createOptionsField, readAmountCents } from '../../money/fields';
import { achMarker, imitatesAchMarker } from '../../money/ids';
import type { RailSpec } from '../../money/rail';
import { jikoApiRequest } from '../../transport';
import { CREDENTIAL_NAME } from '../../../../core/credential';
import { paths } from '../../../../core/paths';
import { readingsOf } from '../../money/readings';
import { achIndex, findAchByMarker, pairKnownAch } from './lookup';
import { conventionChecks, selfCheckAch } from './selfCheck';

const ENTRY_DESCRIPTION = /^[ a-zA-Z0-9]{1,10}$/;

/** ACH origination statuses after which nothing changes any more. */
export const FINAL_ACH_STATUSES = ['PROCESSED', 'FAILED', 'REJECTED', 'CANCELLED'];

export const achDirectionField: INodeProperties = {
	displayName: 'Direction',
	name: 'direction',
	type: 'options',
	required: true,
	default: '',
	description:
		"Which way the money goes. Jiko's own material disagrees on which ACH code means which way; the Jiko credential's ACH Direction Convention maps your choice to Jiko's DEBIT or CREDIT.",
	options: ACH_WAY_OPTIONS,
};

const fields: INodeProperties[] = [
	customerForListField,
	pocketLocator('pocketId', 'Pocket'),
	counterpartyLocator(),
	achDirectionField,
	...amountFields,
	businessKeyField,
	optionsField('SEC Code', 'secCode', 'WEB', 'NACHA standard entry class: WEB for consumers, CCD for businesses', [
		{ name: 'CCD (Corporate)', value: 'CCD' },
		{ name: 'WEB (Consumer, Online)', value: 'WEB' },
	]),
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
			'Free text passed along with the ACH entry (one entry per line). The node adds one line of its own (n8n-jiko: and an ID) to recognise this transfer later; none of your lines may be exactly such a line.',
	},
	createOptionsField,
];

export async function getAch(context: IExecuteFunctions, pocketId: string, achId: string, itemIndex: number): Promise<IDataObject> {
	return await jikoApiRequest.call(context, {
		method: 'GET',
		path: paths.achOrigination(pocketId, achId),
		what: `get ACH transfer ${achId} of pocket ${pocketId}`,
		itemIndex,
	});
}

/** An origination with which way it moves money said in words, by the credential's convention. */
export async function withWay(context: IExecuteFunctions, origination: IDataObject): Promise<IDataObject> {
	const way = achWayOf(origination.direction, achConvention(await context.getCredentials(CREDENTIAL_NAME)));
	return way ? { ...origination, moves_money: describeWay(way) } : origination;
}

export const achRail: RailSpec = {
	rail: 'ach',
	noun: 'ACH transfer',
	idName: 'ach_marker_id',
	fields,

	async build(context, itemIndex, markerId) {
		const pocketId = uuidParameter(context, 'pocketId', 'Pocket', itemIndex, true);
		const counterpartyId = uuidParameter(context, 'counterpartyId', 'Counterparty', itemIndex, true);
		const way = context.getNodeParameter('direction', itemIndex, '') as unknown;
		if (!isAchWay(way)) {
			throw new NodeOperationError(
				context.getNode(),
				`Direction (item ${itemIndex}): ${way ? `"${String(way)}" is not a direction` : 'is not chosen'} — choose "Pull Money Into the Pocket" or "Send Money Out of the Pocket"`,
				{
					itemIndex,
					description:
						"Jiko's own material disagrees on whether DEBIT or CREDIT pulls money in, so the node takes the direction in words and maps it with the credential's ACH Direction Convention.",
				},
			);
		}
		const code = achCode(way, achConvention(await context.getCredentials(CREDENTIAL_NAME)));
		const cents = readAmountCents(context, itemIndex);
		const secCode = context.getNodeParameter('secCode', itemIndex, 'WEB') as string;
		const entryDescription =
			String(context.getNodeParameter('companyEntryDescription', itemIndex, '') ?? '').trim() ||
			DEFAULT_ENTRY_DESCRIPTION[way];
		if (!ENTRY_DESCRIPTION.test(entryDescription)) {
			throw new NodeOperationError(
				context.getNode(),
				`Company Entry Description (item ${itemIndex}): "${entryDescription.slice(0, 40)}" must be 1–10 letters, digits or spaces`,
				{ itemIndex },
			);
		}
		const info = String(context.getNodeParameter('paymentRelatedInformation', itemIndex, '') ?? '')
			.split('\n')
			.map((line) => line.trim())
			.filter(Boolean);
		if (info.some(imitatesAchMarker)) {
			throw new NodeOperationError(
				context.getNode(),
				`Payment Related Information (item ${itemIndex}) has a line that is exactly a node marker (n8n-jiko: and an ID) — only the node's own line may be one: remove or reword that line`,
				{ itemIndex, description: 'The node recognises its ACH transfers by that line; a copy of another transfer\'s line could make a look-up match the wrong transfer. Text that merely mentions n8n-jiko: is fine.' },
			);
		}
		const marker = achMarker(markerId);
		return {
			path: paths.achOriginations(pocketId),
			body: {
				counterparty_id: counterpartyId,
				direction: code,
				sec_code: secCode,
				amount_usdc: cents,
				company_entry_description: entryDescription,
				payment_related_information: [...info, marker],
			},
			what: `create an ACH ${way === 'in' ? 'pull' : 'payout'} of ${formatCents(cents)} USD`,
			terms: { amountCents: cents, pocketId, counterpartyId, way },
			ids: { ach_marker_id: markerId, moves_money: describeWay(way) },
			whereToCheck: `the ACH transfers of pocket ${pocketId} (the line ${marker} in Payment Related Information)`,
		};
	},

	async lookup(context, payment, memory, fresh) {
		const checks = await conventionChecks(context, payment.itemIndex);
		const result = await findAchByMarker(context, memory, checks.readings, {
			pocketId: String(payment.terms.pocketId),
			markerId: payment.clientId,
			cents: payment.terms.amountCents as number,
			itemIndex: payment.itemIndex,
			fresh,
			// A fresh look follows this attempt's own send: only this attempt answers it.
			laterAttempts: fresh ? [] : payment.laterAttempts.map(({ attempt, clientId }) => ({ attempt, markerId: clientId })),
			onPair: checks.onPair,
		});
		// An ACH this credential sent while its convention is shown wrong moved the wrong way too:
		// it is reported as such, never as a quiet "existing".
		if (result.transfer) checks.assertNotRefuted();
		return result;
	},

	async beforeSend(context, payment, memory) {
		const checks = await conventionChecks(context, payment.itemIndex);
		checks.assertNotRefuted();
		if (checks.proven()) return undefined;
		// Not proven yet: earlier originations of the pocket may show which way this Jiko's codes
		// move money — before this one is sent. Until a self-check proves it, ACH sends with this
		// credential go one at a time, so at most one can move the wrong way.
		await pairKnownAch(context, memory, checks.readings, {
			pocketId: String(payment.terms.pocketId),
			markerId: payment.clientId,
			itemIndex: payment.itemIndex,
			onPair: checks.onPair,
		});
		checks.assertNotRefuted();
		// Proven, or not provable here (Jiko's transactions show no ach_id): nothing to wait for.
		if (checks.proven() || checks.readings.proof('achIds')?.state === 'tried') return undefined;
		const release = await checks.readings.acquireAch();
		// The ACH before this one may have shown the convention wrong meanwhile.
		if (checks.readings.convention(checks.convention)?.state === 'refuted') release();
		checks.assertNotRefuted();
		return release;
	},

	async selfCheck(context, payment, transfer) {
		return await selfCheckAch(context, payment, transfer);
	},

	async termsOf(context, found) {
		const amount = found.amount_usdc ?? (found.amount as IDataObject | undefined)?.value;
		return {
			amountCents: typeof amount === 'number' ? amount : undefined,
			pocketId: found.jiko_account_id as string | undefined,
			counterpartyId: found.counterparty_id as string | undefined,
			way: achWayOf(found.direction, achConvention(await context.getCredentials(CREDENTIAL_NAME))),
		};
	},

	async created(context, payment, answer, memory) {
		const origination = (answer ?? {}) as IDataObject;
		const readings = await readingsOf(context);
		if (origination.id) readings.rememberAch(String(origination.id), payment.clientId);
		achIndex(memory, String(payment.terms.pocketId)).add(origination);
		return await withWay(context, origination);
	},

	async refresh(context, payment, current) {
		if (!current.id) return current;
		return await withWay(context, await getAch(context, String(payment.terms.pocketId), String(current.id), payment.itemIndex));
	},

	isFinal: (transfer) => FINAL_ACH_STATUSES.includes(String(transfer.status)),
	failedFinally: (transfer) => ['FAILED', 'REJECTED', 'CANCELLED'].includes(String(transfer.status)),
};
