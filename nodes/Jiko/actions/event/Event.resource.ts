import { defineResource } from '../defineResource';
import * as getEventTypes from './getEventTypes.operation';
import * as getMany from './getMany.operation';

export const { operations, description } = defineResource('event', 'getMany', {
	getEventTypes: { module: getEventTypes, name: 'Get Event Types', action: 'Get the webhook event types', description: 'List every event type a webhook subscription can listen to' },
	getMany: { module: getMany, name: 'Get Many', action: 'Get many past events', description: 'List past webhook events with their delivery attempts' },
});
