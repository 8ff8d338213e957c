import type { ICredentialDataDecryptedObject, IDataObject, INode } from 'n8n-workflow';

import { Jiko } from '../../nodes/Jiko/Jiko.node';
import { jikoCredentials, runNode, type NodeRun } from './harness';

export interface JikoRunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Credential fields over the sandbox defaults (e.g. { achDirectionConvention: 'creditPulls' }). */
	credentials?: ICredentialDataDecryptedObject;
	/** Node settings, e.g. { retryOnFail: true, maxTries: 3 }. */
	nodeSettings?: Partial<INode>;
}

/** Runs the Jiko node once through n8n's engine against the Jiko at `url`. */
export async function runJiko(url: string, parameters: Record<string, unknown>, options: JikoRunOptions = {}): Promise<NodeRun> {
	return await runNode({
		nodeType: new Jiko(),
		typeName: 'n8n-nodes-jiko.jiko',
		parameters: parameters as never,
		credentials: jikoCredentials(url, options.credentials),
		items: options.items,
		continueOnFail: options.continueOnFail,
		nodeSettings: options.nodeSettings,
	});
}

/** A test file's way to run the Jiko node: its sandbox's URL, parameters every run shares. */
export function jikoRunner(url: () => string, shared: Record<string, unknown> = {}) {
	return async (parameters: Record<string, unknown>, items?: IDataObject[], continueOnFail = false): Promise<NodeRun> =>
		await runJiko(url(), { ...shared, ...parameters }, { items, continueOnFail });
}
