import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { AmountError, dollarsToCents, formatUsd } from './amount';
import { ENVIRONMENT_LABELS, jikoEnvironment, type JikoEnvironment } from './environment';
import { RAIL_NAMES, type Rail } from './rails';

/*
 * The money rules a person sets in the Jiko credential, as pure functions: the Jiko node's
 * guard applies all of them before a transfer is sent, and the credential itself applies the
 * ones it can see in a single request (the switch and the per-transfer limit) before it signs.
 */

/** The credential fields' labels, so every refusal names the field a person changes. */
export const MONEY_FIELD_LABELS = {
	allowMoneyMovement: 'Allow Money Movement',
	allowProductionMoneyMovement: 'Allow Money Movement in Production',
	maxPerTransfer: 'Maximum per Transfer (USD)',
	maxPerExecution: 'Maximum Total per Execution (USD)',
	limitScope: 'Count the Execution Total',
	allowAiMoneyMovement: 'Allow AI Agents to Move Money',
} as const;

export type LimitScope = 'allRails' | 'perRail';

export interface MoneySettings {
	environment: JikoEnvironment;
	/** Whether the switch that governs this environment is on. */
	moneyMovementAllowed: boolean;
	/** Label of that switch: production has its own, off until a person turns it on. */
	switchLabel: string;
	aiMoneyMovementAllowed: boolean;
	maxPerTransferCents?: number;
	maxPerExecutionCents?: number;
	limitScope: LimitScope;
	/** A limit that is set but is not an amount: nothing moves until a person fixes it. */
	limitProblem?: string;
}

function readLimit(value: unknown, label: string): { cents?: number; problem?: string } {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		return {};
	}
	try {
		return { cents: dollarsToCents(value, { maxCents: Infinity }) };
	} catch (error) {
		const what =
			error instanceof AmountError
				? error.shown
					? `${error.shown} ${error.problem}`
					: error.problem
				: String(error);
		return {
			problem: `"${label}" in the Jiko credential is not a usable limit (${what}), so no transfer is sent until a person corrects it (e.g. 25,000.00) or empties it (no limit)`,
		};
	}
}

/** Reads the money fields; a missing field means its default, as n8n fills it in. */
export function readMoneySettings(credentials: ICredentialDataDecryptedObject): MoneySettings {
	const environment = jikoEnvironment(credentials);
	const production = environment === 'production';
	const perTransfer = readLimit(credentials.maxPerTransfer, MONEY_FIELD_LABELS.maxPerTransfer);
	const perExecution = readLimit(credentials.maxPerExecution, MONEY_FIELD_LABELS.maxPerExecution);
	return {
		environment,
		// Production is off unless switched on; the sandboxes are on unless switched off.
		moneyMovementAllowed: production
			? credentials.allowProductionMoneyMovement === true
			: credentials.allowMoneyMovement !== false,
		switchLabel: production
			? MONEY_FIELD_LABELS.allowProductionMoneyMovement
			: MONEY_FIELD_LABELS.allowMoneyMovement,
		aiMoneyMovementAllowed: credentials.allowAiMoneyMovement === true,
		maxPerTransferCents: perTransfer.cents,
		maxPerExecutionCents: perExecution.cents,
		limitScope: credentials.limitScope === 'perRail' ? 'perRail' : 'allRails',
		limitProblem: perTransfer.problem ?? perExecution.problem,
	};
}

export function hasLimits(settings: MoneySettings): boolean {
	return (
		settings.maxPerTransferCents !== undefined ||
		settings.maxPerExecutionCents !== undefined ||
		settings.limitProblem !== undefined
	);
}

/** "$1,250.00 (125000 cents)": dollars for people, cents as Jiko counts them. */
export function dollarsAndCents(cents: number): string {
	return `${formatUsd(cents)} (${cents} ${cents === 1 ? 'cent' : 'cents'})`;
}

/** "the ACH transfer of $1,250.00 (125000 cents) for item 3". `cents` undefined = Full Withdrawal. */
export function describeTransfer(rail: Rail, cents: number | undefined, itemIndex?: number): string {
	const amount = cents === undefined ? ' (Full Withdrawal)' : ` of ${dollarsAndCents(cents)}`;
	const item = itemIndex === undefined ? '' : ` for item ${itemIndex}`;
	return `the ${RAIL_NAMES[rail]}${amount}${item}`;
}

export type ExecutionTotals = Record<Rail | 'all', number>;

export function emptyTotals(): ExecutionTotals {
	return { all: 0, 'on-us': 0, ach: 0, wire: 0 };
}

export interface MoneyRequest {
	rail: Rail;
	/** undefined = Full Withdrawal (the whole balance, unknown before sending) */
	cents: number | undefined;
	itemIndex?: number;
	/** Whether an AI agent called the node as a tool. */
	aiToolRun?: boolean;
	/** A Dry Run preview: totals include earlier previews of the same execution. */
	preview?: boolean;
}

/**
 * Why this transfer must not be sent, or undefined when every rule allows it. Without
 * `totals`, the per-execution limit is not checked (the credential alone cannot see an
 * execution). Limits are exact in cents: an amount equal to a limit is allowed.
 */
