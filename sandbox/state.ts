import { randomBytes, randomUUID } from 'node:crypto';
import { KeyMemory } from './idempotency';
import { SortedIndex } from './sortedIndex';
import type {
	AccountRecord,
	AchOriginationRecord,
	AuthData,
	CustomerRecord,
	EventRecord,
	OnUsTransferRecord,
	SandboxData,
	SandboxStats,
	TransactionRecord,
	WireRecord,
} from './types';
import { sid } from './util';

export interface Balance {
	/** Σ amount of COMPLETED transactions = `portfolio.cash` */
	cash: number;
	/** Σ amount of PENDING transactions (not in cash yet) */
	pending: number;
	/** Σ market value of the T-bills held */
	securities: number;
	/** cash + securities = `total_value` */
	total: number;
	allTimeEarnings: number;
}

export const newStats = (): SandboxStats => ({
	logins: 0,
	failedLogins: 0,
	requests: 0,
	rejected: { auth: 0, signature: 0, repeated: 0, validation: 0, rateLimited: 0 },
	replayed: 0,
	webhookAttempts: 0,
	eventListReads: 0,
});

export type NewTransaction = Omit<TransactionRecord, 'id'> & { id?: string };

/** Running sums of one pocket, kept up to date by every transaction write. */
interface Sums {
	/** Σ COMPLETED */
	cash: number;
	/** Σ PENDING */
	pending: number;
	/** Σ PENDING money out (negative): held, no longer available */
	held: number;
}

const EMPTY_TX_INDEX = new SortedIndex<TransactionRecord>();

/** The transfer a transaction belongs to, as its details name it (v2 filter[on_us_transfer] / filter[wire]). */
function onUsIdOf(t: TransactionRecord): string | undefined {
	const v = t.details.on_us_transaction?.on_us_transfer_id;
	return typeof v === 'string' ? v : undefined;
}
function wireIdOf(t: TransactionRecord): string | undefined {
	const v = (t.details.wire_transaction ?? t.details.wire_fee_transaction)?.wire_id;
	return typeof v === 'string' ? v : undefined;
}

/**
 * The sandbox's in-memory Jiko. Route handlers read `data` and the indexes here; every write goes
 * through the methods here, so the indexes, the running balances and persistence see it.
 *
 * Money model: a pocket's `portfolio.cash` is the sum of its COMPLETED transactions, and
 * `total_value` is cash + the market value of its T-bills. Money moves only by booking
 * transactions; the sums are maintained as they are booked, settled or dropped.
 *
 * Indexes (rebuilt from `data` on load and reset, never persisted): transactions per pocket by
 * (timestamp, id); ACH originations and wires per pocket by (seq, id); transactions per on-us
 * transfer id and per wire id; on-us transfers and wires by their client id; pockets by
 * creation; events by (timestamp, id).
 */
export class SandboxState {
	data: SandboxData;
	stats: SandboxStats = newStats();
	/** bearer token → expiry (epoch ms) */
	tokens: Record<string, number>;
	/** recently seen idempotency keys (and first answers, for repeatedKey: replay) */
	keys: KeyMemory;
	private listeners = new Set<() => void>();
	private lastTokenPrune = 0;

	private txByPocket = new Map<string, SortedIndex<TransactionRecord>>();
	private txByOnUs = new Map<string, Set<string>>();
	private txByWire = new Map<string, Set<string>>();
	private sums = new Map<string, Sums>();
	private achByPocket = new Map<string, SortedIndex<AchOriginationRecord>>();
	private wiresByPocket = new Map<string, SortedIndex<WireRecord>>();
	private wiresByWireId = new Map<string, WireRecord[]>();
	private firstOnUs = new Map<string, OnUsTransferRecord>();
	private pocketsByCustomer = new Map<string, AccountRecord[]>();
	private pockets = new SortedIndex<AccountRecord>();
	private events = new SortedIndex<EventRecord>();

	constructor(data: SandboxData, auth?: AuthData, opts: { maxReplayBytes?: number } = {}) {
		this.data = SandboxState.normalize(data);
		this.tokens = auth?.tokens ?? {};
		this.keys = new KeyMemory(auth?.idempotencyKeys ?? {}, opts.maxReplayBytes);
		this.reindex();
	}

	/** Fills in collections that data files written by older sandboxes do not have. */
	static normalize(data: SandboxData): SandboxData {
		data.onUsTransfers ??= {};
		data.onUsCounterparties ??= {};
		data.achOriginations ??= {};
		data.wires ??= {};
		data.partnerId ??= sid('partner');
		return data;
	}

