import { DEMO_IDS } from './sandbox';

/*
 * The Jiko node's create parameters the money tests share, per rail: an ACH payout and a wire
 * from Acme's operating pocket, and an on-us reallocation between Ada's two pockets. Amount and
 * Business Key come from each item ({{ $json.cents }}, {{ $json.key }}) unless a test overrides
 * them.
 */
const { ada, acme } = DEMO_IDS.customers;

export const byId = (value: string) => ({ __rl: true, mode: 'id', value });

const fromItems = { amountInCents: true, amount: '={{ $json.cents }}', businessKey: '={{ $json.key }}', options: {} };

export const achPayoutParams = {
	resource: 'achTransfer',
	operation: 'create',
	pocketId: byId(acme.pockets.operating),
	counterpartyId: byId(acme.counterparties.achVerified),
	direction: 'out',
	secCode: 'CCD',
	companyEntryDescription: 'Payout',
	...fromItems,
};

export const wireParams = {
	resource: 'wireTransfer',
	operation: 'create',
	pocketId: byId(acme.pockets.operating),
	counterpartyId: byId(acme.counterparties.wireVerified),
	...fromItems,
};

export const onUsParams = {
	resource: 'onUsTransfer',
	operation: 'create',
	transferType: 'INTERNAL_REALLOCATION',
	fromPocketId: byId(ada.pockets.main),
	toPocketId: byId(ada.pockets.reserve),
	amountType: 'REQUESTED_AMOUNT',
	asyncMode: false,
	...fromItems,
};
