/**
 * runConformance: asks a Jiko (a partner's Jiko sandbox, or this project's local emulator) every
 * question the local sandbox has a switch for, and says which switch value behaves like it and
 * whether the node is safe with what it does. Read-only unless `money` is set.
 */
import { HttpError, JikoClient } from './client';
import {
	moveBack,
	judgeRepeatedKeyWrite,
	probeAchDirection,
	probeDuplicateTransferId,
	probePeerToPeer,
	probeVisibilityLag,
	probeWire,
	sendFirstTransfer,
} from './probes/money';
import {
	probeCounterpartyAccountNumbers,
	probeCounterpartyCreatePath,
	probeCursorEmptyPage,
	probeOffsetListCount,
	probeOnUsUnknownId,
	probeRepeatedKey,
	probeTrailingSlash,
	probeTransactionAmountSign,
	probeV2Endpoints,
} from './probes/reads';
import { discoverKnown, probeAchIdBeforeJuly2024, probeAmountFilterUnit, probeTransferIds, probeWireCounterpartyName, probeWireFilter } from './probes/readings';
import { QUESTION_ORDER, checkOf, isMoneyQuestion, newRow, skippedRow, type QuestionId } from './questions';
import type { Ids, ProbeContext, Row, SwitchValue } from './types';
import { cashOf, itemsOf } from './util';

export type { Ids, Row, SwitchValue } from './types';

export interface ConformanceOptions {
	/** e.g. https://{partner}.sandbox-api.jikoservices.com (no trailing slash needed) */
	baseUrl: string;
	/** required unless baseUrl is this project's local emulator (then its fixed demo login is used) */
	username?: string;
	password?: string;
	sharedSecret?: string;
	/** sent as x-jiko-partner-id when given */
	partnerId?: string;
	/** ask the questions that move a few cents */
	money?: boolean;
	/** waits for visibility and settlement; default 60 */
	timeoutSeconds?: number;
	/** ids for the money questions; against the local emulator the missing ones come from its demo route */
	ids?: Ids;
	/** progress lines; default: none */
	log?: (line: string) => void;
}

export interface ConformanceResult {
	target: { baseUrl: string; local: boolean };
	money: boolean;
	results: Row[];
	/** the rows the node is not safe with, and why */
	unsafe: Array<{ id: string; question: string; reason: string }>;
	/** the questions the node's money safety depends on that this run could not answer, and what to check */
	unanswered: Array<{ id: string; question: string; check: string }>;
	/** answers the node is safe with by taking a slower path that cannot miss */
	slower: Array<{ id: string; value: SwitchValue | null; fallback: string }>;
	/** switch → value that behaves like this Jiko (for JIKO_SANDBOX_ASSUMPTIONS) */
	sandboxAssumptions: Record<string, SwitchValue>;
	/** money moved back, disagreements between rows of one switch */
	notes: string[];
	/** 1 when any row is unsafe; else 3 when a safety question is unanswered; else 0 */
	exitCode: 0 | 1 | 3;
}

/** Exit codes of `npm run conformance` (docs/conformance.md). */
export const EXIT = { ok: 0, unsafe: 1, setup: 2, unanswered: 3 } as const;

/** A problem with the inputs or the connection (not an answer): the CLI exits 2. */
export class SetupError extends Error {}

/** The local emulator's fixed demo login (public, documented in its README). */
const LOCAL_DEMO_LOGIN = { username: 'sandbox-partner', password: 'sandbox-password', sharedSecret: 'sandbox-shared-secret-0001' };

/** This project's local emulator answers GET /_sandbox/config without a token; a real Jiko does not. */
async function isLocalEmulator(client: JikoClient): Promise<boolean> {
	try {
		const res = await client.plain('GET', '/_sandbox/config');
		return res.status === 200 && typeof res.json?.assumptions === 'object' && res.json.assumptions !== null;
	} catch (error) {
		throw new SetupError(`cannot reach ${client.baseUrl}: ${(error as Error).message}`);
	}
}

