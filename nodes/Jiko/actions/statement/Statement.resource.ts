import { defineResource } from '../defineResource';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('statement', 'getMany', {
	getMany: { module: getMany, name: 'Get Many', action: 'Get many statements', description: "List a customer's bank, brokerage and tax statements with their PDF download URLs" },
});
