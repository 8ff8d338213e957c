import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	compactQuery,
	customerForListField,
	listLimit,
	pocketLocator,
	uuidParameter,
	listFields,
	optionsField,
} from '../../helpers/fields';
import { achCode, achConvention, ACH_WAY_OPTIONS, isAchWay } from '../../rails/ach/direction';
import { jikoCursorList } from '../../transport';
import { CREDENTIAL_NAME } from '../../../../core/credential';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';
import { withWay } from '../../rails/ach/rail';

export const description = updateDisplayOptions(
	{ show: { resource: ['achTransfer'], operation: ['getMany'] } },
	[
		customerForListField,
		pocketLocator(),
		...listFields('Narrow the list by direction or status', [
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				default: 'in',
				description: "Only pulls into the pocket, or only payouts from it (mapped to Jiko's code by the credential's ACH Direction Convention)",
				options: ACH_WAY_OPTIONS,
			},
			optionsField('Status', 'status', 'PENDING', 'Only ACH transfers in this status', [
				{ name: 'Approved', value: 'APPROVED' },
				{ name: 'Cancelled', value: 'CANCELLED' },
				{ name: 'Failed', value: 'FAILED' },
				{ name: 'In Transit', value: 'IN_TRANSIT' },
				{ name: 'Pending', value: 'PENDING' },
				{ name: 'Processed', value: 'PROCESSED' },
				{ name: 'Rejected', value: 'REJECTED' },
			]),
		]),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as { direction?: string; status?: string };
	const convention = achConvention(await this.getCredentials(CREDENTIAL_NAME));
	const originations = await jikoCursorList.call(
		this,
		paths.achOriginations(pocketId),
		compactQuery({
			direction: isAchWay(filters.direction) ? achCode(filters.direction, convention) : undefined,
			'filter[status]': filters.status,
		}),
		listLimit(this, itemIndex),
		`list the ACH transfers of pocket ${pocketId}`,
		itemIndex,
	);
	return await Promise.all(originations.map(async (origination) => await withWay(this, origination)));
}

export const operation: JikoOperation = { description, execute };