	/** What persistence saves besides `data`. */
	authSnapshot(): AuthData {
		return { tokens: this.tokens, idempotencyKeys: this.keys.toRecord() };
	}

	/** Called after every change; persistence subscribes here. */
	onChange(fn: () => void): () => void {
		this.listeners.add(fn);
		return () => this.listeners.delete(fn);
	}
	changed(): void {
		for (const fn of this.listeners) fn();
	}

	nextSeq(): number {
		this.data.seq += 1;
		return this.data.seq;
	}

	// ---- indexes -------------------------------------------------------------------------
	private reindex(): void {
		this.txByPocket.clear();
		this.txByOnUs.clear();
		this.txByWire.clear();
		this.sums.clear();
		this.achByPocket.clear();
		this.wiresByPocket.clear();
		this.wiresByWireId.clear();
		this.firstOnUs.clear();
		this.pocketsByCustomer.clear();
		const d = this.data;
		const txs = new Map<string, TransactionRecord[]>();
		for (const t of Object.values(d.transactions)) {
			let list = txs.get(t.accountId);
			if (!list) txs.set(t.accountId, (list = []));
			list.push(t);
			this.linkTransaction(t);
			this.addToSums(t, 1);
		}
		for (const [pocket, list] of txs) this.txByPocket.set(pocket, SortedIndex.from(list, (t) => [t.timestamp, t.id]));
		const group = <T extends { accountId: string; seq: number; id: string }>(xs: T[], into: Map<string, SortedIndex<T>>) => {
			const by = new Map<string, T[]>();
			for (const x of xs) {
				let l = by.get(x.accountId);
				if (!l) by.set(x.accountId, (l = []));
				l.push(x);
			}
			for (const [pocket, l] of by) into.set(pocket, SortedIndex.from(l, (x) => [x.seq, x.id]));
		};
		group(Object.values(d.achOriginations), this.achByPocket);
		const wires = Object.values(d.wires).sort((a, b) => a.seq - b.seq);
		group(wires, this.wiresByPocket);
		for (const w of wires) this.linkWire(w);
		for (const t of Object.values(d.onUsTransfers).sort((a, b) => a.seq - b.seq)) if (!t.duplicateOf && !this.firstOnUs.has(t.id)) this.firstOnUs.set(t.id, t);
		const accounts = Object.values(d.accounts).sort((a, b) => a.seq - b.seq);
		this.pockets = SortedIndex.from(accounts, (a) => [a.seq, a.id]);
		for (const a of accounts) {
			if (a.customerId === null) continue;
			const l = this.pocketsByCustomer.get(a.customerId) ?? [];
			l.push(a);
			this.pocketsByCustomer.set(a.customerId, l);
		}
		this.events = SortedIndex.from(Object.values(d.events), (e) => [e.timestamp, e.eventId]);
	}

	private linkTransaction(t: TransactionRecord): void {
		const link = (map: Map<string, Set<string>>, key: string | undefined) => {
			if (key === undefined) return;
			let s = map.get(key);
			if (!s) map.set(key, (s = new Set()));
			s.add(t.id);
		};
		link(this.txByOnUs, onUsIdOf(t));
		link(this.txByWire, wireIdOf(t));
	}
	private unlinkTransaction(t: TransactionRecord): void {
		const o = onUsIdOf(t);
		if (o !== undefined) this.txByOnUs.get(o)?.delete(t.id);
		const w = wireIdOf(t);
		if (w !== undefined) this.txByWire.get(w)?.delete(t.id);
	}
	private linkWire(w: WireRecord): void {
		const key = w.duplicateOf ?? w.id;
		const l = this.wiresByWireId.get(key) ?? [];
		l.push(w);
		this.wiresByWireId.set(key, l);
	}

	private addToSums(t: TransactionRecord, sign: 1 | -1): void {
		let s = this.sums.get(t.accountId);
		if (!s) this.sums.set(t.accountId, (s = { cash: 0, pending: 0, held: 0 }));
		if (t.status === 'COMPLETED') s.cash += sign * t.amount;
		else {
			s.pending += sign * t.amount;
			if (t.amount < 0) s.held += sign * t.amount;
		}
	}

