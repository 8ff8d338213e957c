/**
 * Deterministic demo data: every id is a v5 UUID of a fixed name and every number comes from
 * a fixed-seed PRNG and a fixed anchor date, so docs, examples and tests can rely on them.
 */
import type {
	AccountRecord,
	CounterpartyRecord,
	CounterpartySide,
	CustomerRecord,
	EventRecord,
	SandboxData,
	SecurityRecord,
	StatementRecord,
	TradeRecord,
	TransactionDetails,
	TransactionRecord,
} from './types';
import { isoDate, prng, sid } from './util';

const DAY = 86_400_000;
/** "Now" of the seed data; all seeded times lie before it. */
export const SEED_ANCHOR_MS = Date.UTC(2026, 9, 31, 18, 0, 0);
/** Number of transactions on the big demo pocket (Ada's main pocket). */
export const BIG_POCKET_TRANSACTIONS = 320;

const pockets = {
	partner: sid('account', 'partner'),
	adaMain: sid('account', 'ada', 'main'),
	adaReserve: sid('account', 'ada', 'reserve'),
	adaFrozen: sid('account', 'ada', 'frozen'),
	graceMain: sid('account', 'grace', 'main'),
	graceSavings: sid('account', 'grace', 'savings'),
	acmeOperating: sid('account', 'acme', 'operating'),
	acmePayroll: sid('account', 'acme', 'payroll'),
	acmeClosed: sid('account', 'acme', 'closed'),
};

/** Named ids of the seeded objects (the same on every start). */
export const DEMO_IDS = {
	partnerPocketId: pockets.partner,
	/** the partner's own id: v2 `customer_id` of the partner pocket */
	partnerId: sid('partner'),
	customers: {
		ada: {
			id: sid('customer', 'ada'),
			type: 'INDIVIDUAL' as const,
			pockets: { main: pockets.adaMain, reserve: pockets.adaReserve, frozen: pockets.adaFrozen },
			counterparties: {
				achVerified: sid('counterparty', 'ada', 'ach-verified'),
				wireVerified: sid('counterparty', 'ada', 'wire-verified'),
				achInProgress: sid('counterparty', 'ada', 'ach-in-progress'),
				achFailed: sid('counterparty', 'ada', 'ach-failed'),
			},
			/** on-us (PEER_TO_PEER) counterparty: Grace's main pocket (not in the counterparty list) */
			onUsCounterparty: sid('on-us-counterparty', 'ada', 'grace'),
		},
		grace: {
			id: sid('customer', 'grace'),
			type: 'INDIVIDUAL' as const,
			pockets: { main: pockets.graceMain, savings: pockets.graceSavings },
			counterparties: {
				achVerified: sid('counterparty', 'grace', 'ach-verified'),
				wireInProgress: sid('counterparty', 'grace', 'wire-in-progress'),
			},
			/** on-us (PEER_TO_PEER) counterparty: Ada's main pocket (not in the counterparty list) */
			onUsCounterparty: sid('on-us-counterparty', 'grace', 'ada'),
		},
		acme: {
			id: sid('customer', 'acme'),
			type: 'BUSINESS' as const,
			pockets: { operating: pockets.acmeOperating, payroll: pockets.acmePayroll, closed: pockets.acmeClosed },
			counterparties: {
				achVerified: sid('counterparty', 'acme', 'ach-verified'),
				wireVerified: sid('counterparty', 'acme', 'wire-verified'),
				achFailed: sid('counterparty', 'acme', 'ach-failed'),
			},
		},
	},
	cards: { adaVirtual: sid('card', 'ada', 'virtual'), acmePhysical: sid('card', 'acme', 'physical') },
	portals: Object.fromEntries(Object.entries(pockets).map(([k, id]) => [k, sid('portal', id)])) as Record<keyof typeof pockets, string>,
	seededSubscriptionId: sid('subscription', 'legacy'),
};

export const PARTNER_NAME = 'Sandbox Partner Inc.';

function emptyData(): SandboxData {
	return {
		version: 1,
		partnerPocketId: pockets.partner,
		partnerId: DEMO_IDS.partnerId,
		seq: 0,
		customers: {},
		accounts: {},
		transactions: {},
		trades: {},
		statements: {},
		counterparties: {},
		portals: {},
		cards: {},
		subscriptions: {},
		events: {},
		onUsTransfers: {},
		onUsCounterparties: {},
		achOriginations: {},
		wires: {},
	};
}

