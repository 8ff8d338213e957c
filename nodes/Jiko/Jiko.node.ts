import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { CREDENTIAL_NAME } from '../../core/credential';
import { requestOptionsField, router } from './actions/router';
import { resourceDescriptions, resourceOptions } from './actions/resources';
import { listSearch } from './methods';

export class Jiko implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jiko',
		name: 'jiko',
		icon: { light: 'file:../../icons/jiko.svg', dark: 'file:../../icons/jiko.dark.svg' },
		group: ['transform'],
		version: 1,
		// The resource in Jiko's words, then the operation. n8n's lint wants the literal here; a
		// unit test checks it names every resource of the node's list as that list does.
		subtitle:
			'={{ ({"pocket":"Pocket","customer":"Customer","transaction":"Transaction","counterparty":"Counterparty","onUsTransfer":"On-Us Transfer","achTransfer":"ACH Transfer","wireTransfer":"Wire Transfer","trade":"Trade","statement":"Statement","subscription":"Webhook Subscription","event":"Event"})[$parameter["resource"]] + " · " + $parameter["operation"] }}',
		description: 'Read pockets, customers, transactions and counterparties, and move money on the Jiko Partner API',
		defaults: { name: 'Jiko' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_NAME, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: resourceOptions,
				default: 'pocket',
			},
			...resourceDescriptions,
			requestOptionsField,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