	// ---- reads -------------------------------------------------------------------------
	customer(id: string): CustomerRecord | undefined {
		return Object.prototype.hasOwnProperty.call(this.data.customers, id) ? this.data.customers[id] : undefined;
	}
	account(id: string): AccountRecord | undefined {
		return Object.prototype.hasOwnProperty.call(this.data.accounts, id) ? this.data.accounts[id] : undefined;
	}
	/** A customer's pockets in creation order. */
	accountsOf(customerId: string): AccountRecord[] {
		return [...(this.pocketsByCustomer.get(customerId) ?? [])];
	}
	/** Every pocket by (seq, id): creation order. */
	pocketIndex(): SortedIndex<AccountRecord> {
		return this.pockets;
	}
	/** A pocket's transactions sorted by (timestamp, id). Do not modify. */
	transactionIndex(accountId: string): SortedIndex<TransactionRecord> {
		return this.txByPocket.get(accountId) ?? EMPTY_TX_INDEX;
	}
	transactionsOf(accountId: string): TransactionRecord[] {
		return [...this.transactionIndex(accountId).values()];
	}
	transaction(id: string): TransactionRecord | undefined {
		return Object.prototype.hasOwnProperty.call(this.data.transactions, id) ? this.data.transactions[id] : undefined;
	}
	/** Transactions whose details name this on-us transfer id. */
	transactionsOfOnUs(transferId: string): TransactionRecord[] {
		return [...(this.txByOnUs.get(transferId) ?? [])].map((id) => this.data.transactions[id]).filter(Boolean);
	}
	/** Transactions whose details name this wire id (WIRE and WIRE_FEE). */
	transactionsOfWire(wireId: string): TransactionRecord[] {
		return [...(this.txByWire.get(wireId) ?? [])].map((id) => this.data.transactions[id]).filter(Boolean);
	}
	achIndex(accountId: string): SortedIndex<AchOriginationRecord> {
		return this.achByPocket.get(accountId) ?? new SortedIndex();
	}
	wireIndex(accountId: string): SortedIndex<WireRecord> {
		return this.wiresByPocket.get(accountId) ?? new SortedIndex();
	}
	/** Every wire record created under this wire_id (more than one only with execute-again). */
	wiresWithId(wireId: string): WireRecord[] {
		return [...(this.wiresByWireId.get(wireId) ?? [])];
	}
	/** The on-us transfer with this transfer_id (the first one, if it was executed again). */
	onUsTransfer(transferId: string): OnUsTransferRecord | undefined {
		return this.firstOnUs.get(transferId);
	}
	eventIndex(): SortedIndex<EventRecord> {
		return this.events;
	}

	balanceOf(accountId: string): Balance {
		const acc = this.account(accountId);
		const s = this.sums.get(accountId) ?? { cash: 0, pending: 0, held: 0 };
		const securities = (acc?.securities ?? []).reduce((sum, x) => sum + x.marketValue, 0);
		return { cash: s.cash, pending: s.pending, securities, total: s.cash + securities, allTimeEarnings: acc?.allTimeEarnings ?? 0 };
	}
	/** Cash that may still be spent: COMPLETED cash less outgoing PENDING transactions. */
	availableOf(accountId: string): number {
		const s = this.sums.get(accountId);
		return s ? s.cash + s.held : 0;
	}

	// ---- writes ------------------------------------------------------------------------
	private insertTransaction(input: NewTransaction): TransactionRecord {
		const rec: TransactionRecord = { ...input, id: input.id ?? randomUUID() };
		const old = this.transaction(rec.id);
		if (old) this.removeTransaction(old);
		this.data.transactions[rec.id] = rec;
		this.linkTransaction(rec);
		this.addToSums(rec, 1);
		return rec;
	}
	private removeTransaction(t: TransactionRecord): void {
		delete this.data.transactions[t.id];
		this.txByPocket.get(t.accountId)?.remove(t.timestamp, t.id);
		this.unlinkTransaction(t);
		this.addToSums(t, -1);
	}
	private pocketTx(accountId: string): SortedIndex<TransactionRecord> {
		let idx = this.txByPocket.get(accountId);
		if (!idx) this.txByPocket.set(accountId, (idx = new SortedIndex()));
		return idx;
	}

	/** Books a transaction on a pocket (the only way balances change). */
	addTransaction(input: NewTransaction): TransactionRecord {
		const rec = this.insertTransaction(input);
		this.pocketTx(rec.accountId).insert(rec.timestamp, rec.id, rec);
		this.changed();
		return rec;
	}