const MERCHANTS = [
	{ name: 'BLUE BOTTLE COFFEE', street: '300 WEBSTER ST', city: 'OAKLAND', state: 'CA', type: 'Coffee Shop', lo: 400, hi: 1800 },
	{ name: 'WHOLE FOODS MARKET', street: '399 4TH ST', city: 'SAN FRANCISCO', state: 'CA', type: 'Grocery Store', lo: 2500, hi: 24000 },
	{ name: 'UBER TRIP', street: '1515 3RD ST', city: 'SAN FRANCISCO', state: 'CA', type: 'Transportation', lo: 900, hi: 6500 },
	{ name: 'AMAZON MKTPLACE', street: '410 TERRY AVE N', city: 'SEATTLE', state: 'WA', type: 'Online Retail', lo: 1200, hi: 30000 },
	{ name: 'SHELL OIL 5741', street: '2 MARKET ST', city: 'HOUSTON', state: 'TX', type: 'Gas Station', lo: 3000, hi: 9000 },
	{ name: 'ATM ABCD', street: '26 HOUSTON TEXAS CIR', city: 'HOUSTON', state: 'TX', type: 'ATM', lo: 2000, hi: 40000 },
];
const ACH_IN = [
	{ company: 'GUSTO', desc: 'PAYROLL', lo: 250_000, hi: 900_000 },
	{ company: 'VENMO', desc: 'CASHOUT', lo: 5_000, hi: 90_000 },
	{ company: 'STRIPE', desc: 'TRANSFER', lo: 50_000, hi: 500_000 },
];
const ACH_OUT = [
	{ company: 'CHASE CREDIT CRD', desc: 'AUTOPAY', lo: 20_000, hi: 300_000 },
	{ company: 'PG&E', desc: 'WEB ONLINE', lo: 6_000, hi: 40_000 },
	{ company: 'VENMO', desc: 'PAYMENT', lo: 2_000, hi: 60_000 },
];
const WIRE_PARTIES = ['John Smith', 'Northwind Traders', 'Contoso Title & Escrow', 'Fabrikam Holdings'];

interface LedgerOptions {
	key: string;
	accountId: string;
	count: number;
	startMs: number;
	endMs: number;
	initialDeposit: number;
	seed: number;
	cardId?: string;
	portalId: string;
	pendingTail: number;
}

/** Builds a realistic bank ledger for one pocket; ON_US funding/defunding is mirrored on the
 * partner pocket so both sides of every on-us transfer exist. */