/** Local only: the demo route's ids (first customer with two OPEN pockets), statuses checked via v2. */
async function localIds(client: JikoClient): Promise<Ids> {
	const demo = await client.get('/api/v1/sandbox/demo/');
	const customers: any[] = Array.isArray(demo.json?.customers) ? demo.json.customers : [];
	for (const c of customers) {
		const open: string[] = [];
		for (const p of c.pockets ?? []) {
			// the pocket's status as the node reads it (v2); without v2, the demo's order (OPEN first)
			const res = await client.get(`/api/v2/pockets/${p}/`);
			if (res.status === 200 ? res.json?.status === 'OPEN' : open.length < 2) open.push(p);
		}
		if (open.length < 2) continue;
		const cps = itemsOf(await client.get(`/api/v1/customers/${c.id}/counterparties/`, { query: { limit: 100 } }));
		const verified = (type: string) => cps.find((cp) => cp.type === type && cp[type.toLowerCase()]?.status === 'VERIFIED')?.id as string | undefined;
		return {
			customerId: c.id,
			pocketFrom: open[0],
			pocketTo: open[1],
			achCounterparty: verified('ACH'),
			wireCounterparty: verified('WIRE'),
			onUsCounterparty: (c.on_us_counterparties ?? [])[0],
		};
	}
	return {};
}

/** Pockets whose transactions may show a money-out one. */
async function candidatePockets(client: JikoClient, ids: Ids, local: boolean, v2: boolean): Promise<string[]> {
	const out = [ids.pocketFrom, ids.pocketTo].filter((p): p is string => typeof p === 'string');
	if (local) {
		const demo = await client.get('/api/v1/sandbox/demo/');
		if (typeof demo.json?.partner?.pocket_id === 'string') out.push(demo.json.partner.pocket_id);
		for (const c of demo.json?.customers ?? []) out.push(...(c.pockets ?? []));
	} else if (v2 && out.length === 0) {
		out.push(...itemsOf(await client.get('/api/v2/pockets/', { query: { limit: 10 } })).map((p) => p.id as string));
	}
	return [...new Set(out)].slice(0, 12);
}

/**
 * The on-us questions, in the order their timing needs: the first transfer and its resend, the
 * visibility lag measured from it, the resend judged, the duplicate transfer_id; then whatever
 * reached `to` is moved back, even when a probe failed.
 */
async function onUsQuestions(ctx: ProbeContext, from: string, to: string, v2: boolean, notes: string[]): Promise<Row[]> {
	const toCashBefore = await cashOf(ctx.client, to);
	try {
		const first = await sendFirstTransfer(ctx, from, to);
		const lag = await probeVisibilityLag(ctx, first, from, v2);
		const write = await judgeRepeatedKeyWrite(ctx, first, from);
		const duplicate = await probeDuplicateTransferId(ctx, from, to);
		return [lag, write, duplicate];
	} finally {
		notes.push(await moveBack(ctx, from, to, toCashBefore).catch((error: Error) => `could not move the cents back from ${to} to ${from}: ${error.message}`));
	}
}

/** Runs one probe; an exception becomes an undecided row (the other questions still get asked). */
async function ask<T extends Row | Row[]>(ids: QuestionId[], probe: () => Promise<T>): Promise<Row[]> {
	try {
		const r = await probe();
		return Array.isArray(r) ? r : [r];
	} catch (error) {
		return ids.map((id) => ({ ...newRow(id), observed: `error: ${(error as Error).message}` }));
	}
}

/**
 * Rows that depend on another. Whether the request key protects is settled by the write probe
 * when it ran (that is what the node relies on), else by the read probe. A duplicate id that was
 * executed again stays unsafe whatever the key does: the node sends a create again with the same
 * id (and a new key) when it cannot tell whether the first one happened.
 */
function applyCrossRules(rows: Map<string, Row>): void {
	const read = rows.get('repeatedKey');
	const write = rows.get('repeatedKeyWrite');
	const decided = (r: Row | undefined) => !!r && (r.safe === false || r.value !== null);
	const key = decided(write) ? write : decided(read) ? read : undefined;
	const keyProtects = key ? key.safe !== false : undefined;
	if (read && read.safe === false && keyProtects === true) {
		read.safe = true;
		read.note = 'Reads are not checked for a repeated key but writes are: the node resends a read with a fresh key, so this is safe. No sandbox switch behaves like this.';
	}
}

