import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import * as achTransfer from './achTransfer/AchTransfer.resource';
import * as counterparty from './counterparty/Counterparty.resource';
import * as customer from './customer/Customer.resource';
import * as event from './event/Event.resource';
import * as onUsTransfer from './onUsTransfer/OnUsTransfer.resource';
import * as pocket from './pocket/Pocket.resource';
import * as statement from './statement/Statement.resource';
import * as subscription from './subscription/Subscription.resource';
import * as trade from './trade/Trade.resource';
import * as transaction from './transaction/Transaction.resource';
import * as wireTransfer from './wireTransfer/WireTransfer.resource';
import type { JikoResource } from './types';

interface ResourceModule {
	operations: JikoResource;
	description: INodeProperties[];
}

/** Every resource the node offers: its `resource` value, its name in Jiko's words, its module.
 * The node's resource list and the router read this one table; the node's subtitle repeats
 * the names as a literal (n8n's lint wants one there) and a unit test keeps the two equal. */
const REGISTRY = {
	pocket: { name: 'Pocket', module: pocket },
	customer: { name: 'Customer', module: customer },
	transaction: { name: 'Transaction', module: transaction },
	counterparty: { name: 'Counterparty', module: counterparty },
	onUsTransfer: { name: 'On-Us Transfer', module: onUsTransfer },
	achTransfer: { name: 'ACH Transfer', module: achTransfer },
	wireTransfer: { name: 'Wire Transfer', module: wireTransfer },
	trade: { name: 'Trade', module: trade },
	statement: { name: 'Statement', module: statement },
	subscription: { name: 'Webhook Subscription', module: subscription },
	event: { name: 'Event', module: event },
} satisfies Record<string, { name: string; module: ResourceModule }>;

export type ResourceKey = keyof typeof REGISTRY;
const KEYS = Object.keys(REGISTRY) as ResourceKey[];

export const resources = Object.fromEntries(KEYS.map((key) => [key, REGISTRY[key].module.operations])) as Record<
	ResourceKey,
	JikoResource
>;

export const resourceOptions: INodePropertyOptions[] = KEYS.map((key) => ({ name: REGISTRY[key].name, value: key })).sort(
	(a, b) => a.name.localeCompare(b.name),
);

export const resourceDescriptions: INodeProperties[] = KEYS.flatMap((key) => REGISTRY[key].module.description);