function buildLedger(data: SandboxData, o: LedgerOptions): void {
	const rand = prng(o.seed);
	const between = (lo: number, hi: number) => Math.round(lo + rand() * (hi - lo));
	const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
	const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
	let n = 0;
	let balance = 0;
	const add = (ts: number, amountCents: number, details: TransactionDetails, extra: Partial<TransactionRecord> = {}) => {
		const id = sid('txn', o.key, String(n));
		const status = n >= o.count - o.pendingTail ? 'PENDING' : 'COMPLETED';
		n += 1;
		if (status === 'COMPLETED') balance += amountCents;
		data.transactions[id] = { id, accountId: o.accountId, amount: amountCents, timestamp: ts, status, details, ...extra };
		return id;
	};
	const mirror = (ts: number, amountCents: number, transferId: string, type: string, detail: Record<string, unknown>) => {
		const id = sid('txn', 'partner-mirror', transferId);
		data.transactions[id] = {
			id,
			accountId: pockets.partner,
			amount: amountCents,
			timestamp: ts,
			status: 'COMPLETED',
			details: {
				title: amountCents < 0 ? 'Transfer to customer' : 'Transfer from customer',
				transaction_type: 'ON_US',
				transaction_type_title: 'On-Us Transfer',
				on_us_transaction: { on_us_transfer_id: transferId, on_us_transfer_type: type, ...detail },
			},
		};
	};

	// First: the deposit that funds the pocket (an incoming wire through the pocket's portal).
	const ref0 = `${o.key.toUpperCase().replace(/[^A-Z]/g, '').slice(0, 4)}${digits(8)}`;
	add(o.startMs, o.initialDeposit, {
		title: 'From External Account',
		transaction_type: 'WIRE',
		sub_title: ref0,
		transaction_type_title: 'Wire Transfer In',
		wire_transaction: { reference_number: ref0, counterparty_name: 'Opening Deposit' },
	}, { portalId: o.portalId });

	const slots = o.count - 1;
	const step = (o.endMs - o.startMs) / (slots + 1);
	let lastTs = o.startMs;
	let lastMonth = new Date(o.startMs).toISOString().slice(0, 7);
	for (let i = 1; n < o.count; i++) {
		// Every 37th slot deliberately repeats the previous timestamp: paging must stay stable on ties.
		const ts = i % 37 === 0 ? lastTs : Math.round(o.startMs + i * step + rand() * step * 0.5);
		lastTs = ts;
		const month = new Date(ts).toISOString().slice(0, 7);
		if (month !== lastMonth && o.cardId) {
			add(ts, between(50, 900), {
				title: `${lastMonth} Card Cash Back`,
				transaction_type: 'CASH_BACK',
				transaction_type_title: 'Card Cash Back',
				cash_back_transaction: { period: lastMonth, card_id: o.cardId },
			}, { cardId: o.cardId });
			lastMonth = month;
			continue;
		}
		lastMonth = month;
		const r = rand();
		const floor = 100_000;
		if (r < 0.38 && o.cardId) {
			const m = pick(MERCHANTS);
			const amt = between(m.lo, m.hi);
			if (balance - amt < floor) continue;
			const terminal = `TERM${digits(2)}`;
			add(ts, -amt, {
				title: m.type === 'ATM' ? `ATM ABCD ID: ${terminal} at ${m.street}, ${m.city} ${m.state}` : `${m.name} ${m.city} ${m.state}`,
				transaction_type: 'CARD',
				transaction_type_title: m.type === 'ATM' ? 'ATM Withdrawal' : 'Card Purchase',
				card_transaction: {
					location: { street_address: m.street, city: m.city, state: m.state, country: 'US' },
					counterparty: m.name,
					terminal_id: terminal,
					merchant_type: m.type,
					pre_authorization: n >= o.count - o.pendingTail,
					issue_id: digits(12),
				},
			}, { cardId: o.cardId });
		} else if (r < 0.62) {
			const incoming = rand() < 0.5 || balance < 1_000_000;
			const c = incoming ? pick(ACH_IN) : pick(ACH_OUT);
			const amt = between(c.lo, c.hi);
			if (!incoming && balance - amt < floor) continue;
			const iin = digits(9);
			const trace = `0${digits(14)}`;
			add(ts, incoming ? amt : -amt, {
				title: `${incoming ? 'From' : 'To'} ${c.company} (${c.desc})`,
				transaction_type: 'ACH',
				sub_title: `IIN: ${iin} REF: ${trace.slice(1)}`,
				transaction_type_title: incoming ? 'ACH Electronic Credit' : 'ACH Electronic Debit',
				ach_transaction: { company_name: c.company, company_entry_description: c.desc, individual_identification_number: iin, trace_number: trace, ach_id: null, ach_direction: 'RECEIVING' },
			}, incoming ? { portalId: o.portalId } : {});
		} else if (r < 0.72) {
			const incoming = rand() < 0.4;
			const party = pick(WIRE_PARTIES);
			const ref = `${digits(4)}${party.slice(0, 2).toUpperCase()}${digits(6)}`;
			const amt = between(100_000, 2_500_000);
			if (incoming) {
				add(ts, amt, {
					title: 'From External Account',
					transaction_type: 'WIRE',
					sub_title: ref,
					transaction_type_title: 'Wire Transfer In',
					wire_transaction: { reference_number: ref, counterparty_name: party },
				}, { portalId: o.portalId });
			} else {
				if (balance - amt - 2500 < floor || n + 2 > o.count) continue;
				const wireId = sid('wire', o.key, String(n));
				add(ts, -amt, {
					title: `To ${party}`,
					transaction_type: 'WIRE',
					sub_title: ref,
					transaction_type_title: 'Wire Transfer Out',
					wire_transaction: { reference_number: ref, counterparty_name: party, wire_id: wireId },
				});
				// Jiko books the outgoing wire fee as its own WIRE_FEE transaction, same time.
				add(ts, -2500, {
					title: 'Wire Transfer Fee',
					transaction_type: 'WIRE_FEE',
					sub_title: ref,
					transaction_type_title: 'Wire Fee',
					wire_fee_transaction: { reference_number: ref, counterparty_name: party, wire_id: wireId },
				});
			}
		} else if (r < 0.92) {
			const funding = rand() < 0.6 || balance < 1_000_000;
			const amt = between(10_000, 1_500_000);
			if (!funding && balance - amt < floor) continue;
			const transferId = sid('on-us', o.key, String(n));
			const type = funding ? 'PARTNER_CUSTOMER_FUNDING' : 'PARTNER_CUSTOMER_DEFUNDING';
			const detail = funding ? { source: `partner-ledger-${digits(6)}` } : { target: `partner-ledger-${digits(6)}` };
			add(ts, funding ? amt : -amt, {
				title: funding ? `Transfer from ${PARTNER_NAME}` : `Transfer to ${PARTNER_NAME}`,
				transaction_type: 'ON_US',
				transaction_type_title: 'On-Us Transfer',
				on_us_transaction: { on_us_transfer_id: transferId, on_us_transfer_type: type, ...detail },
			});
			mirror(ts, funding ? -amt : amt, transferId, type, detail);
		} else {
			const credit = rand() < 0.5;
			const amt = between(100, 5_000);
			add(ts, credit ? amt : -amt, {
				title: credit ? 'Courtesy credit' : 'Returned item fee',
				transaction_type: 'GENERIC',
				transaction_type_title: credit ? 'Adjustment' : 'Fee',
			});
		}
	}
}

