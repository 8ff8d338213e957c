import { randomUUID } from 'crypto';
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { RailSpec } from './rail';

/*
 * What a money create keeps about this node run in the node's execution context. n8n carries that
 * context over to Retry On Fail and to the retry of a failed execution, and only there: these
 * records are what make a re-run find what it already paid instead of paying again.
 */

/**
 * This node run's records in the node's execution context, which n8n carries over to Retry On
 * Fail and to the retry of a failed execution (with the same run index and the same items):
 * - a seed for the ids of items without a Business Key, so those re-runs derive the same ids
 *   (a new execution starts with an empty context, i.e. new payments);
 * - per rail, the items without a Business Key that were sent, so a re-run looks them up first.
 */
export function nodeRun(context: IExecuteFunctions): { seed: () => string; sentItems: (rail: RailSpec) => number[] } {
	const store = context.getContext('node') as IDataObject;
	const runIndex = String(context.getWorkflowDataProxy(0).$runIndex ?? 0);
	return {
		seed: () => {
			const seeds = (store.jikoRunSeeds ??= {}) as Record<string, string>;
			return (seeds[runIndex] ??= randomUUID());
		},
		sentItems: (rail) => {
			const sent = (store.jikoSentItems ??= {}) as Record<string, number[]>;
			return (sent[`${runIndex}:${rail.rail}`] ??= []);
		},
	};
}

/** How often Jiko cleanly refused each transfer id of this node run (a new request key each
 * time), kept in the node's execution context like the run seed. */
export function refusalsOf(context: IExecuteFunctions): Record<string, number> {
	const store = context.getContext('node') as IDataObject;
	return (store.jikoRefusals ??= {}) as Record<string, number>;
}

/** Per payment, the attempt to make next after Jiko rejected earlier ones (each attempt has an
 * id of its own), kept in the node's execution context like the run seed. */
export function attemptsOf(context: IExecuteFunctions): Record<string, number> {
	const store = context.getContext('node') as IDataObject;
	return (store.jikoAttempts ??= {}) as Record<string, number>;
}
