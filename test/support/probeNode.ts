import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { moneyPassHeaders } from '../../core/moneyPass';
import { jikoCursorList, jikoOffsetList, jikoSend } from '../../nodes/Jiko/transport';

/**
 * A test-only node that sends one request per item through the project's transport, so
 * transport behaviour (signing, retries, paging, error mapping) runs inside n8n's engine.
 */
export class TransportProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Transport Probe',
		name: 'transportProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Transport Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jikoApi', required: true }],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: 'send' },
			{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
			{ displayName: 'Path', name: 'path', type: 'string', default: '' },
			{ displayName: 'Body', name: 'body', type: 'json', default: '' },
			{ displayName: 'Page Size', name: 'pageSize', type: 'number', default: 100 },
			{ displayName: 'Limit', name: 'limit', type: 'number', default: 0 },
			{ displayName: 'Idempotency Key', name: 'idempotencyKey', type: 'string', default: '' },
			// -1: the credential's Max Wait for Rate Limits; otherwise the caller's own total (ms)
			{ displayName: 'Rate Limit Max Wait (Ms)', name: 'rateLimitMaxWaitMs', type: 'number', default: -1 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const mode = this.getNodeParameter('mode', i) as string;
			const path = this.getNodeParameter('path', i) as string;
			const limit = this.getNodeParameter('limit', i) as number;
			const pageSize = this.getNodeParameter('pageSize', i) as number;
			const listLimit = { returnAll: limit === 0, limit, pageSize };
			if (mode === 'cursor' || mode === 'offset') {
				const list = mode === 'cursor' ? jikoCursorList : jikoOffsetList;
				const items = await list.call(this, path, {}, listLimit, 'probe', i);
				out.push(...items.map((json) => ({ json, pairedItem: { item: i } })));
				continue;
			}
			const bodyText = this.getNodeParameter('body', i) as string;
			const idempotencyKey = this.getNodeParameter('idempotencyKey', i) as string;
			const rateLimitMaxWaitMs = this.getNodeParameter('rateLimitMaxWaitMs', i) as number;
			const result = await jikoSend.call(this, {
				method: this.getNodeParameter('method', i) as 'GET',
				path,
				body: bodyText ? (JSON.parse(bodyText) as IDataObject) : undefined,
				what: 'probe',
				itemIndex: i,
				...(idempotencyKey ? { idempotencyKey } : {}),
				...(rateLimitMaxWaitMs >= 0 ? { rateLimitMaxWaitMs } : {}),
				// The transport is tested here, not the money rules: transfer writes carry the pass.
				headers: moneyPassHeaders(),
			});
			out.push({
				json: result.ok
					? { ok: true, attempts: result.attempts, ambiguousAttempts: result.ambiguousAttempts, body: result.body as IDataObject }
					: {
							ok: false,
							kind: result.kind,
							attempts: result.attempts,
							ambiguousAttempts: result.ambiguousAttempts,
							status: result.failure.status ?? null,
							message: result.error.message,
							description: result.error.description ?? null,
							errorJson: JSON.stringify(result.error),
						},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}