function tbill(n: number, quantity: number, maturity: string, bid: string, ytm: string): SecurityRecord {
	const cusip = `912797${String(100 + n).slice(-3)}${['F7', 'G5', 'H3', 'J1'][n % 4]}`;
	return {
		description: 'US T-Bill',
		tradable_id: sid('tradable', cusip),
		security_type: 'FIXED_INCOME',
		quantity,
		marketValue: Math.round(quantity * Number(bid) * 100),
		external_id: cusip,
		maturity_date: maturity,
		yield_to_maturity: ytm,
		ask: (Number(bid) + 0.016167).toFixed(6),
		bid,
	};
}

function buildTrades(data: SandboxData, key: string, accountId: string, startMs: number, count: number, seed: number): void {
	const rand = prng(seed);
	for (let i = 0; i < count; i++) {
		const activity: TradeRecord['activity'] = i % 5 === 4 ? 'SELL' : i % 2 === 1 ? 'MATURITY' : 'BUY';
		const tradeMs = startMs + i * 14 * DAY + Math.floor(rand() * DAY);
		const maturity = isoDate(startMs + (i + 2) * 14 * DAY);
		const quantity = 500 + Math.floor(rand() * 3000);
		const price = activity === 'MATURITY' ? '100.000000' : (98.4 + rand() * 1.4).toFixed(6);
		const cusip = `912797${String(200 + i).slice(-3)}${['F7', 'G5', 'H3', 'J1'][i % 4]}`;
		const settled = tradeMs + DAY < SEED_ANCHOR_MS - 3 * DAY;
		const id = sid('trade', key, String(i));
		data.trades[id] = {
			id,
			accountId,
			description: 'US T-Bill',
			tradeDatetime: tradeMs,
			settledDate: settled ? isoDate(tradeMs + DAY) : null,
			isSettled: settled,
			activity,
			cusip,
			notional: Math.round(quantity * Number(price) * 100),
			quantity,
			price,
			maturityDate: maturity,
			yieldToMaturity: (0.038 + rand() * 0.012).toFixed(4),
			tradableId: sid('tradable', cusip),
		};
	}
}

function buildStatements(data: SandboxData, accountId: string, fromMonth: string, withTax: boolean): void {
	const add = (rec: Omit<StatementRecord, 'id'>) => {
		const id = sid('statement', accountId, rec.type, rec.key);
		data.statements[id] = { id, ...rec };
	};
	let [y, m] = fromMonth.split('-').map(Number);
	const last = '2026-10';
	for (;;) {
		const key = `${y}-${String(m).padStart(2, '0')}`;
		if (key > last) break;
		// Jiko: monthly statements are available by the 15th of the following month.
		const created = Date.UTC(m === 12 ? y + 1 : y, m === 12 ? 0 : m, 15, 14, 0, 0);
		add({ accountId, type: 'BANK', key, timeCreated: created });
		add({ accountId, type: 'BROKERAGE', key, timeCreated: created + 60_000 });
		m += 1;
		if (m === 13) { m = 1; y += 1; }
	}
	if (withTax) {
		add({ accountId, type: '1099INT', key: '2025', timeCreated: Date.UTC(2026, 1, 14, 12, 0, 0) });
		add({ accountId, type: '1099B', key: '2025', timeCreated: Date.UTC(2026, 1, 14, 12, 5, 0) });
	}
}

