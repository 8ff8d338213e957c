import { defineResource } from '../defineResource';
import * as create from './create.operation';
import * as get from './get.operation';

export const { operations, description } = defineResource('wireTransfer', 'create', {
	create: { module: create, name: 'Create', action: 'Create a wire transfer that moves money and is refused to AI agents unless the credential allows them', description: 'Wire money from a pocket to a verified wire counterparty, exactly once' },
	get: { module: get, name: 'Get', action: 'Get a wire transfer', description: "Find a wire by its wire ID among the pocket's transactions" },
});
