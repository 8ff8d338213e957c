import type { IExecuteFunctions } from 'n8n-workflow';

import { jikoBaseUrl } from '../../../core/environment';
import { CREDENTIAL_NAME } from '../../../core/credential';

/*
 * What the node has seen a Jiko do where Jiko's documentation is silent — and a look-up that
 * answers "not there" may rest only on what it has seen. Each reading is kept per Jiko account
 * (address + user) in this process:
 * - proven: a look-up path returned a transfer the node already knew, in the way the node reads
 *   it (the v2 amount filter in cents with the transfer's ach_id; filter[wire] with the wire's
 *   id; an unknown on-us id answered with one status, a known one found). Proofs are re-made
 *   after PROOF_TTL_MS, so a Jiko that changes is noticed within that time.
 * - refuted: the path answered something that shows the reading is wrong (other amounts, other
 *   wires, an ACH that moved the other way). It is not used again until n8n restarts.
 * - tried: a proof could not be made (nothing known to test with, or the known transfer did not
 *   come back); the path is not used, and the proof is tried again after RETRY_MS.
 * A path that is not proven is never used to conclude "not there": the look-up takes the path
 * that cannot miss, or the item fails closed.
 */

/** amountFilter: v2 amount_from/amount_to in cents, with ach_id on items. amountUnit: v2
 * amount_from/amount_to in cents (a transaction of a pocket came back from amount_from =
 * amount_to = its amount, with nothing of another amount; proven also by amountFilter). wireFilter: v2
 * filter[wire], with the wire id on items. wireWalk: the pocket's wire transactions show wire ids.
 * onUsGet: an unknown on-us id has one proven answer. onUsFound: a created on-us transfer is found
 * by its id. achList: the ACH list shows the node's marker line. achIds: ACH transactions show
 * their ach_id (so which way an ACH moved can be read). */
export type Reading = 'amountFilter' | 'amountUnit' | 'wireFilter' | 'wireWalk' | 'onUsGet' | 'onUsFound' | 'achList' | 'achIds';

export interface Proof {
	state: 'proven' | 'refuted' | 'tried';
	at: number;
	/** In words, for outputs and messages: what was seen. */
	why: string;
}

export const PROOF_TTL_MS = 60 * 60_000;
export const RETRY_MS = 10 * 60_000;

interface AccountReadings {
	proofs: Map<Reading, Proof>;
	/** Which Jiko status means "no on-us transfer with this id" (404 or 422), once proven. */
	onUsAbsentStatus?: number;
	/** ACH Direction Convention of the credential → proven right, or refuted by an ACH that
	 * moved the other way. */
	conventions: Map<string, Proof>;
	/** ACH originations and wires this process created (id → marker / pocket): data the node
	 * already holds, to prove look-ups with. Bounded. */
	createdAch: Map<string, string>;
	knownWires: Map<string, string>;
	/** Serializes ACH sends while the credential's ACH convention is not proven yet, so that at
	 * most one ACH is out before the first self-check. */
	achTail: Promise<unknown>;
}

const KNOWN_MAX = 1_000;
const accounts = new Map<string, AccountReadings>();

/** The readings of the Jiko account the node's credential points at. */
export async function readingsOf(context: IExecuteFunctions): Promise<JikoReadings> {
	const credentials = await context.getCredentials(CREDENTIAL_NAME);
	const key = `${jikoBaseUrl(credentials)}|${String(credentials.username ?? '')}`;
	let account = accounts.get(key);
	if (!account) {
		account = { proofs: new Map(), conventions: new Map(), createdAch: new Map(), knownWires: new Map(), achTail: Promise.resolve() };
		accounts.set(key, account);
	}
	return new JikoReadings(account);
}

/** Forgets every reading (tests that change a sandbox's switches while it runs). */
export function forgetReadings(): void {
	accounts.clear();
}

function remember(map: Map<string, string>, key: string, value: string): void {
	map.delete(key);
	map.set(key, value);
	if (map.size > KNOWN_MAX) map.delete(map.keys().next().value as string);
}

export class JikoReadings {
	constructor(private readonly account: AccountReadings) {}

	proof(reading: Reading, now = Date.now()): Proof | undefined {
		const proof = this.account.proofs.get(reading);
		if (!proof) return undefined;
		if (proof.state === 'proven' && now - proof.at > PROOF_TTL_MS) return undefined;
		if (proof.state === 'tried' && now - proof.at > RETRY_MS) return undefined;
		return proof;
	}

	isProven(reading: Reading): boolean {
		return this.proof(reading)?.state === 'proven';
	}

	/** Whether a proof is worth trying now (never refuted, not tried lately, not proven). */
	mayTry(reading: Reading): boolean {
		return this.proof(reading) === undefined;
	}

	isRefuted(reading: Reading): boolean {
		return this.account.proofs.get(reading)?.state === 'refuted';
	}

	note(reading: Reading, state: Proof['state'], why: string): void {
		// A refutation stands until restart: a later lucky answer does not undo it.
		if (this.isRefuted(reading)) return;
		if (state === 'tried' && this.isProven(reading)) return;
		this.account.proofs.set(reading, { state, at: Date.now(), why });
	}

	get onUsAbsentStatus(): number | undefined {
		return this.isProven('onUsGet') ? this.account.onUsAbsentStatus : undefined;
	}

	proveOnUsAbsent(status: number, why: string): void {
		this.account.onUsAbsentStatus = status;
		this.note('onUsGet', 'proven', why);
	}

	convention(convention: string): Proof | undefined {
		return this.account.conventions.get(convention);
	}

	noteConvention(convention: string, state: 'proven' | 'refuted', why: string): void {
		if (this.account.conventions.get(convention)?.state === 'refuted') return;
		this.account.conventions.set(convention, { state, at: Date.now(), why });
	}

	rememberAch(achId: string, marker: string): void {
		remember(this.account.createdAch, achId, marker);
	}

	/** The marker the node put on an ACH it created here, if it did. */
	markerOfCreatedAch(achId: string): string | undefined {
		return this.account.createdAch.get(achId);
	}

	rememberWire(wireId: string, pocketId: string): void {
		remember(this.account.knownWires, wireId.toLowerCase(), pocketId);
	}

	/** A wire this process knows (the newest first): its id and pocket. */
	knownWire(): { wireId: string; pocketId: string } | undefined {
		const entries = [...this.account.knownWires.entries()];
		const last = entries[entries.length - 1];
		return last ? { wireId: last[0], pocketId: last[1] } : undefined;
	}

	/** Waits for every earlier holder: ACH sends go one at a time while the convention is being
	 * proven. Returns the release. */
	async acquireAch(): Promise<() => void> {
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		const before = this.account.achTail;
		this.account.achTail = before.then(() => mine);
		await before;
		return release;
	}
}
