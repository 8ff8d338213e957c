import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeListSearchResult } from 'n8n-workflow';

import { Jiko } from '../../nodes/Jiko/Jiko.node';
import type { TestCredentialsHelper } from './credentialsHelper';
import { jikoCredentials, runListSearch, runNode, type NodeRun } from './harness';

/*
 * The one way tests run the Jiko node through n8n's engine (harness.ts is the engine plumbing
 * beneath it; its runNode is for probe nodes of other types).
 */

/** Where the node runs: the Jiko at this URL (sandbox credentials), or credentials a test built
 * itself (shared across runs, or a credential class of its own). */
export type JikoTarget = string | TestCredentialsHelper;

export interface JikoRunOptions {
	items?: IDataObject[];
	continueOnFail?: boolean;
	/** Credential fields over the sandbox defaults (e.g. { achDirectionConvention: 'creditPulls' }); with a URL target only. */
	credentials?: ICredentialDataDecryptedObject;
	/** Node settings, e.g. { retryOnFail: true, maxTries: 3 }. */
	nodeSettings?: Partial<INode>;
	/** Workflow Settings → Timezone, e.g. 'Asia/Kolkata'. */
	timezone?: string;
}

function credentialsFor(target: JikoTarget, overrides?: ICredentialDataDecryptedObject): TestCredentialsHelper {
	if (typeof target === 'string') return jikoCredentials(target, overrides);
	if (overrides) throw new Error('credential overrides need a URL target; build the credentials with them instead');
	return target;
}

/** Runs the Jiko node once through n8n's engine against the Jiko at `target`. */
export async function runJiko(target: JikoTarget, parameters: Record<string, unknown>, options: JikoRunOptions = {}): Promise<NodeRun> {
	return await runNode({
		nodeType: new Jiko(),
		typeName: 'n8n-nodes-jiko.jiko',
		parameters: parameters as never,
		credentials: credentialsFor(target, options.credentials),
		items: options.items,
		continueOnFail: options.continueOnFail,
		nodeSettings: options.nodeSettings,
		timezone: options.timezone,
	});
}

/** A test file's way to run the Jiko node: its sandbox's URL, parameters every run shares. */
export function jikoRunner(url: () => string, shared: Record<string, unknown> = {}) {
	return async (parameters: Record<string, unknown>, items?: IDataObject[], continueOnFail = false): Promise<NodeRun> =>
		await runJiko(url(), { ...shared, ...parameters }, { items, continueOnFail });
}

/** Runs one of the Jiko node's resource-locator searches the way the editor does; with the
 * token an earlier call returned, as the editor asks for more when the user scrolls. */
export async function searchJiko(
	target: JikoTarget,
	method: string,
	parameters: Record<string, unknown>,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await runListSearch({
		nodeType: new Jiko(),
		typeName: 'n8n-nodes-jiko.jiko',
		method,
		parameters: parameters as never,
		credentials: credentialsFor(target),
		filter,
		paginationToken,
	});
}
