import { defineResource } from '../defineResource';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('transaction', 'getMany', {
	get: { module: get, name: 'Get', action: 'Get a transaction', description: 'Get one bank transaction of a pocket' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many transactions', description: 'List bank transactions of a customer or a pocket, with filters' },
});
