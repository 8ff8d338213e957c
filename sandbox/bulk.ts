/**
 * Bulk seeding for tests and measurements (admin routes POST /_sandbox/seed/...): N settled
 * transactions, ACH originations or wires on one pocket, fast — no checks, no events, no
 * settlement timers. Times are spaced 1 ms apart ending now, so they append in order and
 * never tie.
 */
import { randomUUID } from 'node:crypto';
import type { SandboxContext } from './context';
import { achPullsIn } from './rules';
import { createAch, createWire } from './transfers';
import type { AccountRecord, AchDirection, CounterpartyRecord, TransactionDetails, TransactionType } from './types';
import type { NewTransaction } from './state';

export const BULK_MAX = 1_000_000;

/** A pattern of settled transactions: every third a card purchase (money out), the others
 * incoming ACH credits and small GENERIC credits, so type / direction filters have work to do. */
function pattern(i: number): { type: TransactionType; cents: number; details: TransactionDetails } {
	const k = i % 3;
	if (k === 0) {
		return {
			type: 'ACH',
			cents: 1_000 + (i % 97),
			details: {
				title: 'From BULK SEED (PAYROLL)', transaction_type: 'ACH', transaction_type_title: 'ACH Electronic Credit',
				ach_transaction: { company_name: 'BULK SEED', company_entry_description: 'PAYROLL', individual_identification_number: '000000000', trace_number: `0${String(i).padStart(14, '0')}`, ach_id: null, ach_direction: 'RECEIVING' },
			},
		};
	}
	if (k === 1) {
		return {
			type: 'CARD',
			cents: -(300 + (i % 89)),
			details: {
				title: 'BULK SEED MERCHANT', transaction_type: 'CARD', transaction_type_title: 'Card Purchase',
				card_transaction: { counterparty: 'BULK SEED MERCHANT', merchant_type: 'Online Retail', pre_authorization: false },
			},
		};
	}
	return { type: 'GENERIC', cents: 100 + (i % 7), details: { title: 'Courtesy credit', transaction_type: 'GENERIC', transaction_type_title: 'Adjustment' } };
}

/** `count` COMPLETED transactions on the pocket (`type` narrows them to one kind). */
export function seedTransactions(ctx: SandboxContext, acc: AccountRecord, count: number, type?: 'ACH' | 'CARD' | 'GENERIC'): number {
	const now = Date.now();
	const batch: NewTransaction[] = [];
	for (let i = 0; i < count; i++) {
		let p = pattern(i);
		if (type) for (let j = i; p.type !== type; j++) p = pattern(j);
		const ts = now - (count - i);
		batch.push({ id: randomUUID(), accountId: acc.id, amount: p.cents, timestamp: ts, timeSettled: ts, status: 'COMPLETED', details: p.details });
	}
	ctx.state.addTransactions(batch);
	return batch.length;
}

function verifiedCounterparty(ctx: SandboxContext, acc: AccountRecord, type: 'ACH' | 'WIRE'): CounterpartyRecord {
	const found = Object.values(ctx.state.data.counterparties).find((c) => c.customerId === acc.customerId && c.type === type && c.side.status === 'VERIFIED');
	return found ?? {
		id: randomUUID(),
		customerId: acc.customerId ?? '',
		type,
		side: {
			time_created: Date.now(), verification_type: 'PRE_VERIFIED', status: 'VERIFIED', account_number: '000000000000', routing_number: '000000000',
			name_on_account: 'Bulk Seed Counterparty', account_type: 'CHECKING', institution_name: 'Sandbox Bank',
		},
	};
}

/** `count` PROCESSED ACH originations, each with its settled ACH transaction, 1 ms apart, the
 * last one created at `ending` (default now; an earlier time seeds e.g. pre-July-2024 ones). */
export function seedAch(ctx: SandboxContext, acc: AccountRecord, count: number, direction?: AchDirection, ending?: number): number {
	const cp = verifiedCounterparty(ctx, acc, 'ACH');
	const now = ending === undefined ? Date.now() : ending + 1;
	for (let i = 0; i < count; i++) {
		const dir: AchDirection = direction ?? (i % 2 === 0 ? 'DEBIT' : 'CREDIT');
		createAch(ctx, {
			account: acc, counterparty: cp, counterpartyId: cp.id, direction: dir, secCode: 'WEB', amount: 100 + (i % 1000),
			paymentRelatedInformation: [`bulk-${i}`], companyEntryDescription: achPullsIn(dir, ctx.assumptions) ? 'Funding TX' : 'Release TX',
		}, { status: 'PROCESSED', timeCreated: now - (count - i) });
	}
	return count;
}

/** `count` COMPLETED outgoing wires, each with its settled WIRE and WIRE_FEE transactions. */
export function seedWires(ctx: SandboxContext, acc: AccountRecord, count: number): number {
	const cp = verifiedCounterparty(ctx, acc, 'WIRE');
	const now = Date.now();
	for (let i = 0; i < count; i++) {
		createWire(ctx, { account: acc, counterparty: cp, amount: 10_000 + i, description: `bulk-${i}` }, { status: 'COMPLETED', timeCreated: now - (count - i) });
	}
	return count;
}
