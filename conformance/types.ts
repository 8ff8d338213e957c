import type { JikoClient } from './client';

/** A value of one of the local sandbox's switches (sandbox/assumptions.ts, by name). */
export type SwitchValue = string | number | boolean;

/** One answered (or skipped) question. */
export interface Row {
	/** stable id of the question (equal to the switch name, except the write/wire variants) */
	id: string;
	/** the question in words */
	question: string;
	/** what this Jiko did, in words (statuses, bodies shortened, timings) */
	observed: string;
	/** the local sandbox switch this question settles (exact name), or null */
	switch: string | null;
	/** the switch value that behaves like this Jiko; null = undecided / skipped / no switch matches */
	value: SwitchValue | null;
	/** is the node safe with this behaviour? null = not known (question skipped or undecided) */
	safe: boolean | null;
	/** what it means for the node, or why the question was skipped */
	note?: string;
	/** the node's money safety depends on this question: unanswered (safe null) fails the run */
	safety: boolean;
	/** safe, but the node takes its slower path that cannot miss (what that path is) */
	fallback?: string;
}

/** Transfers this run knows (created with --money, or found read-only), to test look-ups with. */
export interface Known {
	/** wires: the pocket and the wire_id, and the counterparty paid where this run sent it */
	wires: Array<{ pocket: string; wireId: string; counterparty?: string }>;
	/** ACH originations: the pocket, the id, the amount in cents */
	ach: Array<{ pocket: string; achId: string; cents: number }>;
}

/** Ids the money probes need (env JIKO_POCKET_FROM, ... or, locally, GET /api/v1/sandbox/demo/). */
export interface Ids {
	/** a customer with two or more pockets (offset list question); else the pocketFrom's customer_id (v2) */
	customerId?: string;
	/** a customer pocket with a few cents in it */
	pocketFrom?: string;
	/** another pocket of the same customer (INTERNAL_REALLOCATION) */
	pocketTo?: string;
	/** a VERIFIED ACH counterparty of that customer */
	achCounterparty?: string;
	/** a VERIFIED WIRE counterparty of that customer */
	wireCounterparty?: string;
	/** an on-us counterparty of that customer (PEER_TO_PEER) */
	onUsCounterparty?: string;
}

export interface ProbeContext {
	client: JikoClient;
	/** talking to this project's local emulator (GET /_sandbox/config answered) */
	local: boolean;
	/** how long to wait for visibility, settlement */
	timeoutMs: number;
	ids: Ids;
	/** progress lines (stderr in the CLI) */
	log: (line: string) => void;
	/** transfers known to this run (filled by the money probes and the read-only discovery) */
	known: Known;
}