/** The safety questions this run could not answer (safe unknown), with what to check. */
function unansweredOf(rows: Row[]): ConformanceResult['unanswered'] {
	return rows
		.filter((r) => r.safety && r.safe === null)
		.map((r) => ({ id: r.id, question: r.question, check: [r.observed === 'not asked' ? `not asked (${r.note ?? ''})` : (r.note ?? r.observed), checkOf(r.id)].filter(Boolean).join(' — ') }));
}

function summarize(rows: Row[]): { sandboxAssumptions: Record<string, SwitchValue>; notes: string[] } {
	const sandboxAssumptions: Record<string, SwitchValue> = {};
	const from: Record<string, string> = {};
	const notes: string[] = [];
	// The write answers weigh more than the read ones; on-us more than wires.
	const priority = ['repeatedKeyWrite', 'duplicateTransferId'];
	const ordered = [...rows].sort((a, b) => (priority.includes(b.id) ? 1 : 0) - (priority.includes(a.id) ? 1 : 0));
	for (const r of ordered) {
		if (!r.switch || r.value === null) continue;
		if (!(r.switch in sandboxAssumptions)) {
			sandboxAssumptions[r.switch] = r.value;
			from[r.switch] = r.id;
		} else if (sandboxAssumptions[r.switch] !== r.value) {
			notes.push(`${r.id} says ${r.switch} = ${String(r.value)} but ${from[r.switch]} says ${String(sandboxAssumptions[r.switch])}: the sandbox has one switch for both; ${from[r.switch]} was kept.`);
		}
	}
	return { sandboxAssumptions, notes };
}

