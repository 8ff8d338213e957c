import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { formatCents } from '../../../../core/amount';
import { achConvention, achWayOf, describeWay, type AchConvention } from './direction';
import { patiently } from '../../money/patience';
import type { Payment, SelfCheck } from '../../money/rail';
import { readingsOf, type JikoReadings } from '../../money/readings';
import { CREDENTIAL_NAME } from '../../../../core/credential';
import { ACH_PATHS, achIdOf, amountOf, isReceived, readAmountPage, readNewestAchTransactions, wayOfTransaction, type PairCheck } from './lookup';

/*
 * The ACH Direction Convention of the credential is the second-largest risk of the node: a wrong
 * one turns a payout into a pull from the payee's bank. Jiko documents which way each pocket
 * transaction moved money (v2 `direction`: CREDIT into the pocket, DEBIT out of it), so every
 * origination the node can pair with its transaction (by ach_id) tests the convention: the
 * code it was sent with, read by the convention, must be the way Jiko booked it. Once a pair
 * agrees, the convention is proven for this Jiko account; once one disagrees, no ACH is sent
 * with that credential and convention again (until n8n restarts with the credential fixed).
 */

const CONVENTION_NAMES: Record<AchConvention, string> = {
	debitPulls: 'DEBIT Pulls Money In',
	creditPulls: 'CREDIT Pulls Money In',
};

export interface ConventionChecks {
	readings: JikoReadings;
	convention: AchConvention;
	onPair: PairCheck;
	proven(): boolean;
	/** Throws the loud error when an ACH showed this convention to be wrong. */
	assertNotRefuted(): void;
}

export async function conventionChecks(context: IExecuteFunctions, itemIndex: number): Promise<ConventionChecks> {
	const readings = await readingsOf(context);
	const convention = achConvention(await context.getCredentials(CREDENTIAL_NAME));
	return {
		readings,
		convention,
		onPair(origination, transaction) {
			const asked = achWayOf(origination.direction, convention);
			const moved = wayOfTransaction(transaction);
			if (!asked || !moved) return;
			readings.note('achIds', 'proven', 'the pocket transactions of ACH originations show their ach_id');
			const id = String(origination.id ?? '');
			if (asked === moved) {
				readings.noteConvention(convention, 'proven', `ACH ${id} was sent as ${String(origination.direction)} and Jiko booked it ${describeWay(moved)}`);
				return;
			}
			const cents = amountOf(origination);
			readings.noteConvention(
				convention,
				'refuted',
				`ACH ${id}${cents === undefined ? '' : ` of ${formatCents(cents)} USD`} in pocket ${String(origination.jiko_account_id ?? '?')} was sent as ${String(origination.direction)}, which the credential's ACH Direction Convention ("${CONVENTION_NAMES[convention]}") reads as money ${describeWay(asked)}, but Jiko booked it ${describeWay(moved)}`,
			);
		},
		proven: () => readings.convention(convention)?.state === 'proven',
		assertNotRefuted() {
			const refuted = readings.convention(convention);
			if (refuted?.state !== 'refuted') return;
			const other: AchConvention = convention === 'debitPulls' ? 'creditPulls' : 'debitPulls';
			throw new NodeOperationError(context.getNode(), `ACH moved the wrong way: ${refuted.why}. No further ACH is sent with this credential.`, {
				itemIndex,
				description: `The Jiko credential's "ACH Direction Convention" is wrong for this Jiko: set it to "${CONVENTION_NAMES[other]}". Then check that ACH with Jiko (it may have pulled money from, or paid money to, the wrong side) before running anything again.`,
			});
		},
	};
}

/**
 * After Jiko took an ACH: its pocket transaction, found by ach_id, shows which way it moved
 * money (checked against the way asked) and whether the amount filter finds it (the look-up a
 * later run would make). Needed only while one of those readings is unproven on this Jiko.
 */
export async function selfCheckAch(context: IExecuteFunctions, payment: Payment, transfer: IDataObject): Promise<SelfCheck> {
	const checks = await conventionChecks(context, payment.itemIndex);
	const { readings } = checks;
	const achId = String(transfer.id ?? '');
	const pocketId = String(payment.terms.pocketId);
	const cents = payment.terms.amountCents as number;
	const needConvention = !checks.proven();
	const needFilter = readings.mayTry('amountFilter');
	if (!achId) return { check: { result: "not possible: Jiko's answer carries no ACH id" } };
	if (!needConvention && !needFilter) {
		return { check: { result: 'not needed', why: 'this Jiko has shown both which way ACH codes move money and that the amount filter finds an ACH the node knew' } };
	}
	const newestPath = "the pocket's newest ACH transactions (v2)";
	let idsShown = true;
	let moved: string | undefined;
	const check: IDataObject = {};
	try {
		if (needConvention) {
			// Its own transaction, newest first, waiting out a short visibility lag.
			const found = await patiently(async () => {
				const items = await readNewestAchTransactions(context, pocketId, payment.itemIndex, 10);
				const mine = items.find((item) => achIdOf(item) === achId);
				// Originations whose transactions show no ach_id at all cannot be paired: waiting
				// would not help. (ACH received never carry one.)
				const originated = items.filter((item) => !isReceived(item));
				idsShown = mine !== undefined || originated.length === 0 || originated.some((item) => achIdOf(item) !== undefined);
				return mine ?? (idsShown ? undefined : {});
			});
			if (!found || !idsShown) {
				if (!idsShown) readings.note('achIds', 'tried', "the pocket's ACH transactions show no ach_id");
				Object.assign(check, {
					result: idsShown ? 'not visible yet' : 'not possible',
					path: newestPath,
					direction_checked: false,
					why: idsShown
						? `Jiko did not show ACH ${achId}'s transaction in time`
						: "Jiko's ACH transactions show no ach_id, so which way this ACH moved money cannot be read from them",
				});
			} else {
				moved = wayOfTransaction(found);
				checks.onPair({ ...transfer, jiko_account_id: transfer.jiko_account_id ?? pocketId }, found);
				Object.assign(check, { result: 'found', path: newestPath, direction_checked: moved !== undefined });
			}
		}
		if (needFilter) {
			// The look-up a later run makes: the amount filter must return it, with its ach_id.
			const page = await readAmountPage(context, pocketId, cents, payment.itemIndex, 100);
			if (!page.usable) readings.note('amountFilter', page.refutes ? 'refuted' : 'tried', page.why);
			else if (page.items.some((item) => achIdOf(item) === achId)) {
				readings.note('amountFilter', 'proven', `ACH ${achId}, just created, came back from the amount filter with its ach_id`);
			} else readings.note('amountFilter', 'tried', `ACH ${achId}, just created, did not come back from the amount filter with its ach_id`);
			check.amount_filter = readings.proof('amountFilter')?.state ?? 'unproven';
			if (!needConvention) Object.assign(check, { result: page.usable && readings.isProven('amountFilter') ? 'found' : 'not found', path: ACH_PATHS.amount });
		}
	} catch (error) {
		return { check: { ...check, result: 'could not read', error: error instanceof Error ? error.message : String(error) } };
	}
	checks.assertNotRefuted();
	return { check };
}
