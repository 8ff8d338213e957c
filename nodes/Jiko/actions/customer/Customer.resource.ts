import { defineResource } from '../defineResource';
import * as get from './get.operation';

export const { operations, description } = defineResource('customer', 'get', {
	get: { module: get, name: 'Get', action: 'Get a customer', description: 'Get an individual or business customer with its status and contact details' },
});