export async function runConformance(options: ConformanceOptions): Promise<ConformanceResult> {
	const log = options.log ?? (() => undefined);
	const timeoutMs = Math.round((options.timeoutSeconds ?? 60) * 1000);
	if (!/^https?:\/\//i.test(options.baseUrl)) throw new SetupError(`JIKO_BASE_URL must be an http(s) URL, got "${options.baseUrl}"`);
	const probeClient = new JikoClient({ baseUrl: options.baseUrl, username: '', password: '', sharedSecret: '' });
	const local = await isLocalEmulator(probeClient);
	const login = { username: options.username, password: options.password, sharedSecret: options.sharedSecret };
	const missing = Object.entries({ JIKO_USERNAME: login.username, JIKO_PASSWORD: login.password, JIKO_SHARED_SECRET: login.sharedSecret })
		.filter(([, v]) => !v)
		.map(([k]) => k);
	if (missing.length && !local) throw new SetupError(`set ${missing.join(', ')} (the Partner API login and shared secret Jiko gave you)`);
	const client = new JikoClient({
		baseUrl: options.baseUrl,
		username: login.username || LOCAL_DEMO_LOGIN.username,
		password: login.password || LOCAL_DEMO_LOGIN.password,
		sharedSecret: login.sharedSecret || LOCAL_DEMO_LOGIN.sharedSecret,
		partnerId: options.partnerId,
	});
	try {
		await client.login();
	} catch (error) {
		throw new SetupError((error as HttpError).message);
	}
	log(`talking to ${client.baseUrl}${local ? ' (the local emulator)' : ''}`);

	const ids: Ids = { ...(local ? await localIds(client) : {}), ...Object.fromEntries(Object.entries(options.ids ?? {}).filter(([, v]) => !!v)) };
	const ctx: ProbeContext = { client, local, timeoutMs, ids, log, known: { wires: [], ach: [] } };
	const rows: Row[] = [];
	const run = async <T extends Row | Row[]>(qs: QuestionId[], probe: () => Promise<T>) => {
		log(`asking: ${qs.join(', ')}`);
		rows.push(...(await ask(qs, probe)));
	};
	const notes: string[] = [];

	await run(['repeatedKey'], () => probeRepeatedKey(ctx));
	await run(['onUsUnknownId'], () => probeOnUsUnknownId(ctx));
	await run(['v2Endpoints'], () => probeV2Endpoints(ctx));
	const v2 = rows.find((r) => r.id === 'v2Endpoints')?.value === true;
	await run(['trailingSlash'], () => probeTrailingSlash(ctx));
	await run(['offsetListCount'], () => probeOffsetListCount(ctx));
	await run(['cursorEmptyPage'], () => probeCursorEmptyPage(ctx));

	const { pocketFrom: from, pocketTo: to, achCounterparty, wireCounterparty, onUsCounterparty } = ids;
	const skip = (q: QuestionId[], why: string) => rows.push(...q.map((id) => skippedRow(id, why)));
	if (!options.money) {
		skip(QUESTION_ORDER.filter(isMoneyQuestion), 'needs --money');
	} else {
		if (local && from) {
			// The emulator's own funding route (wires there cost a $25 fee); a failure shows in the rows.
			await client.post('/api/v1/sandbox/fund/', { account_id: from, amount_usdc: 1_000_000 }).catch(() => undefined);
		}
		if (from && to) {
			await run(['visibilityLagMs', 'repeatedKeyWrite', 'duplicateTransferId'], () => onUsQuestions(ctx, from, to, v2, notes));
		} else {
			skip(['repeatedKeyWrite', 'visibilityLagMs', 'duplicateTransferId'], 'set JIKO_POCKET_FROM and JIKO_POCKET_TO (two pockets of one customer)');
		}
		if (from && achCounterparty) await run(['achDirection'], () => probeAchDirection(ctx, from, achCounterparty, v2));
		else skip(['achDirection'], 'set JIKO_POCKET_FROM and JIKO_ACH_COUNTERPARTY (a VERIFIED ACH counterparty of that customer)');
		if (from && wireCounterparty) await run(['wireCreateBody', 'duplicateWireId'], () => probeWire(ctx, from, wireCounterparty, v2));
		else skip(['wireCreateBody', 'duplicateWireId'], 'set JIKO_POCKET_FROM and JIKO_WIRE_COUNTERPARTY (a VERIFIED WIRE counterparty of that customer)');
		if (from && onUsCounterparty) await run(['peerToPeerToAccountType'], () => probePeerToPeer(ctx, from, onUsCounterparty));
		else skip(['peerToPeerToAccountType'], 'set JIKO_POCKET_FROM and JIKO_ON_US_COUNTERPARTY (an on-us counterparty of that customer)');
	}

	// The v2 readings and the amount sign last: after --money there are transfers of our own to look at.
	const pockets = await candidatePockets(client, ids, local, v2);
	const v2Readings: QuestionId[] = ['v2AmountFilterUnit', 'v2WireFilter', 'v2TransferIds', 'achIdBeforeJuly2024'];
	if (!v2) {
		skip(v2Readings, 'the v2 transactions route is not there');
	} else {
		await discoverKnown(ctx, pockets).catch((error: Error) => notes.push(`could not look for known transfers: ${error.message}`));
		await run(['v2AmountFilterUnit'], () => probeAmountFilterUnit(ctx, pockets));
		await run(['v2WireFilter'], () => probeWireFilter(ctx, pockets));
		await run(['v2TransferIds'], () => probeTransferIds(ctx, pockets));
		await run(['achIdBeforeJuly2024'], () => probeAchIdBeforeJuly2024(ctx, pockets));
	}
	await run(['transactionAmountSign'], async () => probeTransactionAmountSign(ctx, pockets, v2));
	await run(['counterpartyAccountNumbers'], () => probeCounterpartyAccountNumbers(ctx));
	await run(['wireCounterpartyName'], () => probeWireCounterpartyName(ctx));
	await run(['counterpartyCreatePath'], () => probeCounterpartyCreatePath(ctx));

	const byId = new Map(rows.map((r) => [r.id, r]));
	applyCrossRules(byId);
	const results = QUESTION_ORDER.map((id) => byId.get(id)).filter((r): r is Row => !!r);
	const unsafe = results.filter((r) => r.safe === false).map((r) => ({ id: r.id, question: r.question, reason: r.note ?? r.observed }));
	const unanswered = unansweredOf(results);
	const slower = results.filter((r) => r.safe === true && r.fallback).map((r) => ({ id: r.id, value: r.value, fallback: r.fallback as string }));
	const summary = summarize(results);
	return {
		target: { baseUrl: client.baseUrl, local },
		money: !!options.money,
		results,
		unsafe,
		unanswered,
		slower,
		sandboxAssumptions: summary.sandboxAssumptions,
		notes: [...notes, ...summary.notes],
		exitCode: unsafe.length ? EXIT.unsafe : unanswered.length ? EXIT.unanswered : EXIT.ok,
	};
}
