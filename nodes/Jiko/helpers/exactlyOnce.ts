import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { jikoSend, type JikoRequest, type JikoResult } from '../transport';
import { existingMatches, type CreateOptions } from './moneyFields';

export type WriteOutcome = 'created' | 'existing';

export interface CreateOnceSpec {
	/** The POST, carrying the client-chosen id (or ACH marker) in its body. */
	request: JikoRequest;
	/** Finds the object this write creates, by its client-chosen id; undefined when absent. */
	lookup: () => Promise<IDataObject | undefined>;
	/**
	 * Look before the first send. Needed where Jiko cannot refuse a duplicate (ACH has no client
	 * id) and wherever a business key may already have been paid by an earlier run.
	 */
	lookupFirst: boolean;
	/** Shown in messages: "on-us transfer 3f2c…". */
	label: string;
}

export interface CreateOnceResult {
	outcome: WriteOutcome;
	body: IDataObject;
	/** How many POSTs were sent (0 when it already existed). */
	sends: number;
	/** True when an ambiguous failure was resolved by looking the object up. */
	reconciled: boolean;
}

/** At most this many POSTs for one write, each only after a look-up proved the previous absent. */
export const MAX_SENDS = 3;

/**
 * Exactly-once create (DESIGN.md §2): a write is resent only after a look-up by its client id
 * proved that the previous attempt left nothing behind. Whatever Jiko answers to a duplicate,
 * the result is the one existing object.
 */
export async function createOnce(
	this: IExecuteFunctions,
	spec: CreateOnceSpec,
): Promise<CreateOnceResult> {
	const itemIndex = spec.request.itemIndex ?? 0;
	if (spec.lookupFirst) {
		const existing = await spec.lookup();
		if (existing) return { outcome: 'existing', body: existing, sends: 0, reconciled: false };
	}
	let sends = 0;
	for (;;) {
		sends++;
		const result = (await jikoSend.call(this, spec.request)) as JikoResult<IDataObject>;
		if (result.ok) return { outcome: 'created', body: result.body, sends, reconciled: sends > 1 };

		// Jiko answered or may have acted: is the object there now?
		const found = await spec.lookup();
		if (found) {
			// A refusal (e.g. 409 for a reused id) means an earlier run made it; a lost answer means we did.
			return {
				outcome: result.kind === 'rejected' ? 'existing' : 'created',
				body: found,
				sends,
				reconciled: true,
			};
		}
		if (result.kind === 'rejected') throw result.error;
		if (sends >= MAX_SENDS) {
			throw new NodeOperationError(
				this.getNode(),
				`Could not confirm the ${spec.label} after ${sends} attempts: ${result.error.message}`,
				{
					itemIndex,
					description:
						'Each attempt failed without an answer and a look-up by the transfer ID found nothing afterwards, so no money moved as far as Jiko shows. Running the item again with the same Business Key is safe.',
				},
			);
		}
		// Proven absent: the same body and id again, with a fresh request key (the transport's job).
		await sleep(250 * sends);
	}
}

export interface WaitSpec {
	get: () => Promise<IDataObject>;
	isFinal: (object: IDataObject) => boolean;
	maxWaitSeconds: number;
	pollIntervalSeconds: number;
}

/** Polls until the object is final or the wait runs out; reports which one happened. */
export async function waitForFinal(
	initial: IDataObject,
	spec: WaitSpec,
): Promise<{ object: IDataObject; final: boolean; waitedMs: number }> {
	const started = Date.now();
	let object = initial;
	const deadline = started + Math.max(0, spec.maxWaitSeconds) * 1_000;
	const interval = Math.max(200, spec.pollIntervalSeconds * 1_000);
	while (!spec.isFinal(object)) {
		const remaining = deadline - Date.now();
		if (remaining <= 0) return { object, final: false, waitedMs: Date.now() - started };
		await sleep(Math.min(interval, remaining));
		object = await spec.get();
	}
	return { object, final: true, waitedMs: Date.now() - started };
}

export interface FinishSpec {
	options: CreateOptions;
	/** Reads the transfer again (for Wait for Final Status). */
	refresh: (current: IDataObject) => Promise<IDataObject>;
	finalStatuses: string[];
	/** What this run used and asked for: environment, business key, client id, amount. */
	ids: IDataObject;
	cents: number | undefined;
}

/** The output item of a create: Jiko's transfer (after waiting, if asked), then what happened. */
async function finishCreate(result: CreateOnceResult, spec: FinishSpec): Promise<IDataObject> {
	let object = result.body;
	let final: boolean | undefined;
	if (spec.options.waitForFinalStatus) {
		const waited = await waitForFinal(object, {
			get: async () => await spec.refresh(object),
			isFinal: (candidate) => spec.finalStatuses.includes(String(candidate.status)),
			maxWaitSeconds: spec.options.maxWaitSeconds ?? 60,
			pollIntervalSeconds: spec.options.pollIntervalSeconds ?? 2,
		});
		object = waited.object;
		final = waited.final;
	}
	return {
		...object,
		outcome: result.outcome,
		...existingMatches(result.outcome, object, spec.cents),
		...spec.ids,
		...(final === undefined ? {} : { final_status_reached: final }),
	};
}

export interface TransferSpec extends CreateOnceSpec, Omit<FinishSpec, 'refresh'> {
	/** Reads the transfer again for Wait for Final Status; default: the look-up by client id. */
	refresh?: FinishSpec['refresh'];
}

/**
 * A money-moving create, the same on every rail: Dry Run returns the request and sends nothing;
 * otherwise the write happens exactly once and the output says what happened.
 */
export async function createTransfer(this: IExecuteFunctions, spec: TransferSpec): Promise<IDataObject> {
	const { method, path, body } = spec.request;
	if (spec.options.dryRun) return { dry_run: true, ...spec.ids, request: { method, path, body } };
	const result = await createOnce.call(this, spec);
	return await finishCreate(result, {
		...spec,
		refresh: spec.refresh ?? (async (current) => (await spec.lookup()) ?? current),
	});
}