	/** Books many transactions at once (bulk seeding): one merge per pocket, one change. */
	addTransactions(inputs: NewTransaction[]): TransactionRecord[] {
		const out = inputs.map((i) => this.insertTransaction(i));
		const by = new Map<string, { k: number; id: string; v: TransactionRecord }[]>();
		for (const t of out) {
			const l = by.get(t.accountId) ?? [];
			l.push({ k: t.timestamp, id: t.id, v: t });
			by.set(t.accountId, l);
		}
		for (const [pocket, l] of by) this.pocketTx(pocket).insertMany(l);
		this.changed();
		return out;
	}

	/** Sets a booked transaction's status (PENDING → COMPLETED moves it into cash and stamps
	 * its settlement time). */
	setTransactionStatus(id: string, status: TransactionRecord['status'], now = Date.now()): void {
		const t = this.transaction(id);
		if (!t || t.status === status) return;
		this.addToSums(t, -1);
		t.status = status;
		if (status === 'COMPLETED') t.timeSettled = now;
		else delete t.timeSettled;
		this.addToSums(t, 1);
		this.changed();
	}
	/** Removes a PENDING transaction (a transfer that was rejected before it settled). */
	dropTransaction(id: string): void {
		const t = this.transaction(id);
		if (!t) return;
		this.removeTransaction(t);
		this.changed();
	}

	addOnUsTransfer(t: OnUsTransferRecord): void {
		this.data.onUsTransfers[t.id] = t;
		if (!t.duplicateOf && !this.firstOnUs.has(t.id)) this.firstOnUs.set(t.id, t);
		this.changed();
	}
	addAchOrigination(a: AchOriginationRecord): void {
		this.data.achOriginations[a.id] = a;
		let idx = this.achByPocket.get(a.accountId);
		if (!idx) this.achByPocket.set(a.accountId, (idx = new SortedIndex()));
		idx.insert(a.seq, a.id, a);
		this.changed();
	}
	addWire(w: WireRecord): void {
		this.data.wires[w.id] = w;
		let idx = this.wiresByPocket.get(w.accountId);
		if (!idx) this.wiresByPocket.set(w.accountId, (idx = new SortedIndex()));
		idx.insert(w.seq, w.id, w);
		this.linkWire(w);
		this.changed();
	}
	/** Records an event (an event_id given twice replaces the earlier one). */
	addEvent(e: EventRecord): void {
		const old = Object.prototype.hasOwnProperty.call(this.data.events, e.eventId) ? this.data.events[e.eventId] : undefined;
		if (old) this.events.remove(old.timestamp, old.eventId);
		this.data.events[e.eventId] = e;
		this.events.insert(e.timestamp, e.eventId, e);
		this.changed();
	}

	/** Replaces all API data (used by reset). Tokens and seen keys survive. */
	replaceData(data: SandboxData): void {
		this.data = SandboxState.normalize(data);
		this.reindex();
		this.changed();
	}

	// ---- auth --------------------------------------------------------------------------
	issueToken(ttlSeconds: number, now = Date.now()): { token: string; expiresAt: number } {
		const token = randomBytes(32).toString('base64');
		const expiresAt = now + ttlSeconds * 1000;
		this.tokens[token] = expiresAt;
		this.pruneTokens(now);
		this.changed();
		return { token, expiresAt };
	}
	tokenIsValid(token: string, now = Date.now()): boolean {
		const exp = Object.prototype.hasOwnProperty.call(this.tokens, token) ? this.tokens[token] : undefined;
		return exp !== undefined && exp > now;
	}
	/** Ends every issued token now (admin route, to test re-login). */
	expireAllTokens(now = Date.now()): number {
		const n = Object.keys(this.tokens).length;
		for (const t of Object.keys(this.tokens)) this.tokens[t] = now - 1;
		this.changed();
		return n;
	}
	/** Forgets tokens expired for a day; runs at most once a minute (logins stay O(1) amortized). */
	private pruneTokens(now: number): void {
		if (now - this.lastTokenPrune < 60_000) return;
		this.lastTokenPrune = now;
		for (const [t, exp] of Object.entries(this.tokens)) if (exp < now - 86_400_000) delete this.tokens[t];
	}

	isRepeatedKey(key: string, windowMs: number, now = Date.now()): boolean {
		return this.keys.isRepeated(key, windowMs, now);
	}

	/** Jiko: "A request is considered to be repeated if the idempotency key value ... has been
	 * used previously in the past 1 hour". Returns true when repeated; records the key otherwise. */
	checkAndRecordKey(key: string, windowMs: number, now = Date.now()): boolean {
		const repeated = this.keys.checkAndRecord(key, windowMs, now);
		if (!repeated) this.changed();
		return repeated;
	}
}
