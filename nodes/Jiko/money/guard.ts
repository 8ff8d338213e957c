import type { IExecuteFunctions } from 'n8n-workflow';

import type { TransferRail } from './ids';

export type Rail = TransferRail;

export type GuardVerdict = { allowed: true; release: () => void } | { allowed: false; refusal: string };

/** The money rules of the credential, checked before a create is sent (the credential's rules
 * arrive with the guard-rails change; until then every create is allowed). */
export async function guardMoneyMovement(
	context: IExecuteFunctions,
	input: { rail: Rail; cents: number | undefined; itemIndex: number; dryRun: boolean },
): Promise<GuardVerdict> {
	return context && input ? { allowed: true, release: () => undefined } : { allowed: false, refusal: 'no context' };
}

/** The n8n execution a money output belongs to, for audit. */
export function executionAudit(context: IExecuteFunctions): { n8n_execution_id: string | null } {
	return { n8n_execution_id: context.getExecutionId() ?? null };
}
