import { defineResource } from '../defineResource';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('counterparty', 'getMany', {
	create: {
		module: create,
		name: 'Create',
		action: 'Create a wire counterparty',
		description: "Add a payee's bank account for wires, once: an account the customer already has is returned, not created again",
	},
	get: { module: get, name: 'Get', action: 'Get a counterparty', description: 'Get an external account with its verification status' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many counterparties', description: "List a customer's external accounts (ACH and wire) with their verification status" },
});
