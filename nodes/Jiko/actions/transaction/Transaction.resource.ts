import { defineResource } from '../defineResource';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as reconcile from './reconcile.operation';

export const { operations, description } = defineResource('transaction', 'getMany', {
	get: { module: get, name: 'Get', action: 'Get a transaction', description: 'Get one bank transaction of a pocket' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many transactions', description: 'List bank transactions of a customer or a pocket, with filters' },
	reconcile: {
		module: reconcile,
		name: 'Reconcile',
		action: 'Reconcile expected payments',
		description: 'Say for each expected payment whether it was paid, missing, paid twice, for another amount, returned or rejected; optionally list what nobody expected',
	},
});
