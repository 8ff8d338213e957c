import { defineResource } from '../defineResource';
import * as create from './create.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('achTransfer', 'create', {
	create: { module: create, name: 'Create', action: 'Create an ACH transfer that moves money and is refused to AI agents unless the credential allows them', description: 'Pull money into a pocket or pay out to a verified counterparty by ACH, exactly once' },
	get: { module: get, name: 'Get', action: 'Get an ACH transfer', description: 'Get one ACH origination' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many ACH transfers', description: "List a pocket's ACH originations" },
});
