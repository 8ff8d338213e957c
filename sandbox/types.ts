/**
 * Internal records of the sandbox. Times are epoch milliseconds and money is integer cents;
 * `views.ts` turns records into Jiko's JSON (ISO strings, Amount objects, object_type).
 * Everything here is plain JSON so the state can be saved to a data file as-is.
 */

export type AccountStatus = 'OPEN' | 'CLOSED' | 'FROZEN';
export type CustomerAccountStatus = AccountStatus | 'PENDING';
export type TransactionType = 'CARD' | 'CASH_BACK' | 'ACH' | 'WIRE' | 'WIRE_FEE' | 'GENERIC' | 'ON_US';
export const TRANSACTION_TYPES: readonly TransactionType[] = ['CARD', 'CASH_BACK', 'ACH', 'WIRE', 'WIRE_FEE', 'GENERIC', 'ON_US'];
export type StatementType = '1099B' | '1099INT' | 'BANK' | 'BROKERAGE';
export const STATEMENT_TYPES: readonly StatementType[] = ['1099B', '1099INT', 'BANK', 'BROKERAGE'];
export type VerificationType = 'MICRO_DEPOSITS' | 'PLAID' | 'PRE_VERIFIED' | 'INCOMING_WIRE' | 'SUPPORTING_DOCUMENTS';
export type VerificationStatus = 'IN_PROGRESS' | 'FAILED' | 'VERIFIED';

export interface Address {
	street_address: string;
	street_address2?: string;
	city: string;
	postal_code: string;
	state?: string;
	country: string;
}

interface CustomerBase {
	id: string;
	address: Address;
	email: string;
	phone_number: string;
	account_status: CustomerAccountStatus;
	createdAt: number;
}
export interface IndividualRecord extends CustomerBase {
	type: 'INDIVIDUAL';
	name: { first_name: string; middle_name?: string; last_name: string };
	date_of_birth: string;
}
export interface BusinessRecord extends CustomerBase {
	type: 'BUSINESS';
	name: string;
	identification_number: { identification_number: string; type: 'TIN' | 'EIN' | 'NON_US_BUSINESS_ID' };
}
export type CustomerRecord = IndividualRecord | BusinessRecord;

export interface SecurityRecord {
	description: string;
	tradable_id: string;
	security_type: 'FIXED_INCOME' | 'OTHER';
	quantity: number;
	/** market value in cents */
	marketValue: number;
	external_id: string;
	maturity_date: string;
	yield_to_maturity: string;
	ask: string;
	bid: string;
}

export interface AccountRecord {
	id: string;
	/** null for the partner's own pocket */
	customerId: string | null;
	name: string;
	status: AccountStatus;
	securities: SecurityRecord[];
	allTimeEarnings: number;
	createdAt: number;
	/** insertion order, for stable offset lists */
	seq: number;
	/** v2 `deposit_strategy_id` (e.g. UST-4W); derived from the name when absent */
	depositStrategyId?: string;
}

export interface TransactionDetails {
	title?: string;
	transaction_type: TransactionType;
	sub_title?: string;
	transaction_type_title?: string;
	card_transaction?: Record<string, unknown>;
	ach_transaction?: Record<string, unknown>;
	wire_transaction?: Record<string, unknown>;
	wire_fee_transaction?: Record<string, unknown>;
	cash_back_transaction?: Record<string, unknown>;
	on_us_transaction?: Record<string, unknown>;
}

export interface TransactionRecord {
	id: string;
	accountId: string;
	/** signed cents: > 0 money in, < 0 money out */
	amount: number;
	timestamp: number;
	status: 'PENDING' | 'COMPLETED';
	details: TransactionDetails;
	/** not part of Jiko's JSON: what `filter[card]` / `filter[portal]` match on */
	cardId?: string;
	portalId?: string;
	/** when a PENDING transaction became COMPLETED (v2 `time_settled`); seeded COMPLETED
	 * transactions have none and count as settled when booked */
	timeSettled?: number;
	/** v2 `transaction_id`: the transaction this pocket activity represents (both sides of an
	 * on-us transfer share one); defaults to `id` */
	transactionId?: string;
	/** assumption visibilityLagMs: API reads do not see the record before this time (epoch ms) */
	visibleAt?: number;
}

