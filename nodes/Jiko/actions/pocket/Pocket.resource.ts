import { defineResource } from '../defineResource';
import * as get from './get.operation';
import * as getBalance from './getBalance.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('pocket', 'get', {
	get: { module: get, name: 'Get', action: 'Get a pocket', description: 'Get a pocket with its portfolio' },
	getBalance: { module: getBalance, name: 'Get Balance', action: 'Get the balance of a pocket', description: 'Total value, cash and earnings in cents and dollars (null where Jiko gives none)' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many pockets', description: "List a customer's pockets" },
});
