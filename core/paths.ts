/**
 * Every Jiko API path the nodes use, in one place, written as Jiko's current docs write them
 * (with the trailing slash, which is part of the signed pathname). v2 where the current docs
 * have it; v1 where they have nothing newer.
 */
export const paths = {
	login: '/api/v1/login/',

	// Pockets (v2: "List Customer Accounts" and "Get Account" of v1 are deprecated)
	pockets: '/api/v2/pockets/',
	pocket: (pocketId: string) => `/api/v2/pockets/${pocketId}/`,
	pocketTransactions: (pocketId: string) => `/api/v2/pockets/${pocketId}/transactions/`,

	customer: (customerId: string) => `/api/v1/customers/${customerId}/`,
	customerCounterparties: (customerId: string) => `/api/v1/customers/${customerId}/counterparties/`,
	counterparty: (customerId: string, counterpartyId: string) =>
		`/api/v1/customers/${customerId}/counterparties/${counterpartyId}/`,
	// Create Counterparty V2 (wire). The Partner reference lists a Counterparties V2 section, but
	// the public material shows only the Customer API's path (/api/v2/counterparties/, whose caller
	// is one customer); this customer-scoped path mirrors the Partner API's v1 counterparty paths
	// and is unconfirmed (README: "What the look-ups rest on").
	createCounterparty: (customerId: string) => `/api/v2/customers/${customerId}/counterparties/`,

	// v1 only: the Partner API has no customer-wide v2 transaction list, and the public pages do
	// not show the path of v2 "Get Transaction".
	customerTransactions: (customerId: string) => `/api/v1/customers/${customerId}/transactions/`,
	// v1 list of a pocket's transactions: where v2 items show no wire id, v1's
	// details.wire_transaction.wire_id is the documented place.
	pocketTransactionsV1: (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/transactions/`,
	pocketTransaction: (pocketId: string, transactionId: string) =>
		`/api/v1/jiko-accounts/${pocketId}/transactions/${transactionId}/`,

	customerTrades: (customerId: string) => `/api/v1/customers/${customerId}/trades/`,
	pocketTrades: (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/trades/`,
	tradeConfirmation: (pocketId: string, tradeId: string) =>
		`/api/v1/jiko-accounts/${pocketId}/trades/${tradeId}/confirmation/`,
	customerStatements: (customerId: string) => `/api/v1/customers/${customerId}/statements/`,

	onUsTransfers: '/api/v1/transfers/on-us/',
	onUsTransfer: (transferId: string) => `/api/v1/transfers/on-us/${transferId}/`,
	achOriginations: (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/ach-originating/`,
	achOrigination: (pocketId: string, achId: string) =>
		`/api/v1/jiko-accounts/${pocketId}/ach-originating/${achId}/`,
	wires: (pocketId: string) => `/api/v1/jiko-accounts/${pocketId}/wires/`,

	events: '/api/v1/events/',
	eventTypes: '/api/v1/events/types/',
	subscriptions: '/api/v1/subscriptions/',
	subscription: (subscriptionId: string) => `/api/v1/subscriptions/${subscriptionId}/`,
} as const;