export interface TradeRecord {
	id: string;
	accountId: string;
	description: string;
	tradeDatetime: number;
	settledDate: string | null;
	isSettled: boolean;
	activity: 'BUY' | 'SELL' | 'MATURITY';
	cusip: string;
	notional: number;
	quantity: number;
	price: string;
	maturityDate: string;
	yieldToMaturity: string;
	tradableId: string;
}

export interface StatementRecord {
	id: string;
	accountId: string;
	type: StatementType;
	key: string;
	timeCreated: number;
}

export interface CounterpartySide {
	time_created: number;
	verification_type: VerificationType;
	status: VerificationStatus;
	account_number: string;
	routing_number: string;
	name_on_account: string;
	account_type: 'SAVINGS' | 'CHECKING';
	institution_name: string;
	plaid?: { mask: string; verification_status?: string };
	micro_deposits?: { verification_failure_count: number };
}
export interface CounterpartyRecord {
	id: string;
	customerId: string;
	type: 'ACH' | 'WIRE';
	side: CounterpartySide;
	/** Created through POST …/counterparties (v2, sandbox/payees.ts): when its verification
	 * ends (ms) and how; the wire details as given. Seeded counterparties have none. */
	verification?: { decideAt: number; outcome: 'VERIFIED' | 'FAILED' | 'IN_PROGRESS' };
	created?: { address: Record<string, unknown>; counterparty_name: Record<string, unknown>; wire_instructions?: string };
}

export interface PortalRecord {
	id: string;
	accountId: string;
	routing_number: string;
	account_number: string;
	status: 'OPEN' | 'CLOSED';
	name: string;
}

export interface CardRecord {
	id: string;
	accountId: string;
	name: string;
	type: 'VIRTUAL' | 'PHYSICAL';
	status: 'OPEN' | 'LOCKED' | 'CLOSED' | 'NOT_ACTIVATED' | 'FROZEN';
}

export interface SubscriptionRecord {
	id: string;
	description: string;
	events: string[];
	url: string;
	/** used to sign deliveries; never returned by the API */
	sharedSecret: string;
	status: 'enabled' | 'disabled';
	retryPolicy?: unknown;
	timeCreated: number;
	updatedAt: number;
}

export interface DeliveryAttempt {
	delivery_attempt_id: string;
	subscription_id: string;
	success: boolean;
	response_code: number;
	response_message: string;
	called_at: number;
}

export interface EventRecord {
	eventId: string;
	eventType: string;
	timestamp: number;
	payload: Record<string, unknown>;
	deliveryAttempts: DeliveryAttempt[];
	/** order of creation (ties on timestamp) */
	seq: number;
	/** When the sandbox recorded it (epoch ms; the timestamp may be set in the past): what
	 * assumption eventListLagMs counts from. Absent in data files written before it existed. */
	recordedAt?: number;
}

export type OnUsTransferType = 'PARTNER_CUSTOMER_FUNDING' | 'PARTNER_CUSTOMER_DEFUNDING' | 'INTERNAL_REALLOCATION' | 'PEER_TO_PEER';
export const ON_US_TRANSFER_TYPES: readonly OnUsTransferType[] = ['PARTNER_CUSTOMER_FUNDING', 'PARTNER_CUSTOMER_DEFUNDING', 'INTERNAL_REALLOCATION', 'PEER_TO_PEER'];
export type OnUsStatus = 'PENDING' | 'COMPLETED' | 'REJECTED';
export type TransferStateReason = 'ACCOUNT_UNAVAILABLE' | 'CANCELED' | 'INSUFFICIENT_FUNDS' | 'INVALID_CURRENCY' | 'INVALID_TRANSFER' | 'SANCTION_SCREEN_FAILED';

/** An on-us transfer; `id` is the transfer_id (client-chosen or generated). A transfer executed
 * again under an existing transfer_id (assumption duplicateTransferId: execute-again) gets a
 * fresh internal `id` and names the transfer_id in `duplicateOf`. */
