/**
 * Every JSON shape the sandbox answers with: records → Jiko's JSON (field names and object_type
 * as in Jiko's OpenAPI and current docs), plus the sandbox-only demo and ledger views. Route
 * modules render only through these functions.
 */
import type { Assumptions } from './assumptions';
import { amount } from './money';
import type { SandboxState } from './state';
import type {
	AccountRecord,
	AchOriginationRecord,
	CounterpartyRecord,
	CustomerRecord,
	EventRecord,
	OnUsTransferRecord,
	SecurityRecord,
	StatementRecord,
	SubscriptionRecord,
	TradeRecord,
	TransactionRecord,
	WireRecord,
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

const securityV1 = (s: SecurityRecord): Record<string, unknown> => ({
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
});

/** v1 Account (GET /api/v1/jiko-accounts/{id}/, List Customer Accounts). */
export function accountView(acc: AccountRecord, state: SandboxState): Record<string, unknown> {
	const b = state.balanceOf(acc.id);
	return {
		id: acc.id,
		name: acc.name,
		total_value: amount(b.total),
		status: acc.status,
		portfolio: {
			securities: acc.securities.map(securityV1),
			cash: amount(b.cash),
			all_time_earnings: amount(acc.allTimeEarnings),
		},
		object_type: 'Account',
	};
}

/** v2 Pocket (GET /api/v2/pockets/ and /api/v2/pockets/{id}/). The partner's own pocket has
 * type PARTNER and the partner's id as `customer_id`. */
export function pocketV2View(acc: AccountRecord, state: SandboxState): Record<string, unknown> {
	const b = state.balanceOf(acc.id);
	const strategy = acc.depositStrategyId ?? 'UST-4W';
	return {
		id: acc.id,
		pocket_name: acc.name,
		portfolio: {
			securities: acc.securities.map((s) => ({ type: s.security_type, ...securityV1(s), cusip: s.external_id, jiko_mark_price: s.bid })),
			cash: amount(b.cash),
			total_value: amount(b.total),
			all_time_earnings: amount(acc.allTimeEarnings),
		},
		status: acc.status,
		attributes: [],
		deposit_strategy_id: strategy,
		reinvestment_strategy_id: strategy,
		type: acc.customerId === null ? 'PARTNER' : 'CUSTOMER',
		customer_id: acc.customerId ?? state.data.partnerId,
		object_type: 'Pocket',
	};
}

/**
 * Jiko documents `ach_id` as "not populated for originations before July 2024" (fixed choice,
 * ASSUMPTIONS.md L13): an origination booked before this instant shows `ach_id: null` in v1
 * `details.ach_transaction` and in v2 items. An origination's transaction is booked when the
 * origination is created, so its `timestamp` is the origination's `time_created`.
 */
export const ACH_ID_POPULATED_FROM = Date.UTC(2024, 6, 1, 0, 0, 0);

/** The `ach_id` Jiko shows for an ACH transaction (null for received ACH and old originations). */
function shownAchId(t: TransactionRecord): string | null {
	const a = t.details.ach_transaction as Record<string, unknown> | undefined;
	const id = a?.ach_id;
	if (typeof id !== 'string') return null;
	return a?.ach_direction === 'ORIGINATION' && t.timestamp < ACH_ID_POPULATED_FROM ? null : id;
}

/** A Fedwire beneficiary name line holds 35 characters (assumption wireCounterpartyName: fedwireLine). */
const FEDWIRE_NAME_LINE = 35;

/** An outgoing wire's (and its fee's) `counterparty_name` and title as assumption
 * wireCounterpartyName shows them; recorded: the counterparty's name_on_account. */
function wireDetailsView(t: TransactionRecord, a: Assumptions): TransactionRecord['details'] {
	const d = t.details;
	const key = d.wire_transaction ? 'wire_transaction' : d.wire_fee_transaction ? 'wire_fee_transaction' : undefined;
	if (!key || t.amount >= 0 || a.wireCounterpartyName === 'nameOnAccount') return d;
	const side = d[key] as Record<string, unknown>;
	if (a.wireCounterpartyName === 'absent') {
		const { counterparty_name: _hidden, ...rest } = side;
		return { ...d, ...(key === 'wire_transaction' ? { title: 'Wire Transfer Out' } : {}), [key]: rest } as TransactionRecord['details'];
	}
	const line = String(side.counterparty_name ?? '').toUpperCase().slice(0, FEDWIRE_NAME_LINE);
	return { ...d, ...(key === 'wire_transaction' ? { title: `Wire to ${line}` } : {}), [key]: { ...side, counterparty_name: line } } as TransactionRecord['details'];
}

/** `details` as shown: as recorded, except the ach_id of an origination from before July 2024
 * and the payee name of an outgoing wire (assumption wireCounterpartyName). */
function detailsView(t: TransactionRecord, a: Assumptions): TransactionRecord['details'] {
	const d = wireDetailsView(t, a);
	const ach = d.ach_transaction as Record<string, unknown> | undefined;
	if (!ach || typeof ach.ach_id !== 'string' || shownAchId(t) !== null) return d;
	return { ...d, ach_transaction: { ...ach, ach_id: null } } as TransactionRecord['details'];
}

export function transactionView(t: TransactionRecord, a: Assumptions): Record<string, unknown> {
	return {
		id: t.id,
		jiko_account_id: t.accountId,
		amount: amount(a.transactionAmountSign === 'absolute' ? Math.abs(t.amount) : t.amount),
		timestamp: isoTime(t.timestamp),
		status: t.status,
		details: detailsView(t, a),
		object_type: 'Transaction',
	};
}

/** When a transaction settled (v2 `time_settled`): seeded COMPLETED ones settled when booked. */
export const settledAt = (t: TransactionRecord): number | undefined => (t.status === 'COMPLETED' ? (t.timeSettled ?? t.timestamp) : undefined);

/**
 * v2 TransactionActivity (GET /api/v2/pockets/{id}/transactions/): flat, discriminated by
 * `type`; `amount` is always positive and `direction` says which way money went (CREDIT = into
 * the pocket). `id` is the pocket's activity id (the same id as the v1 transaction), and
 * `transaction_id` the transaction it represents (both sides of an on-us transfer share it).
 * v1 PENDING is BOOKED (time_settled null); COMPLETED is SETTLED. Where the ACH / wire fields
 * sit follows assumption v2TransferIds: top-level (`flat`), under `details.<kind>_transaction`
 * (`nested`), or top-level without `ach_id` / `wire_id` (`absent`).
 */
export function transactionActivityView(t: TransactionRecord, a: Assumptions): Record<string, unknown> {
	const d = detailsView(t, a);
	const type = d.transaction_type;
	const settled = settledAt(t);
	const base: Record<string, unknown> = {
		id: t.id,
		transaction_id: t.transactionId ?? t.id,
		type,
		description: d.transaction_type_title ?? type,
		title: d.title ?? '',
		amount: amount(Math.abs(t.amount)),
		direction: t.amount < 0 ? 'DEBIT' : 'CREDIT',
		time_booked: isoTime(t.timestamp),
		time_settled: settled === undefined ? null : isoTime(settled),
		status: settled === undefined ? 'BOOKED' : 'SETTLED',
		pocket_id: t.accountId,
		object_type: 'TransactionActivity',
	};
	const get = (o: Record<string, unknown> | undefined, k: string) => (o && o[k] !== undefined ? o[k] : null);
	/** The type's own fields, placed as v2TransferIds says; `idKey` is the transfer id among them. */
	const place = (detailsKey: string, fields: Record<string, unknown>, idKey: string): Record<string, unknown> => {
		if (a.v2TransferIds === 'nested') return { ...base, details: { [detailsKey]: fields } };
		if (a.v2TransferIds === 'absent') {
			const { [idKey]: _dropped, ...rest } = fields;
			return { ...base, ...rest };
		}
		return { ...base, ...fields };
	};
	if (type === 'ACH') {
		const x = d.ach_transaction;
		return place(
			'ach_transaction',
			{
				ach_id: shownAchId(t),
				ach_direction: get(x, 'ach_direction') ?? 'RECEIVING',
				company_name: get(x, 'company_name'),
				company_entry_description: get(x, 'company_entry_description'),
				trace_number: get(x, 'trace_number'),
			},
			'ach_id',
		);
	}
	if (type === 'WIRE' || type === 'WIRE_FEE') {
		const w = d.wire_transaction ?? d.wire_fee_transaction;
		const key = type === 'WIRE' ? 'wire_transaction' : 'wire_fee_transaction';
		return place(key, { wire_id: get(w, 'wire_id'), reference_number: get(w, 'reference_number'), counterparty_name: get(w, 'counterparty_name') }, 'wire_id');
	}
	if (type === 'ON_US') {
		const o = d.on_us_transaction;
		return { ...base, on_us_transfer_id: get(o, 'on_us_transfer_id'), on_us_transfer_type: get(o, 'on_us_transfer_type') };
	}
	return base;
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

export function counterpartyView(c: CounterpartyRecord, accountNumbers: 'full' | 'masked' = 'full'): Record<string, unknown> {
	const { plaid, micro_deposits, time_created, ...rest } = c.side;
	const side: Record<string, unknown> = { time_created: isoTime(time_created), ...rest };
	if (accountNumbers === 'masked' && typeof side.account_number === 'string') side.account_number = `*****${side.account_number.slice(-4)}`;
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

/** The client-facing id of an on-us transfer / wire (a re-executed duplicate shows the id it repeats). */
export const transferIdOf = (t: OnUsTransferRecord | WireRecord): string => t.duplicateOf ?? t.id;

export function onUsView(t: OnUsTransferRecord): Record<string, unknown> {
	const id = transferIdOf(t);
	const transfer: Record<string, unknown> = {
		type: t.type,
		transfer_id: id,
		...(t.description !== undefined ? { description: t.description } : {}),
		...(t.endToEndIdentification !== undefined ? { end_to_end_identification: t.endToEndIdentification } : {}),
		from_account: { ...t.from },
		to_account: { ...t.to },
		amount: amount(t.amount),
		...(t.source !== undefined ? { source: t.source } : {}),
		...(t.target !== undefined ? { target: t.target } : {}),
	};
	return {
		id,
		status: t.status,
		reason: t.reason ?? null,
		transfer,
		fees: [{ type: 'AUM_FEE', amount: amount(t.fee) }],
		object_type: 'OnUsTransfer',
	};
}

/** ACHResponse (create, get, list), with `object_type: "ACHResponse"` as in Jiko's examples. Adds `amount_usdc`. */
export function achView(a: AchOriginationRecord): Record<string, unknown> {
	return {
		id: a.id,
		counterparty_id: a.counterpartyId,
		direction: a.direction,
		sec_code: a.secCode,
		amount_usdc: a.amount,
		amount: amount(a.amount),
		payment_related_information: [...a.paymentRelatedInformation],
		company_entry_description: a.companyEntryDescription,
		jiko_account_id: a.accountId,
		status: a.status,
		time_created: isoTime(a.timeCreated),
		object_type: 'ACHResponse',
	};
}

/** The sandbox's Wire object (Jiko documents no body: used only with wireCreateBody: wire, and
 * in the admin ledger). */
export function wireView(w: WireRecord): Record<string, unknown> {
	const id = transferIdOf(w);
	return {
		id,
		wire_id: id,
		counterparty_id: w.counterpartyId,
		amount: amount(w.amount),
		description: w.description ?? null,
		created_by: w.createdBy ?? null,
		jiko_account_id: w.accountId,
		status: w.status,
		time_created: isoTime(w.timeCreated),
		object_type: 'Wire',
	};
}

/** GET /api/v1/sandbox/demo/ and GET /_sandbox/demo: the seeded ids to start exploring with. */
export function demoView(state: SandboxState): Record<string, unknown> {
	// seed order: Ada, Grace, Acme
	const customers = Object.values(state.data.customers).map((c) => ({
		id: c.id,
		type: c.type,
		name: c.type === 'INDIVIDUAL' ? `${c.name.first_name} ${c.name.last_name}` : c.name,
		pockets: state.accountsOf(c.id).map((a) => a.id),
		counterparties: Object.values(state.data.counterparties)
			.filter((cp) => cp.customerId === c.id)
			.sort((a, b) => a.side.time_created - b.side.time_created)
			.map((cp) => cp.id),
		// sandbox-only: on-us counterparties for PEER_TO_PEER transfers (see ASSUMPTIONS.md)
		on_us_counterparties: Object.values(state.data.onUsCounterparties ?? {})
			.filter((cp) => cp.customerId === c.id)
			.sort((a, b) => a.timeCreated - b.timeCreated)
			.map((cp) => cp.id),
	}));
	return { partner: { pocket_id: state.data.partnerPocketId }, customers };
}

/** GET /_sandbox/ledger: every money-movement record (duplicates included, by creation) and
 * every pocket's balance, never lagged. On-us records carry `transfer_id`, wires `wire_id`. */
export function ledgerView(state: SandboxState): Record<string, unknown> {
	const bySeq = <T extends { seq: number }>(xs: T[]) => [...xs].sort((a, b) => a.seq - b.seq);
	const balances: Record<string, Record<string, number>> = {};
	for (const id of Object.keys(state.data.accounts)) {
		const b = state.balanceOf(id);
		balances[id] = { cash: b.cash, pending: b.pending, available: state.availableOf(id), securities: b.securities, total: b.total };
	}
	return {
		onUs: bySeq(Object.values(state.data.onUsTransfers)).map((t) => ({ ...onUsView(t), transfer_id: transferIdOf(t), duplicate: t.duplicateOf !== undefined })),
		ach: bySeq(Object.values(state.data.achOriginations)).map(achView),
		wires: bySeq(Object.values(state.data.wires)).map((w) => ({ ...wireView(w), duplicate: w.duplicateOf !== undefined })),
		balances,
	};
}