function counterparty(data: SandboxData, id: string, customerId: string, type: 'ACH' | 'WIRE', side: Omit<CounterpartySide, 'account_type'> & { account_type?: 'SAVINGS' | 'CHECKING' }): void {
	const rec: CounterpartyRecord = { id, customerId, type, side: { account_type: 'CHECKING', ...side } };
	data.counterparties[id] = rec;
}

export function seedData(): SandboxData {
	const data = emptyData();
	const D = DEMO_IDS;
	const c = D.customers;
	const customers: CustomerRecord[] = [
		{
			id: c.ada.id, type: 'INDIVIDUAL', createdAt: Date.UTC(2025, 5, 1, 16, 0, 0),
			name: { first_name: 'Ada', last_name: 'Lovelace' }, date_of_birth: '1985-12-10',
			address: { street_address: '12 Analytical Way', street_address2: 'Apt 3', city: 'San Francisco', postal_code: '94105', state: 'CA', country: 'US' },
			email: 'ada.lovelace@example.com', phone_number: '+14155550101', account_status: 'OPEN',
		},
		{
			id: c.grace.id, type: 'INDIVIDUAL', createdAt: Date.UTC(2025, 8, 12, 15, 30, 0),
			name: { first_name: 'Grace', middle_name: 'Brewster', last_name: 'Hopper' }, date_of_birth: '1990-12-09',
			address: { street_address: '700 Compiler Court', city: 'Arlington', postal_code: '22201', state: 'VA', country: 'US' },
			email: 'grace.hopper@example.com', phone_number: '+17035550102', account_status: 'OPEN',
		},
		{
			id: c.acme.id, type: 'BUSINESS', createdAt: Date.UTC(2025, 2, 3, 18, 0, 0),
			name: 'Acme Robotics LLC', identification_number: { identification_number: '12-3456789', type: 'EIN' },
			address: { street_address: '101 Mission Street', street_address2: '7th Floor', city: 'San Francisco', postal_code: '94105', state: 'CA', country: 'US' },
			email: 'treasury@acme-robotics.example', phone_number: '+14155550199', account_status: 'OPEN',
		},
	];
	for (const cu of customers) data.customers[cu.id] = cu;

	const acct = (id: string, customerId: string | null, name: string, status: AccountRecord['status'], createdAt: number, securities: SecurityRecord[], earnings: number) => {
		const weeks = /\((\d+)-week\)/.exec(name)?.[1] ?? '4';
		data.accounts[id] = { id, customerId, name, status, createdAt, securities, allTimeEarnings: earnings, seq: ++data.seq, depositStrategyId: `UST-${weeks}W` };
		data.portals[sid('portal', id)] = {
			id: sid('portal', id), accountId: id, routing_number: '091311229', account_number: `77${id.replace(/\D/g, '').slice(0, 10).padEnd(10, '0')}`,
			status: status === 'CLOSED' ? 'CLOSED' : 'OPEN', name: 'Default',
		};
	};
	acct(pockets.partner, null, 'Partner Funding (4-week)', 'OPEN', Date.UTC(2025, 0, 6), [tbill(0, 250_000, '2026-11-24', '99.648100', '0.0412')], 148_220_00);
	acct(pockets.adaMain, c.ada.id, 'J1 (4-week)', 'OPEN', Date.UTC(2025, 5, 1), [tbill(1, 2100, '2026-11-17', '98.612361', '0.0468'), tbill(2, 400, '2026-12-29', '98.301200', '0.0451')], 935_404);
	acct(pockets.adaReserve, c.ada.id, 'Reserve (13-week)', 'OPEN', Date.UTC(2025, 6, 14), [tbill(3, 800, '2027-01-12', '98.880000', '0.0433')], 120_550);
	acct(pockets.adaFrozen, c.ada.id, 'Travel (26-week)', 'FROZEN', Date.UTC(2025, 7, 2), [], 8_812);
	acct(pockets.graceMain, c.grace.id, 'Everyday (4-week)', 'OPEN', Date.UTC(2025, 8, 12), [tbill(4, 150, '2026-11-24', '99.620000', '0.0402')], 33_120);
	acct(pockets.graceSavings, c.grace.id, 'Savings (52-week)', 'OPEN', Date.UTC(2025, 9, 1), [tbill(5, 900, '2027-09-30', '96.150000', '0.0395')], 210_004);
	acct(pockets.acmeOperating, c.acme.id, 'Operating (4-week)', 'OPEN', Date.UTC(2025, 2, 3), [tbill(6, 12_000, '2026-11-17', '99.612000', '0.0421')], 4_210_377);
	acct(pockets.acmePayroll, c.acme.id, 'Payroll (13-week)', 'OPEN', Date.UTC(2025, 2, 20), [tbill(7, 3_000, '2027-01-26', '98.955000', '0.0440')], 880_015);
	acct(pockets.acmeClosed, c.acme.id, 'Old Operating (4-week)', 'CLOSED', Date.UTC(2025, 2, 3), [], 12_090);

	data.cards[D.cards.adaVirtual] = { id: D.cards.adaVirtual, accountId: pockets.adaMain, name: 'Ada virtual', type: 'VIRTUAL', status: 'OPEN' };
	data.cards[D.cards.acmePhysical] = { id: D.cards.acmePhysical, accountId: pockets.acmeOperating, name: 'Acme corporate', type: 'PHYSICAL', status: 'OPEN' };

	// The partner's pocket holds the float that funds customers (on-us mirrors are added below).
	const partnerRef = 'PTNR00000001';
	data.transactions[sid('txn', 'partner', '0')] = {
		id: sid('txn', 'partner', '0'), accountId: pockets.partner, amount: 5_000_000_000, timestamp: Date.UTC(2025, 10, 3, 15, 0, 0), status: 'COMPLETED',
		details: { title: 'From External Account', transaction_type: 'WIRE', sub_title: partnerRef, transaction_type_title: 'Wire Transfer In', wire_transaction: { reference_number: partnerRef, counterparty_name: PARTNER_NAME } },
		portalId: D.portals.partner,
	};

	const L = (key: string, accountId: string, count: number, start: number, end: number, deposit: number, seed: number, cardId?: string, pendingTail = 0) =>
		buildLedger(data, { key, accountId, count, startMs: start, endMs: end, initialDeposit: deposit, seed, cardId, portalId: sid('portal', accountId), pendingTail });
	L('ada-main', pockets.adaMain, BIG_POCKET_TRANSACTIONS, Date.UTC(2025, 11, 1, 14, 0, 0), Date.UTC(2026, 9, 30, 20, 0, 0), 25_000_000, 7, D.cards.adaVirtual, 6);
	L('ada-reserve', pockets.adaReserve, 14, Date.UTC(2026, 0, 10, 15, 0, 0), Date.UTC(2026, 9, 20), 6_000_000, 11);
	L('ada-frozen', pockets.adaFrozen, 8, Date.UTC(2026, 1, 2, 15, 0, 0), Date.UTC(2026, 7, 1), 1_500_000, 13);
	L('grace-main', pockets.graceMain, 24, Date.UTC(2026, 0, 5, 15, 0, 0), Date.UTC(2026, 9, 28), 3_000_000, 17, undefined, 2);
	L('grace-savings', pockets.graceSavings, 10, Date.UTC(2026, 0, 7, 15, 0, 0), Date.UTC(2026, 9, 15), 9_000_000, 19);
	L('acme-operating', pockets.acmeOperating, 40, Date.UTC(2025, 11, 15, 15, 0, 0), Date.UTC(2026, 9, 29), 120_000_000, 23, D.cards.acmePhysical, 3);
	L('acme-payroll', pockets.acmePayroll, 18, Date.UTC(2026, 0, 2, 15, 0, 0), Date.UTC(2026, 9, 27), 40_000_000, 29);
	// The closed pocket was emptied to the partner before closing: balance exactly zero.
	{
		const t0 = Date.UTC(2025, 2, 4, 15, 0, 0);
		const transferId = sid('on-us', 'acme-closed', 'close');
		data.transactions[sid('txn', 'acme-closed', '0')] = {
			id: sid('txn', 'acme-closed', '0'), accountId: pockets.acmeClosed, amount: 500_000, timestamp: t0, status: 'COMPLETED',
			details: { title: 'From Acme Robotics LLC (FUNDING)', transaction_type: 'ACH', transaction_type_title: 'ACH Electronic Credit', ach_transaction: { company_name: 'ACME ROBOTICS', company_entry_description: 'FUNDING', individual_identification_number: '000123456', trace_number: '091000010000001', ach_id: null, ach_direction: 'RECEIVING' } },
			portalId: D.portals.acmeClosed,
		};
		data.transactions[sid('txn', 'acme-closed', '1')] = {
			id: sid('txn', 'acme-closed', '1'), accountId: pockets.acmeClosed, amount: -500_000, timestamp: t0 + 30 * DAY, status: 'COMPLETED',
			details: { title: `Transfer to ${PARTNER_NAME}`, transaction_type: 'ON_US', transaction_type_title: 'On-Us Transfer', on_us_transaction: { on_us_transfer_id: transferId, on_us_transfer_type: 'PARTNER_CUSTOMER_DEFUNDING', target: 'partner-ledger-closing' } },
		};
	}

	buildTrades(data, 'ada-main', pockets.adaMain, Date.UTC(2025, 11, 2, 15, 0, 0), 21, 31);
	buildTrades(data, 'ada-reserve', pockets.adaReserve, Date.UTC(2026, 0, 12, 15, 0, 0), 5, 37);
	buildTrades(data, 'grace-main', pockets.graceMain, Date.UTC(2026, 0, 6, 15, 0, 0), 4, 41);
	buildTrades(data, 'grace-savings', pockets.graceSavings, Date.UTC(2026, 0, 8, 15, 0, 0), 3, 43);
	buildTrades(data, 'acme-operating', pockets.acmeOperating, Date.UTC(2025, 11, 16, 15, 0, 0), 12, 47);
	buildTrades(data, 'acme-payroll', pockets.acmePayroll, Date.UTC(2026, 0, 3, 15, 0, 0), 6, 53);

	buildStatements(data, pockets.adaMain, '2025-06', true);
	buildStatements(data, pockets.adaReserve, '2025-07', true);
	buildStatements(data, pockets.adaFrozen, '2025-08', true);
	buildStatements(data, pockets.graceMain, '2025-09', true);
	buildStatements(data, pockets.graceSavings, '2025-10', true);
	buildStatements(data, pockets.acmeOperating, '2025-03', true);
	buildStatements(data, pockets.acmePayroll, '2025-03', true);
	buildStatements(data, pockets.acmeClosed, '2025-03', false);

	const t = (y: number, mo: number, d: number) => Date.UTC(y, mo - 1, d, 17, 0, 0);
	const cp = c.ada.counterparties;
	counterparty(data, cp.achVerified, c.ada.id, 'ACH', { time_created: t(2025, 6, 2), verification_type: 'PLAID', status: 'VERIFIED', account_number: '000123456789', routing_number: '021000021', name_on_account: 'Ada Lovelace', institution_name: 'JPMorgan Chase Bank, N.A.', plaid: { mask: '6789', verification_status: 'AUTOMATICALLY_VERIFIED' } });
	counterparty(data, cp.wireVerified, c.ada.id, 'WIRE', { time_created: t(2025, 7, 20), verification_type: 'PRE_VERIFIED', status: 'VERIFIED', account_number: '4410098877', routing_number: '121000248', name_on_account: 'Ada Lovelace', institution_name: 'Wells Fargo Bank, N.A.' });
	counterparty(data, cp.achInProgress, c.ada.id, 'ACH', { time_created: t(2026, 10, 20), verification_type: 'MICRO_DEPOSITS', status: 'IN_PROGRESS', account_number: '7712009931', routing_number: '026009593', name_on_account: 'Ada Lovelace', account_type: 'SAVINGS', institution_name: 'Bank of America, N.A.', micro_deposits: { verification_failure_count: 1 } });
	counterparty(data, cp.achFailed, c.ada.id, 'ACH', { time_created: t(2026, 3, 9), verification_type: 'MICRO_DEPOSITS', status: 'FAILED', account_number: '5500112233', routing_number: '322271627', name_on_account: 'A. Lovelace', institution_name: 'Citibank, N.A.', micro_deposits: { verification_failure_count: 3 } });
	const cg = c.grace.counterparties;
	counterparty(data, cg.achVerified, c.grace.id, 'ACH', { time_created: t(2025, 9, 13), verification_type: 'PLAID', status: 'VERIFIED', account_number: '3300445566', routing_number: '051000017', name_on_account: 'Grace B. Hopper', institution_name: 'Navy Federal Credit Union', plaid: { mask: '5566', verification_status: 'MANUALLY_VERIFIED' } });
	counterparty(data, cg.wireInProgress, c.grace.id, 'WIRE', { time_created: t(2026, 10, 2), verification_type: 'SUPPORTING_DOCUMENTS', status: 'IN_PROGRESS', account_number: '9988776655', routing_number: '256074974', name_on_account: 'Grace B. Hopper', institution_name: 'Navy Federal Credit Union' });
	const cc = c.acme.counterparties;
	counterparty(data, cc.achVerified, c.acme.id, 'ACH', { time_created: t(2025, 3, 4), verification_type: 'PRE_VERIFIED', status: 'VERIFIED', account_number: '1200340056', routing_number: '121140399', name_on_account: 'Acme Robotics LLC', institution_name: 'Silicon Valley Bank' });
	counterparty(data, cc.wireVerified, c.acme.id, 'WIRE', { time_created: t(2025, 4, 18), verification_type: 'INCOMING_WIRE', status: 'VERIFIED', account_number: '8800990011', routing_number: '026009593', name_on_account: 'Acme Robotics LLC', institution_name: 'Bank of America, N.A.' });
	counterparty(data, cc.achFailed, c.acme.id, 'ACH', { time_created: t(2026, 2, 11), verification_type: 'PLAID', status: 'FAILED', account_number: '0000111122', routing_number: '011000138', name_on_account: 'Acme Robotics', account_type: 'SAVINGS', institution_name: 'Bank of America, N.A.', plaid: { mask: '1122', verification_status: 'VERIFICATION_FAILED' } });

	// On-us (JikoNet) counterparties for PEER_TO_PEER: each individual can pay the other one.
	data.onUsCounterparties[c.ada.onUsCounterparty] = {
		id: c.ada.onUsCounterparty, customerId: c.ada.id, accountId: pockets.graceMain, name: 'Grace Hopper', account_number: '100000000002', timeCreated: t(2025, 9, 20),
	};
	data.onUsCounterparties[c.grace.onUsCounterparty] = {
		id: c.grace.onUsCounterparty, customerId: c.grace.id, accountId: pockets.adaMain, name: 'Ada Lovelace', account_number: '100000000001', timeCreated: t(2025, 9, 21),
	};

	// A disabled legacy subscription, so past events show delivery attempts; it receives nothing.
	const subId = D.seededSubscriptionId;
	data.subscriptions[subId] = {
		id: subId, description: 'Legacy endpoint (disabled)', events: ['transfers.ach.in.success', 'transfers.on-us.success', 'card.transaction.approved', 'application.approved'],
		url: 'https://hooks.example.invalid/jiko', sharedSecret: 'seeded-legacy-secret-000', status: 'disabled', timeCreated: t(2025, 6, 1), updatedAt: t(2026, 9, 1),
	};
	const ev = (name: string, type: string, ts: number, payload: Record<string, unknown>, codes: number[]) => {
		const eventId = sid('event', name);
		const e: EventRecord = {
			eventId, eventType: type, timestamp: ts, payload, seq: ++data.seq,
			deliveryAttempts: codes.map((code, i) => ({
				delivery_attempt_id: sid('delivery', name, String(i)), subscription_id: subId, success: code >= 200 && code < 300,
				response_code: code, response_message: code >= 200 && code < 300 ? 'OK' : 'Internal Server Error', called_at: ts + 1000 + i * 60_000,
			})),
		};
		data.events[eventId] = e;
	};
	ev('ach-in-1', 'transfers.ach.in.success', t(2026, 8, 14), { jiko_account_id: pockets.adaMain }, [200]);
	ev('on-us-1', 'transfers.on-us.success', t(2026, 8, 21), { on_us_id: sid('on-us', 'ada-main', 'example'), origin_account_id: pockets.partner, destination_account_id: pockets.adaMain }, [500, 200]);
	ev('card-1', 'card.transaction.approved', t(2026, 9, 2), { card_id: D.cards.adaVirtual, amount: 1250, account_id: pockets.adaMain }, [200]);
	ev('app-1', 'application.approved', t(2026, 9, 10), { application_id: sid('application', 'grace') }, [200]);
	return data;
}
