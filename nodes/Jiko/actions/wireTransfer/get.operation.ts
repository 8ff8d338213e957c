import {
	NodeOperationError,
	updateDisplayOptions,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { idField, inPocketFields, readInPocket } from '../../helpers/fields';
import { executionMemory } from '../../money/memory';
import { readingsOf } from '../../money/readings';
import type { JikoOperation } from '../types';
import { findWire, WIRE_LOOKUP_NOTE } from '../../rails/wire/lookup';

export const description = updateDisplayOptions(
	{ show: { resource: ['wireTransfer'], operation: ['get'] } },
	[
		{ displayName: WIRE_LOOKUP_NOTE, name: 'wireLookupNotice', type: 'notice', default: '' },
		...inPocketFields(
			idField('Wire ID', 'wireId', 'e.g. 0e1d2c3b-4a59-4867-9f8e-7d6c5b4a3928', 'The wire_id given when the wire was created (the node derives it from the Business Key)'),
		),
	],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const { pocketId, id: wireId } = readInPocket(this, 'wireId', 'Wire ID', itemIndex);
	const look = await findWire(this, executionMemory(this), await readingsOf(this), { pocketId, wireId, itemIndex, fresh: false });
	const wire = look.transfer;
	if (!wire) {
		throw new NodeOperationError(this.getNode(), `Wire ${wireId} not found in pocket ${pocketId}`, {
			itemIndex,
			description: look.blind
				? `${WIRE_LOOKUP_NOTE} ${look.blind}: check the pocket's transactions by hand.`
				: `${WIRE_LOOKUP_NOTE} No transaction of this pocket carries that wire ID (searched: ${look.path}).`,
		});
	}
	return wire;
}

export const operation: JikoOperation = { description, execute };
