import {
	NodeApiError,
	NodeOperationError,
	type JsonObject,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { resources } from './resources';

/** Runs the chosen operation for every input item; with Continue On Fail, a failed item
 * becomes an `{error}` item paired to its input instead of stopping the workflow. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operationName = this.getNodeParameter('operation', itemIndex) as string;
			const operation = resources[resource]?.[operationName];
			if (!operation) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operationName}" is not supported for resource "${resource}"`,
					{ itemIndex },
				);
			}
			const result = await operation.execute.call(this, itemIndex);
			const results: IDataObject[] = Array.isArray(result) ? result : [result];
			for (const json of results) output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			if (this.continueOnFail()) {
				const message = error instanceof Error ? error.message : String(error);
				const description = (error as { description?: unknown }).description;
				output.push({
					json: { error: message, ...(typeof description === 'string' ? { description } : {}) },
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			// Both constructors hand an error of their own kind back unchanged (messages built by the
			// transport stay as they are); anything else is wrapped with the item index.
			if (error instanceof NodeApiError) throw new NodeApiError(this.getNode(), error as unknown as JsonObject);
			throw new NodeOperationError(this.getNode(), error as Error, { itemIndex });
		}
	}
	return [output];
}
