import { sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import type { CreateOptions } from './fields';
import type { Payment, RailSpec } from './rail';

/**
 * A create's output item: the transfer (after Wait for Final Status, read again until it reaches
 * a status after which nothing changes, or the wait is over), its outcome and the audit fields.
 * Waiting never sends anything: it only reads the transfer the create made or found.
 */
export async function finish(
	context: IExecuteFunctions,
	rail: RailSpec,
	payment: Payment,
	transfer: IDataObject,
	outcome: 'created' | 'existing',
	options: CreateOptions,
	audit: IDataObject,
): Promise<IDataObject> {
	let object = transfer;
	let final: boolean | undefined;
	if (options.waitForFinalStatus) {
		const deadline = Date.now() + Math.max(0, options.maxWaitSeconds ?? 60) * 1_000;
		const interval = Math.max(200, (options.pollIntervalSeconds ?? 2) * 1_000);
		while (!rail.isFinal(object)) {
			const left = deadline - Date.now();
			if (left <= 0) break;
			await sleep(Math.min(interval, left));
			object = await rail.refresh(context, payment, object);
		}
		final = rail.isFinal(object);
	}
	return {
		...object,
		outcome,
		// A found transfer whose payee could not be compared (payee_checked: false, see
		// samePayment) is not claimed to match: null, not true.
		...(outcome === 'existing' ? { request_matches_existing: audit.payee_checked === false ? null : true } : {}),
		...audit,
		...(final === undefined ? {} : { final_status_reached: final }),
	};
}