export interface OnUsTransferRecord {
	id: string;
	duplicateOf?: string;
	visibleAt?: number;
	type: OnUsTransferType;
	status: OnUsStatus;
	reason?: TransferStateReason;
	description?: string;
	endToEndIdentification?: string;
	from: { id: string; type: 'JIKO_ACCOUNT' };
	/** type: JIKO_ACCOUNT, or for PEER_TO_PEER the assumption peerToPeerToAccountType */
	to: { id: string; type: string };
	/** the pocket credited: to.id, or the pocket an on-us counterparty points at */
	destinationAccountId: string;
	amountType: 'REQUESTED_AMOUNT' | 'FULL_WITHDRAWAL';
	/** cents moved (requested amount; for FULL_WITHDRAWAL the amount known so far / moved) */
	amount: number;
	/** AUM fee in cents (only FULL_WITHDRAWAL can have one) */
	fee: number;
	asyncMode: boolean;
	source?: string;
	target?: string;
	timeCreated: number;
	seq: number;
	transactionIds: string[];
}

/** Sandbox-only model of a customer's on-us ("JikoNet") counterparty: another Jiko pocket. */
export interface OnUsCounterpartyRecord {
	id: string;
	customerId: string;
	/** the pocket money sent to this counterparty lands in */
	accountId: string;
	name: string;
	/** "Jiko Network Address" (12 digits) as in the Customer API */
	account_number: string;
	timeCreated: number;
}

export type AchDirection = 'DEBIT' | 'CREDIT';
export type AchStatus = 'PENDING' | 'FAILED' | 'REJECTED' | 'PROCESSED' | 'APPROVED' | 'IN_TRANSIT' | 'CANCELLED';
export const ACH_STATUSES: readonly AchStatus[] = ['PENDING', 'FAILED', 'REJECTED', 'PROCESSED', 'APPROVED', 'IN_TRANSIT', 'CANCELLED'];
export interface AchOriginationRecord {
	id: string;
	accountId: string;
	counterpartyId: string;
	direction: AchDirection;
	secCode: 'CCD' | 'WEB';
	amount: number;
	paymentRelatedInformation: string[];
	companyEntryDescription: string;
	status: AchStatus;
	timeCreated: number;
	seq: number;
	/** the ACH transaction booked at create (PENDING), settled at PROCESSED, removed at REJECTED */
	transactionId?: string;
	visibleAt?: number;
}

/** An outgoing wire; `id` is the wire_id. A wire executed again under an existing wire_id
 * (duplicateTransferId: execute-again) gets a fresh internal `id` and `duplicateOf` = wire_id. */
export interface WireRecord {
	id: string;
	duplicateOf?: string;
	visibleAt?: number;
	accountId: string;
	counterpartyId: string;
	amount: number;
	fee: number;
	description?: string;
	createdBy?: string;
	status: 'PENDING' | 'COMPLETED' | 'REJECTED';
	referenceNumber: string;
	timeCreated: number;
	seq: number;
	transactionIds: string[];
}

/** Everything the API serves. Replaced wholesale by a reset. */
export interface SandboxData {
	version: 1;
	partnerPocketId: string;
	/** the partner's own id (v2 `customer_id` of the partner pocket); filled in on load */
	partnerId?: string;
	seq: number;
	customers: Record<string, CustomerRecord>;
	accounts: Record<string, AccountRecord>;
	transactions: Record<string, TransactionRecord>;
	trades: Record<string, TradeRecord>;
	statements: Record<string, StatementRecord>;
	counterparties: Record<string, CounterpartyRecord>;
	portals: Record<string, PortalRecord>;
	cards: Record<string, CardRecord>;
	subscriptions: Record<string, SubscriptionRecord>;
	events: Record<string, EventRecord>;
	/** money movement (absent in data files written before it existed; filled in on load) */
	onUsTransfers: Record<string, OnUsTransferRecord>;
	onUsCounterparties: Record<string, OnUsCounterpartyRecord>;
	achOriginations: Record<string, AchOriginationRecord>;
	wires: Record<string, WireRecord>;
}

/** Authentication memory: bearer tokens and recently seen idempotency keys. */
export interface AuthData {
	/** token → expiry (epoch ms) */
	tokens: Record<string, number>;
	/** lower-cased idempotency key → first seen (epoch ms) */
	idempotencyKeys: Record<string, number>;
}

export interface SandboxStats {
	logins: number;
	failedLogins: number;
	requests: number;
	rejected: { auth: number; signature: number; repeated: number; validation: number; rateLimited: number };
	/** requests answered with the stored first answer (assumption repeatedKey: replay) */
	replayed: number;
	webhookAttempts: number;
	/** GET /api/v1/events/ answered (a poller's reads: tests use it to act in the middle of a poll). */
	eventListReads: number;
}
