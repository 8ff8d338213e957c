import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { router } from './actions/router';
import { resourceDescriptions } from './actions/resources';
import { listSearch } from './methods';

export class Jiko implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Jiko',
		name: 'jiko',
		icon: { light: 'file:../../icons/jiko.svg', dark: 'file:../../icons/jiko.dark.svg' },
		group: ['transform'],
		version: 1,
		// e.g. "On-Us Transfer · create": the resource in Jiko's words, then the operation
		subtitle:
			'={{ ({achTransfer: "ACH Transfer", counterparty: "Counterparty", customer: "Customer", event: "Event", onUsTransfer: "On-Us Transfer", pocket: "Pocket", statement: "Statement", subscription: "Webhook Subscription", trade: "Trade", transaction: "Transaction", wireTransfer: "Wire Transfer"})[$parameter["resource"]] + " · " + $parameter["operation"] }}',
		description: 'Read pockets, customers, transactions and counterparties, and move money on the Jiko Partner API',
		defaults: { name: 'Jiko' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jikoApi', required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'ACH Transfer', value: 'achTransfer' },
					{ name: 'Counterparty', value: 'counterparty' },
					{ name: 'Customer', value: 'customer' },
					{ name: 'Event', value: 'event' },
					{ name: 'On-Us Transfer', value: 'onUsTransfer' },
					{ name: 'Pocket', value: 'pocket' },
					{ name: 'Statement', value: 'statement' },
					{ name: 'Trade', value: 'trade' },
					{ name: 'Transaction', value: 'transaction' },
					{ name: 'Webhook Subscription', value: 'subscription' },
					{ name: 'Wire Transfer', value: 'wireTransfer' },
				],
				default: 'pocket',
			},
			...resourceDescriptions,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
