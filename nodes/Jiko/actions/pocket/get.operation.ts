import { updateDisplayOptions, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { customerForListField, pocketLocator, uuidParameter } from '../../helpers/fields';
import type { JikoOperation } from '../types';
import { getPocket } from './pockets';

export const description = updateDisplayOptions(
	{ show: { resource: ['pocket'], operation: ['get'] } },
	[customerForListField, pocketLocator()],
);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	return await getPocket(this, uuidParameter(this, 'pocketId', 'Pocket', itemIndex, true), itemIndex);
}

export const operation: JikoOperation = { description, execute };
