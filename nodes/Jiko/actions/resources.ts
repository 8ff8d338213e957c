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

/** Every resource the node offers, by its `resource` parameter value. */
export const resources: Record<string, JikoResource> = {
	achTransfer: achTransfer.operations,
	counterparty: counterparty.operations,
	customer: customer.operations,
	event: event.operations,
	onUsTransfer: onUsTransfer.operations,
	pocket: pocket.operations,
	statement: statement.operations,
	subscription: subscription.operations,
	trade: trade.operations,
	transaction: transaction.operations,
	wireTransfer: wireTransfer.operations,
};

export const resourceDescriptions = [
	...pocket.description,
	...customer.description,
	...transaction.description,
	...counterparty.description,
	...onUsTransfer.description,
	...achTransfer.description,
	...wireTransfer.description,
	...trade.description,
	...statement.description,
	...subscription.description,
	...event.description,
];
