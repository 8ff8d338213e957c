import * as counterparty from './counterparty/Counterparty.resource';
import * as customer from './customer/Customer.resource';
import * as event from './event/Event.resource';
import * as pocket from './pocket/Pocket.resource';
import * as statement from './statement/Statement.resource';
import * as subscription from './subscription/Subscription.resource';
import * as trade from './trade/Trade.resource';
import * as transaction from './transaction/Transaction.resource';
import type { JikoResource } from './types';

/** Every resource the node offers, by its `resource` parameter value. */
export const resources: Record<string, JikoResource> = {
	counterparty: counterparty.operations,
	customer: customer.operations,
	event: event.operations,
	pocket: pocket.operations,
	statement: statement.operations,
	subscription: subscription.operations,
	trade: trade.operations,
	transaction: transaction.operations,
};

export const resourceDescriptions = [
	...pocket.description,
	...customer.description,
	...transaction.description,
	...counterparty.description,
	...trade.description,
	...statement.description,
	...subscription.description,
	...event.description,
];
