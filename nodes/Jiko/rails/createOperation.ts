import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { JikoOperation } from '../actions/types';
import { createTransfer } from '../money/createTransfer';
import type { RailSpec } from '../money/rail';

/** The create operation of a rail: its fields, then the one exactly-once create. */
export function railCreateOperation(resource: string, rail: RailSpec): JikoOperation {
	return {
		description: updateDisplayOptions({ show: { resource: [resource], operation: ['create'] } }, rail.fields),
		async execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
			return await createTransfer.call(this, rail, itemIndex);
		},
	};
}
