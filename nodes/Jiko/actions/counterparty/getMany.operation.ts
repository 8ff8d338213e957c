import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { customerIdField, limitField, listLimit, returnAllField, uuidParameter } from '../../helpers/fields';
import { itemsWanted, jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { withVerification } from './verification';

export const description = updateDisplayOptions(
	{ show: { resource: ['counterparty'], operation: ['getMany'] } },
	[
		customerIdField,
		returnAllField,
		limitField,
		{
			displayName: 'Only Verified',
			name: 'onlyVerified',
			type: 'boolean',
			default: false,
			description: 'Whether to return only VERIFIED counterparties, the only ones Jiko lets money move to',
		},
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const onlyVerified = this.getNodeParameter('onlyVerified', itemIndex, false) as boolean;
	const limit = listLimit(this, itemIndex);
	const wanted = itemsWanted(this, limit, itemIndex);
	const path = paths.customerCounterparties(customerId);
	const what = `list the counterparties of customer ${customerId}`;
	// Jiko has no status filter: when filtering here, read every page and then apply the limit.
	const all = await jikoCursorList.call(this, path, {}, onlyVerified ? { returnAll: true } : limit, what, itemIndex);
	const counterparties = all.map(withVerification).filter((c) => !onlyVerified || c.can_receive === true);
	return limit.returnAll ? counterparties : counterparties.slice(0, wanted);
}

export const operation: JikoOperation = { description, execute };