export function moneyRefusal(
	settings: MoneySettings,
	request: MoneyRequest,
	totals?: ExecutionTotals,
): string | undefined {
	const transfer = describeTransfer(request.rail, request.cents, request.itemIndex);
	const environment = ENVIRONMENT_LABELS[settings.environment];
	if (!settings.moneyMovementAllowed) {
		return settings.environment === 'production'
			? `Money movement in Production is switched off in this Jiko credential, so ${transfer} was not sent. Production moves real money: a person must switch on "${settings.switchLabel}" in the credential before any transfer is made with it.`
			: `Money movement is switched off in this Jiko credential (${environment}), so ${transfer} was not sent. To allow transfers, switch on "${settings.switchLabel}" in the credential.`;
	}
	if (request.aiToolRun && !settings.aiMoneyMovementAllowed) {
		return `AI agents may not move money with this Jiko credential: ${transfer} was refused and nothing was sent. Reading data still works. Only a person can allow this, by switching on "${MONEY_FIELD_LABELS.allowAiMoneyMovement}" in the Jiko credential.`;
	}
	if (settings.limitProblem) {
		return `${settings.limitProblem}; ${transfer} was not sent.`;
	}
	if (request.cents === undefined) {
		if (!hasLimits(settings)) return undefined;
		return `A Full Withdrawal cannot be checked against the limits set in this Jiko credential (its amount is known only after sending), so ${transfer} was not sent. Give a requested amount instead, or have a person empty "${MONEY_FIELD_LABELS.maxPerTransfer}" and "${MONEY_FIELD_LABELS.maxPerExecution}" in the credential.`;
	}
	const max = settings.maxPerTransferCents;
	if (max !== undefined && request.cents > max) {
		return `${capitalize(transfer)} is above the maximum per transfer of ${dollarsAndCents(max)} set in this Jiko credential, so it was not sent. Split the payment, or have a person raise "${MONEY_FIELD_LABELS.maxPerTransfer}" in the credential.`;
	}
	const maxTotal = settings.maxPerExecutionCents;
	if (maxTotal !== undefined && totals) {
		const key = settings.limitScope === 'perRail' ? request.rail : 'all';
		const used = totals[key];
		if (used + request.cents > maxTotal) {
			const which = key === 'all' ? 'all transfers' : `${RAIL_NAMES[request.rail]}s`;
			const soFar = request.preview
				? `what this execution has sent and its earlier Dry Run items would send come to ${dollarsAndCents(used)} in ${which}`
				: `this execution has already sent (or is sending) ${dollarsAndCents(used)} in ${which}`;
			return `${capitalize(transfer)} was not sent: ${soFar} with this Jiko credential, and this one would bring the total to ${dollarsAndCents(used + request.cents)}, above the maximum per execution of ${dollarsAndCents(maxTotal)} set in the credential. Send it in a later execution, or have a person raise "${MONEY_FIELD_LABELS.maxPerExecution}" in the credential.`;
		}
	}
	return undefined;
}

function capitalize(text: string): string {
	return text.charAt(0).toUpperCase() + text.slice(1);
}

const READ_METHODS = ['GET', 'HEAD', 'OPTIONS'];

/**
 * The rail a request would move money on, judged from its method and path alone: any write
 * to a path with a `transfers`, `ach-originating` or `wire(s)` segment, however it is spelled
 * (percent-encoding, letter case, doubled slashes, with or without the trailing slash).
 */
export function moneyMovementRail(method: string | undefined, pathname: string): Rail | undefined {
	if (READ_METHODS.includes((method ?? 'GET').toUpperCase())) return undefined;
	let path = pathname;
	try {
		path = decodeURIComponent(pathname);
	} catch {
		// not valid percent-encoding: judge the raw path
	}
	path = path.toLowerCase();
	// Segment starts only: linear, and "wires-report" style names still count (fail closed).
	if (/(?:^|\/)transfers(?![a-z0-9_])/.test(path)) return 'on-us';
	if (/(?:^|\/)ach-originating(?![a-z0-9_])/.test(path)) return 'ach';
	if (/(?:^|\/)wires?(?![a-z0-9_])/.test(path)) return 'wire';
	return undefined;
}

function isCents(value: unknown): value is number {
	return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/**
 * The amount a money-moving request body asks for: cents, 'FULL_WITHDRAWAL', or undefined
 * when it cannot be read (the credential then refuses wherever a limit is set).
 */
export function requestedCents(body: unknown): number | 'FULL_WITHDRAWAL' | undefined {
	let parsed = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			parsed = JSON.parse(body.toString());
		} catch {
			return undefined;
		}
	}
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
	const object = parsed as IDataObject;
	const amount = object.amount as IDataObject | undefined;
	if (typeof amount === 'object' && amount !== null && amount.type === 'FULL_WITHDRAWAL') {
		return 'FULL_WITHDRAWAL';
	}
	// On-us nests it; ACH and wires keep it at the top. Two different amounts: read neither.
	const candidates = [object.amount_usdc, typeof amount === 'object' && amount !== null ? amount.amount_usdc : undefined].filter(
		(value) => value !== undefined,
	);
	if (candidates.length === 0 || !candidates.every(isCents)) return undefined;
	return new Set(candidates).size === 1 ? (candidates[0] as number) : undefined;
}
