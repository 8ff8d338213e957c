import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { resources } from './resources';
import type { JikoOperation } from './types';
import { redactSecrets, secretFreeError, secretValues } from '../helpers/secrets';

export const MAX_PARALLEL_REQUESTS = 16;

/** Node-wide settings, shown for every operation. */
export const requestOptionsField: INodeProperties = {
	displayName: 'Request Options',
	name: 'requestOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	description: 'How the node works through its input items',
	options: [
		{
			displayName: 'Parallel Requests',
			name: 'parallelRequests',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_REQUESTS },
			default: 1,
			description:
				"How many items to work on at the same time (1: one after another). Output order stays the order of the input. When Jiko rate-limits, every request waits as Jiko asks, so more parallel requests slow down instead of failing.",
		},
	],
};

function parallelism(context: IExecuteFunctions): number {
	const options = context.getNodeParameter('requestOptions', 0, {}) as { parallelRequests?: number };
	const wanted = Math.floor(Number(options.parallelRequests ?? 1));
	return Number.isFinite(wanted) ? Math.min(MAX_PARALLEL_REQUESTS, Math.max(1, wanted)) : 1;
}

/**
 * Runs the chosen operation for every input item, up to Parallel Requests at a time; with
 * Continue On Fail, a failed item becomes an `{error}` item paired to its input instead of
 * stopping the workflow. Output keeps the input's order whatever order the items finish in.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const outputs: INodeExecutionData[][] = new Array(items.length);
	let next = 0;
	let failure: { error: unknown; itemIndex: number } | undefined;

	const finishers = new Set<NonNullable<JikoOperation['finish']>>();
	const runItem = async (itemIndex: number): Promise<INodeExecutionData[]> => {
		const resource = this.getNodeParameter('resource', itemIndex) as string;
		const operationName = this.getNodeParameter('operation', itemIndex) as string;
		const operation = (resources as Record<string, (typeof resources)[keyof typeof resources] | undefined>)[resource]?.[
			operationName
		];
		if (!operation) {
			throw new NodeOperationError(this.getNode(), `The operation "${operationName}" is not supported for resource "${resource}"`, {
				itemIndex,
			});
		}
		if (operation.finish) finishers.add(operation.finish);
		const secrets = secretValues(this, operation.secretParameters, itemIndex);
		try {
			const result = redactSecrets(await operation.execute.call(this, itemIndex), secrets);
			const results: IDataObject[] = Array.isArray(result) ? result : [result];
			return results.map((json) => ({ json, pairedItem: { item: itemIndex } }));
		} catch (error) {
			throw secretFreeError(this, error, secrets, itemIndex);
		}
	};

	const worker = async () => {
		while (failure === undefined && next < items.length) {
			const itemIndex = next++;
			try {
				outputs[itemIndex] = await runItem(itemIndex);
			} catch (error) {
				if (!this.continueOnFail()) {
					failure ??= { error, itemIndex };
					return;
				}
				const message = error instanceof Error ? error.message : String(error);
				const description = (error as { description?: unknown }).description;
				outputs[itemIndex] = [
					{
						// Only `error`, `message` and `details`: with "On Error → Continue (using error
						// output)" n8n sends an item to the error output only when its json has no other
						// key, so a failed payment never reaches the success branch.
						json: { error: message, ...(typeof description === 'string' ? { details: description } : {}) },
						pairedItem: { item: itemIndex },
					},
				];
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(parallelism(this), items.length) }, worker));

	if (failure) {
		const { error, itemIndex } = failure;
		// Errors of n8n's kinds already carry a message built for users (and their item).
		if (error instanceof NodeApiError || error instanceof NodeOperationError) throw error;
		throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
	}
	const extra: INodeExecutionData[] = [];
	for (const finish of finishers) {
		for (const { json, pairedItems } of await finish.call(this)) {
			extra.push({ json, pairedItem: pairedItems.map((item) => ({ item })) });
		}
	}
	return [[...outputs.flat(), ...extra]];
}
