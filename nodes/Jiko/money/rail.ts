import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ExecutionMemory } from './memory';
import type { Rail } from '../../../core/rails';

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

/** The payee of a transfer that shows its counterparty only by name (a wire's transaction),
 * beside this run's counterparty: compared by the conflict check (samePayment). */
export interface PayeeNames {
	/** The payee's name as the found transfer shows it; undefined when it shows none. */
	shown?: string;
	/** The names this run's counterparty goes by at Jiko; undefined when it cannot be read. */
	ours?: string[];
	/** Why this run's counterparty cannot be read (with `ours` undefined). */
	unreadable?: string;
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
	rail: Rail;
	/** The name of the payment's client id field: `transfer_id`, `wire_id`, `ach_marker_id`. */
	idName: string;
	clientId: string;
	businessKey: string | null;
	itemIndex: number;
	/** The body exactly as it is sent and signed. */
	bodyText: string;
	/** The request key (`x-jiko-idempotency`) of this payment. */
	requestKey: string;
	/** The next attempts at this payment (their attempt numbers and client ids): a look-up that
	 * cannot see this attempt may see a later one, which then answers for the payment. */
	laterAttempts: Array<{ attempt: number; clientId: string }>;
}

/** What a look-up found, and which path found it or cleared it (said in the output). */
export interface LookupResult {
	transfer?: IDataObject;
	/** In words: "the pocket's newest ACH originations", "get by transfer_id", ... */
	path: string;
	/** Set when no path this Jiko has proven can say "not there": nothing may be sent. */
	blind?: string;
	/** Set when the transfer found is a later attempt at this payment (one of the payment's
	 * `laterAttempts`, seen while this attempt shows nowhere): its attempt number. */
	attempt?: number;
}

/** What the self-check after a create saw: the output's `self_check`, and the transfer as the
 * look-up read it (replaces the create's answer in the output) when it has one. */
export interface SelfCheck {
	check: IDataObject;
	transfer?: IDataObject;
}

/**
 * One money rail (on-us, ACH, wire): its fields, its body, how to find a transfer by its client
 * id and how to read a found transfer's terms. Everything else — Dry Run, the money rules,
 * exactly-once sending, conflicts, waiting for the final status, the output — is the same for
 * every rail and lives in createTransfer (the flow) and its parts beside it.
 */
export interface RailSpec {
	rail: Rail;
	/** "on-us transfer", "ACH transfer", "wire". */
	noun: string;
	/** The output field that holds the payment's client id: `transfer_id`, `wire_id`, `ach_marker_id`. */
	idName: string;
	/** The create operation's fields (without the shared Business Key and Options). */
	fields: INodeProperties[];
	/** Reads one item's parameters; throws a NodeOperationError naming the field to fix. */
	build(context: IExecuteFunctions, itemIndex: number, clientId: string): Promise<PaymentDraft>;
	/**
	 * The transfer with this payment's client id, or undefined when Jiko shows none. `fresh`:
	 * Jiko may have just made it (a "repeated" answer, a lost one), so read Jiko again rather
	 * than what this execution already read.
	 */
	lookup(context: IExecuteFunctions, payment: Payment, memory: ExecutionMemory, fresh: boolean): Promise<LookupResult>;
	/** The terms of a transfer Jiko shows, read from its own fields. */
	termsOf(context: IExecuteFunctions, found: IDataObject): Promise<PaymentTerms>;
	/** Where a transfer shows its counterparty only by name (wires): that name and this run's
	 * counterparty's names, for the conflict check. Read only when every other term agrees. */
	payeeOf?(context: IExecuteFunctions, payment: Payment, found: IDataObject, memory: ExecutionMemory): Promise<PayeeNames>;
	/** Jiko's answer to the create, as output (default: the answer itself). */
	created?(context: IExecuteFunctions, payment: Payment, answer: unknown, memory: ExecutionMemory): Promise<IDataObject>;
	/** Right before the send: checks on what this Jiko has shown (e.g. which way ACH codes move
	 * money); may throw (nothing is sent) or return a release to call once the self-check ran. */
	beforeSend?(context: IExecuteFunctions, payment: Payment, memory: ExecutionMemory): Promise<(() => void) | undefined>;
	/**
	 * After Jiko took a create: looks the transfer up the way a later run would, proving (or
	 * refuting) the readings that look-up rests on, so no later run trusts a blind path. Never
	 * throws for a failed read (the money moved; the output says what could not be checked);
	 * throws when the transfer shows it moved money another way than asked.
	 */
	selfCheck(context: IExecuteFunctions, payment: Payment, transfer: IDataObject, memory: ExecutionMemory): Promise<SelfCheck>;
	/** Reads the transfer again, for Wait for Final Status. */
	refresh(context: IExecuteFunctions, payment: Payment, current: IDataObject): Promise<IDataObject>;
	/** Whether a transfer has reached a status after which nothing changes. */
	isFinal(transfer: IDataObject): boolean;
	/** Whether Jiko rejected the transfer for good: no money moved, and its payment may be tried
	 * again under a new client id. */
	failedFinally(transfer: IDataObject): boolean;
}
