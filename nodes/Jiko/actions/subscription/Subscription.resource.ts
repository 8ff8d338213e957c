import { defineResource } from '../defineResource';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as update from './update.operation';

export const { operations, description } = defineResource('subscription', 'getMany', {
	create: { module: create, name: 'Create', action: 'Create a webhook subscription', description: 'Have Jiko send events of the chosen types to a URL, signed with a shared secret' },
	delete: { module: del, name: 'Delete', action: 'Delete a webhook subscription', description: 'Stop the deliveries of a subscription for good' },
	get: { module: get, name: 'Get', action: 'Get a webhook subscription', description: 'Get one webhook subscription' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many webhook subscriptions', description: "List the partner's webhook subscriptions" },
	update: { module: update, name: 'Update', action: 'Update a webhook subscription', description: 'Change the events, URL, description or shared secret of a subscription' },
});
