import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import {
	compactQuery,
	isoInstant,
	listLimit,
	uuidParameter,
	scopeFields,
	listFields, dateFilter,
} from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

export const description = updateDisplayOptions(
	{ show: { resource: ['trade'], operation: ['getMany'] } },
	[
		...scopeFields('trades'),
		...listFields('Narrow the list by trade date', [
			dateFilter('Trade Date From', 'tradeDatetimeFrom', 'Only trades made at or after this time (Jiko trade_datetime_from)'),
			dateFilter('Trade Date To', 'tradeDatetimeTo', 'Only trades made at or before this time (Jiko trade_datetime_to)'),
		]),
	],
);

interface Filters {
	tradeDatetimeFrom?: string;
	tradeDatetimeTo?: string;
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const query = compactQuery({
		trade_datetime_from: isoInstant(this, 'Filters → Trade Date From', filters.tradeDatetimeFrom, itemIndex),
		trade_datetime_to: isoInstant(this, 'Filters → Trade Date To', filters.tradeDatetimeTo, itemIndex),
	});
	const limit = listLimit(this, itemIndex);
	if (this.getNodeParameter('scope', itemIndex) === 'pocket') {
		const pocketId = uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true);
		return await jikoCursorList.call(this, paths.pocketTrades(pocketId), query, limit, `list the trades of pocket ${pocketId}`, itemIndex);
	}
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	return await jikoCursorList.call(this, paths.customerTrades(customerId), query, limit, `list the trades of customer ${customerId}`, itemIndex);
}

export const operation: JikoOperation = { description, execute };
