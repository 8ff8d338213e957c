import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { limitField, listLimit, returnAllField, UUID_PATTERN } from '../../helpers/fields';
import { itemsWanted } from '../../transport';
import type { JikoOperation } from '../types';
import { pocketPage, POCKET_STATUSES } from './pockets';

export const description = updateDisplayOptions(
	{ show: { resource: ['pocket'], operation: ['getMany'] } },
	[
		{
			displayName: 'Customer ID',
			name: 'customerId',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1b4e28ba-2fa1-41d2-883f-0016d3cca427',
			description:
				"Only this customer's pockets. Empty: every pocket of your partner account. (Jiko's v2 list has no customer filter, so the node reads the pages and keeps this customer's.)",
		},
		returnAllField,
		limitField,
		{
			displayName: 'Statuses',
			name: 'statuses',
			type: 'multiOptions',
			default: [],
			description: 'Only pockets in these statuses (empty: all)',
			options: POCKET_STATUSES.map((status) => ({ name: status.charAt(0) + status.slice(1).toLowerCase(), value: status })),
		},
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject[]> {
	const customerId = String(this.getNodeParameter('customerId', itemIndex, '') ?? '').trim();
	if (customerId && !UUID_PATTERN.test(customerId)) {
		throw new NodeOperationError(
			this.getNode(),
			`Customer ID (item ${itemIndex}): "${customerId}" is not a Jiko ID — Jiko IDs are UUIDs such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427`,
			{ itemIndex },
		);
	}
	const statuses = this.getNodeParameter('statuses', itemIndex, []) as string[];
	const { returnAll, limit } = listLimit(this, itemIndex);
	const wanted = itemsWanted(this, { returnAll, limit }, itemIndex);
	const pockets: IDataObject[] = [];
	let cursor: string | undefined;
	const seen = new Set<string>();
	do {
		const page = await pocketPage(this, { cursor, customerId: customerId || undefined, statuses, itemIndex });
		pockets.push(...page.pockets);
		cursor = page.next;
		if (cursor && seen.has(cursor)) break; // a cursor that comes back would loop forever
		if (cursor) seen.add(cursor);
	} while (cursor && pockets.length < wanted);
	return pockets.slice(0, returnAll ? undefined : wanted);
}

export const operation: JikoOperation = { description, execute };
