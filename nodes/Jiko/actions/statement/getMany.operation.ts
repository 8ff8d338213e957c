import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import {
	compactQuery,
	customerIdField,
	listLimit,
	orderFilter,
	pocketIdList,
	uuidParameter,
	listFields, textFilter,
} from '../../helpers/fields';
import { jikoCursorList } from '../../transport';
import { paths } from '../../../../core/paths';
import type { JikoOperation } from '../types';

/** Jiko lets statement lists ask for up to 150 per page (other cursor lists: 100). */
const STATEMENT_PAGE_SIZE = 150;

/** Jiko's `key` filter: a year (every statement of it) or a year and month. */
const KEY_PATTERN = /^\d{4}(-\d{2})?$/;

export const description = updateDisplayOptions(
	{ show: { resource: ['statement'], operation: ['getMany'] } },
	[
		customerIdField,
		...listFields('Narrow the list by type, period or pocket, and choose the order', [
			orderFilter('creation time'),
			textFilter('Period', 'key', 'Only statements of this year (YYYY) or month (YYYY-MM) (Jiko key filter)', 'e.g. 2026 or 2026-03'),
			textFilter('Pocket IDs', 'pockets', "Comma-separated IDs of the customer's pockets to restrict to (Jiko account[] filter)", 'e.g. 5b7e8a4c-2f1d-4c3b-9a8e-7d6c5b4a3f21, 7d6c5b4a-3f21-4c3b-9a8e-5b7e8a4c2f1d'),
			{
				displayName: 'Types',
				name: 'types',
				type: 'multiOptions',
				options: [
					{ name: '1099-B (Tax Form)', value: '1099B' },
					{ name: '1099-INT (Tax Form)', value: '1099INT' },
					{ name: 'Bank (Monthly Statement)', value: 'BANK' },
					{ name: 'Brokerage (Monthly Statement)', value: 'BROKERAGE' },
				],
				default: [],
				description: 'Only these statement types',
			},
		]),
	],
);

interface Filters {
	order?: string;
	key?: string;
	pockets?: string;
	types?: string[];
}

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const customerId = uuidParameter(this, 'customerId', 'Customer ID', itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as Filters;
	const key = (filters.key ?? '').trim();
	if (key && !KEY_PATTERN.test(key)) {
		throw new NodeOperationError(
			this.getNode(),
			`Filters → Period (item ${itemIndex}): "${key}" is not a period — use a year (YYYY, e.g. 2026) or a month (YYYY-MM, e.g. 2026-03)`,
			{ itemIndex },
		);
	}
	const pockets = pocketIdList(this, 'Filters → Pocket IDs', filters.pockets, itemIndex);
	const query = compactQuery({
		order: filters.order,
		key,
		// repeated keys on the wire: type[]=BANK&type[]=BROKERAGE (the transport sends arrays so)
		'type[]': filters.types,
		'account[]': pockets,
	});
	return await jikoCursorList.call(
		this,
		paths.customerStatements(customerId),
		query,
		{ ...listLimit(this, itemIndex), pageSize: STATEMENT_PAGE_SIZE },
		`list the statements of customer ${customerId}`,
		itemIndex,
	);
}

export const operation: JikoOperation = { description, execute };
