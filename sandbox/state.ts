import { randomBytes, randomUUID } from 'node:crypto';
import type {
	AccountRecord,
	AuthData,
	CustomerRecord,
	SandboxData,
	SandboxStats,
	TransactionRecord,
} from './types';

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
	webhookAttempts: 0,
});

/**
 * The sandbox's in-memory Jiko. Route handlers read `data`; writers go through the methods
 * here (or mutate `data` and call `changed()`), so persistence sees every change.
 *
 * Money model: a pocket's `portfolio.cash` is the sum of its COMPLETED transactions, and
 * `total_value` is cash + the market value of its T-bills. Money moved later only needs to
 * add transactions: balances are derived, never stored twice.
 */
export class SandboxState {
	data: SandboxData;
	auth: AuthData;
	stats: SandboxStats = newStats();
	private listeners = new Set<() => void>();

	constructor(data: SandboxData, auth?: AuthData) {
		this.data = SandboxState.normalize(data);
		this.auth = auth ?? { tokens: {}, idempotencyKeys: {} };
	}

	/** Fills in collections that data files written by older sandboxes do not have. */
	static normalize(data: SandboxData): SandboxData {
		data.onUsTransfers ??= {};
		data.onUsCounterparties ??= {};
		data.achOriginations ??= {};
		data.wires ??= {};
		return data;
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

	// ---- reads -------------------------------------------------------------------------
	customer(id: string): CustomerRecord | undefined {
		return this.data.customers[id];
	}
	account(id: string): AccountRecord | undefined {
		return this.data.accounts[id];
	}
	accountsOf(customerId: string): AccountRecord[] {
		return Object.values(this.data.accounts)
			.filter((a) => a.customerId === customerId)
			.sort((a, b) => a.seq - b.seq);
	}
	transactionsOf(accountId: string): TransactionRecord[] {
		return Object.values(this.data.transactions).filter((t) => t.accountId === accountId);
	}
	balanceOf(accountId: string): Balance {
		const acc = this.data.accounts[accountId];
		let cash = 0;
		let pending = 0;
		for (const t of this.transactionsOf(accountId)) {
			if (t.status === 'COMPLETED') cash += t.amount;
			else pending += t.amount;
		}
		const securities = (acc?.securities ?? []).reduce((s, x) => s + x.marketValue, 0);
		return { cash, pending, securities, total: cash + securities, allTimeEarnings: acc?.allTimeEarnings ?? 0 };
	}

	// ---- writes ------------------------------------------------------------------------
	/** Books a transaction on a pocket (the only way balances change). */
	addTransaction(input: Omit<TransactionRecord, 'id'> & { id?: string }): TransactionRecord {
		const rec: TransactionRecord = { ...input, id: input.id ?? randomUUID() };
		this.data.transactions[rec.id] = rec;
		this.changed();
		return rec;
	}

	/** Sets a booked transaction's status (PENDING → COMPLETED moves it into cash). */
	setTransactionStatus(id: string, status: TransactionRecord['status']): void {
		const t = this.data.transactions[id];
		if (!t) return;
		t.status = status;
		this.changed();
	}
	/** Removes a PENDING transaction (a transfer that was rejected before it settled). */
	dropTransaction(id: string): void {
		delete this.data.transactions[id];
		this.changed();
	}
	/** Cash that may still be spent: COMPLETED cash less outgoing PENDING transactions. */
	availableOf(accountId: string): number {
		let v = 0;
		for (const t of this.transactionsOf(accountId)) if (t.status === 'COMPLETED' || t.amount < 0) v += t.amount;
		return v;
	}

	/** Replaces all API data (used by reset). Tokens and seen keys survive. */
	replaceData(data: SandboxData): void {
		this.data = SandboxState.normalize(data);
		this.changed();
	}

	// ---- auth --------------------------------------------------------------------------
	issueToken(ttlSeconds: number, now = Date.now()): { token: string; expiresAt: number } {
		const token = randomBytes(32).toString('base64');
		const expiresAt = now + ttlSeconds * 1000;
		this.auth.tokens[token] = expiresAt;
		this.pruneTokens(now);
		this.changed();
		return { token, expiresAt };
	}
	tokenIsValid(token: string, now = Date.now()): boolean {
		const exp = Object.prototype.hasOwnProperty.call(this.auth.tokens, token) ? this.auth.tokens[token] : undefined;
		return exp !== undefined && exp > now;
	}
	/** Ends every issued token now (admin route, to test re-login). */
	expireAllTokens(now = Date.now()): number {
		const n = Object.keys(this.auth.tokens).length;
		for (const t of Object.keys(this.auth.tokens)) this.auth.tokens[t] = now - 1;
		this.changed();
		return n;
	}
	private pruneTokens(now: number): void {
		for (const [t, exp] of Object.entries(this.auth.tokens)) if (exp < now - 86_400_000) delete this.auth.tokens[t];
	}

	isRepeatedKey(key: string, windowMs: number, now = Date.now()): boolean {
		const k = key.toLowerCase();
		const seen = Object.prototype.hasOwnProperty.call(this.auth.idempotencyKeys, k) ? this.auth.idempotencyKeys[k] : undefined;
		return seen !== undefined && now - seen < windowMs;
	}

	/** Jiko: "A request is considered to be repeated if the idempotency key value ... has been
	 * used previously in the past 1 hour". Returns true when repeated; records the key otherwise. */
	checkAndRecordKey(key: string, windowMs: number, now = Date.now()): boolean {
		if (this.isRepeatedKey(key, windowMs, now)) return true;
		const k = key.toLowerCase();
		this.auth.idempotencyKeys[k] = now;
		for (const [kk, at] of Object.entries(this.auth.idempotencyKeys)) if (now - at >= windowMs) delete this.auth.idempotencyKeys[kk];
		this.changed();
		return false;
	}
}
