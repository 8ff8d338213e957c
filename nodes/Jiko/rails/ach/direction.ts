import type { ICredentialDataDecryptedObject, INodePropertyOptions } from 'n8n-workflow';

/*
 * Which way an ACH moves money, in words, and the one place that maps it to Jiko's codes.
 * Jiko's own material disagrees on the codes: the ACHRequest schema gives DEBIT the default
 * entry description "Funding TX" and CREDIT "Release TX" (an originator's debit pulls money in,
 * as in NACHA), while its OpenAPI example sends CREDIT for "Transferring funds to Jiko from an
 * external account". The credential says which convention its Jiko uses (`npm run conformance
 * -- --money` finds out); the node never picks a direction on its own.
 */

export type AchWay = 'in' | 'out';
export type AchCode = 'DEBIT' | 'CREDIT';
export type AchConvention = 'debitPulls' | 'creditPulls';

export const ACH_WAY_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Pull Money Into the Pocket',
		value: 'in',
		description: "Takes the amount from the counterparty's bank account and adds it to the pocket",
	},
	{
		name: 'Send Money Out of the Pocket',
		value: 'out',
		description: "Takes the amount from the pocket and pays it into the counterparty's bank account",
	},
];

export function achConvention(credentials: ICredentialDataDecryptedObject): AchConvention {
	return credentials.achDirectionConvention === 'creditPulls' ? 'creditPulls' : 'debitPulls';
}

export function achCode(way: AchWay, convention: AchConvention): AchCode {
	const pull: AchCode = convention === 'debitPulls' ? 'DEBIT' : 'CREDIT';
	return way === 'in' ? pull : pull === 'DEBIT' ? 'CREDIT' : 'DEBIT';
}

export function achWayOf(code: unknown, convention: AchConvention): AchWay | undefined {
	if (code !== 'DEBIT' && code !== 'CREDIT') return undefined;
	return achCode('in', convention) === code ? 'in' : 'out';
}

export function isAchWay(value: unknown): value is AchWay {
	return value === 'in' || value === 'out';
}

/** In words, for outputs and messages. */
export function describeWay(way: AchWay): string {
	return way === 'in' ? 'into the pocket' : 'out of the pocket';
}

/** Jiko's default company entry descriptions, by what the ACH does. */
export const DEFAULT_ENTRY_DESCRIPTION: Record<AchWay, string> = { in: 'Funding TX', out: 'Release TX' };
