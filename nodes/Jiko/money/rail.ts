import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionMemory } from './memory';
import type { TransferRail } from './ids';

/** What identifies one payment besides its client id: compared with a transfer Jiko already
 * shows under the same Business Key, so one key can never pay two different things. */
export interface PaymentTerms {
	/** Cents; undefined for an on-us Full Withdrawal (Jiko decides the amount). */
	amountCents?: number;
	/** The pocket the rail is created on (on-us: the source pocket). */
	pocketId?: string;
	counterpartyId?: string;
	/** ACH, in words: money pulled into the pocket, or sent out of it. */
	way?: 'in' | 'out';
	/** On-us: the destination pocket or counterparty, and the transfer type. */
	toId?: string;
	transferType?: string;
}

/** What a rail builds from one item's parameters: the POST and what it means. */
export interface PaymentDraft {
	path: string;
	body: IDataObject;
	/** For messages: "create an ACH payout of 12.50 USD". */
	what: string;
	terms: PaymentTerms;
	/** The id fields of the output: `{transfer_id}`, `{wire_id}`, `{ach_marker_id}`. */
	ids: IDataObject;
	/** Where a person checks by hand whether Jiko has it: "pocket P's ACH transfers ...". */
	whereToCheck: string;
}

export interface Payment extends PaymentDraft {
	rail: TransferRail;
	clientId: string;
	businessKey: string | null;
	itemIndex: number;
	/** The body exactly as it is sent and signed. */
	bodyText: string;
	/** The request key (`x-jiko-idempotency`) of this payment. */
	requestKey: string;
}

/**
 * One money rail (on-us, ACH, wire): its fields, its body, how to find a transfer by its client
 * id and how to read a found transfer's terms. Everything else — Dry Run, the money rules,
 * exactly-once sending, conflicts, waiting for the final status, the output — is the same for
 * every rail and lives in createTransfer.
 */
export interface RailSpec {
	rail: TransferRail;
	/** "on-us transfer", "ACH transfer", "wire". */
	noun: string;
	/** The create operation's fields (without the shared Business Key and Options). */
	fields: INodeProperties[];
	/** Reads one item's parameters; throws a NodeOperationError naming the field to fix. */
	build(context: IExecuteFunctions, itemIndex: number, clientId: string): Promise<PaymentDraft>;
	/**
	 * The transfer with this payment's client id, or undefined when Jiko shows none. `fresh`:
	 * Jiko may have just made it (a "repeated" answer, a lost one), so read Jiko again rather
	 * than what this execution already read.
	 */
	lookup(context: IExecuteFunctions, payment: Payment, memory: ExecutionMemory, fresh: boolean): Promise<IDataObject | undefined>;
	/** The terms of a transfer Jiko shows, read from its own fields. */
	termsOf(context: IExecuteFunctions, found: IDataObject): Promise<PaymentTerms>;
	/** Jiko's answer to the create, as output (default: the answer itself). */
	created?(context: IExecuteFunctions, payment: Payment, answer: unknown, memory: ExecutionMemory): Promise<IDataObject>;
	/** Reads the transfer again, for Wait for Final Status. */
	refresh(context: IExecuteFunctions, payment: Payment, current: IDataObject): Promise<IDataObject>;
	/** Whether a transfer has reached a status after which nothing changes. */
	isFinal(transfer: IDataObject): boolean;
	/** Whether Jiko rejected the transfer for good: no money moved, and its payment may be tried
	 * again under a new client id. */
	failedFinally(transfer: IDataObject): boolean;
}
