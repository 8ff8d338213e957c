import * as counterparty from './counterparty/Counterparty.resource';
import * as customer from './customer/Customer.resource';
import * as pocket from './pocket/Pocket.resource';
import * as transaction from './transaction/Transaction.resource';
import type { JikoResource } from './types';

/** Every resource the node offers, by its `resource` parameter value. */
export const resources: Record<string, JikoResource> = {
	counterparty: counterparty.operations,
	customer: customer.operations,
	pocket: pocket.operations,
	transaction: transaction.operations,
};

export const resourceDescriptions = [
	...pocket.description,
	...customer.description,
	...transaction.description,
	...counterparty.description,
];
