import { defineResource } from '../defineResource';
import * as create from './create.operation';
import * as get from './get.operation';

export const { operations, description } = defineResource('onUsTransfer', 'create', {
	create: { module: create, name: 'Create', action: 'Create an on us transfer that moves money and is refused to AI agents unless the credential allows them', description: 'Move money between pockets inside Jiko (book transfer), exactly once' },
	get: { module: get, name: 'Get', action: 'Get an on us transfer', description: 'Get an on-us transfer by its transfer ID' },
});
