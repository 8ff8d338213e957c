/** Records → Jiko's JSON shapes (field names and object_type as in Jiko's OpenAPI). */
import type { Assumptions } from './assumptions';
import { amount } from './money';
import type { SandboxState } from './state';
import type {
	AccountRecord,
	CounterpartyRecord,
	CustomerRecord,
	EventRecord,
	StatementRecord,
	SubscriptionRecord,
	TradeRecord,
	TransactionRecord,
} from './types';
import { isoTime } from './util';

export function customerView(c: CustomerRecord, a: Assumptions): Record<string, unknown> {
	const base = {
		...(a.customerIncludesId ? { id: c.id } : {}),
		address: c.address,
		email: c.email,
		phone_number: c.phone_number,
		account_status: c.account_status,
		type: c.type,
	};
	if (c.type === 'INDIVIDUAL') return { ...base, name: c.name, date_of_birth: c.date_of_birth, object_type: 'Individual' };
	return { ...base, name: c.name, identification_number: c.identification_number, object_type: 'Business' };
}

export function accountView(acc: AccountRecord, state: SandboxState): Record<string, unknown> {
	const b = state.balanceOf(acc.id);
	return {
		id: acc.id,
		name: acc.name,
		total_value: amount(b.total),
		status: acc.status,
		portfolio: {
			securities: acc.securities.map((s) => ({
				description: s.description,
				tradable_id: s.tradable_id,
				security_type: s.security_type,
				quantity: s.quantity,
				market_value: amount(s.marketValue),
				external_id: s.external_id,
				maturity_date: s.maturity_date,
				yield_to_maturity: s.yield_to_maturity,
				ask: s.ask,
				bid: s.bid,
			})),
			cash: amount(b.cash),
			all_time_earnings: amount(acc.allTimeEarnings),
		},
		object_type: 'Account',
	};
}

export function transactionView(t: TransactionRecord, a: Assumptions): Record<string, unknown> {
	return {
		id: t.id,
		jiko_account_id: t.accountId,
		amount: amount(a.transactionAmountSign === 'absolute' ? Math.abs(t.amount) : t.amount),
		timestamp: isoTime(t.timestamp),
		status: t.status,
		details: t.details,
		object_type: 'Transaction',
	};
}

export function tradeView(t: TradeRecord): Record<string, unknown> {
	return {
		description: t.description,
		id: t.id,
		trade_datetime: isoTime(t.tradeDatetime),
		settled_date: t.settledDate,
		is_settled: t.isSettled,
		activity: t.activity,
		cusip: t.cusip,
		notional: amount(t.notional),
		quantity: t.quantity,
		price: t.price,
		maturity_date: t.maturityDate,
		jiko_account_id: t.accountId,
		yield_to_maturity: t.yieldToMaturity,
		tradable_id: t.tradableId,
		object_type: 'Trade',
	};
}

export function statementView(s: StatementRecord, baseUrl: string): Record<string, unknown> {
	return {
		id: s.id,
		jiko_account_id: s.accountId,
		type: s.type,
		key: s.key,
		pdf_download_url: `${baseUrl}/_sandbox/documents/statements/${s.id}.pdf`,
		time_created: isoTime(s.timeCreated),
		object_type: 'Statement',
	};
}

export function counterpartyView(c: CounterpartyRecord): Record<string, unknown> {
	const { plaid, micro_deposits, time_created, ...rest } = c.side;
	const side: Record<string, unknown> = { time_created: isoTime(time_created), ...rest };
	if (plaid) side.plaid = { ...plaid, object_type: 'CounterpartyPlaid' };
	if (micro_deposits) side.micro_deposits = { ...micro_deposits, object_type: 'CounterpartyMicroDeposits' };
	return { id: c.id, type: c.type, [c.type === 'ACH' ? 'ach' : 'wire']: side, object_type: 'Counterparty' };
}

/** The shared secret is write-only: it is never part of a response. */
export function subscriptionView(s: SubscriptionRecord): Record<string, unknown> {
	return {
		description: s.description,
		events: [...s.events],
		url: s.url,
		id: s.id,
		time_created: isoTime(s.timeCreated),
		updated_at: isoTime(s.updatedAt),
		status: s.status,
		...(s.retryPolicy !== undefined ? { retry_policy: s.retryPolicy } : {}),
		object_type: 'Subscription',
	};
}

/** The envelope Jiko delivers to webhooks and lists under `event`. */
export function eventEnvelope(e: EventRecord): Record<string, unknown> {
	return { event_id: e.eventId, event_type: e.eventType, timestamp: isoTime(e.timestamp), payload: e.payload };
}

export function partnerEventView(e: EventRecord): Record<string, unknown> {
	return {
		event: eventEnvelope(e),
		delivery_attempts: e.deliveryAttempts.map((d) => ({ ...d, called_at: isoTime(d.called_at) })),
		object_type: 'PartnerEvent',
	};
}
