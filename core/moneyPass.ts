import { randomBytes, timingSafeEqual } from 'crypto';
import type { IDataObject } from 'n8n-workflow';

/*
 * Proof, inside one n8n process, that a money-moving request comes from the Jiko node's
 * create operations, which checked the credential's money rules (switch, AI agents, limits)
 * first. The value is random per process and lives only in memory: the credential removes
 * the header before signing, so it never leaves n8n, and no workflow can know it. A write to
 * a transfer endpoint without it (n8n's HTTP Request node, an AI agent's HTTP tool) is not
 * signed.
 */
export const MONEY_PASS_HEADER = 'x-n8n-jiko-money-pass';

const PASS = Buffer.from(randomBytes(32).toString('base64url'));

/** Headers to put on a transfer create that passed the money rules. */
export function moneyPassHeaders(): IDataObject {
	return { [MONEY_PASS_HEADER]: PASS.toString() };
}

/** Whether `headers` carry this process's pass (any letter case of the name). */
export function carriesMoneyPass(headers: IDataObject | undefined): boolean {
	for (const [name, value] of Object.entries(headers ?? {})) {
		if (name.toLowerCase() !== MONEY_PASS_HEADER || typeof value !== 'string') continue;
		const given = Buffer.from(value);
		if (given.length === PASS.length && timingSafeEqual(given, PASS)) return true;
	}
	return false;
}
