import { defineResource } from '../defineResource';
import * as getConfirmation from './getConfirmation.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('trade', 'getMany', {
	getConfirmation: { module: getConfirmation, name: 'Get Confirmation', action: 'Get a trade confirmation', description: 'Get the download URL of a trade confirmation PDF (valid for 10 minutes)' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many trades', description: 'List T-bill trades (buys, sells, maturities) of a customer or a pocket' },
});
