import { ExecutionLifecycleHooks, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeListSearchResult,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type NodeParameterValueType,
} from 'n8n-workflow';

import { JikoApi } from '../../credentials/JikoApi.credentials';
import { TestCredentialsHelper } from './credentialsHelper';
import { sandboxCredentialFields } from './sandboxLogin';

/** A start node that emits the test's items, so the node under test gets real input items. */
class ItemsSource implements INodeType {
	description = {
		displayName: 'Items',
		name: 'test.items',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its parameters',
		defaults: { name: 'Items' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	} as unknown as INodeType['description'];

	async execute(this: import('n8n-workflow').IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}

	// n8n treats a node without inputs as a trigger unless it can be executed directly.
	async trigger() {
		return {};
	}
}

export interface RunNodeOptions {
	/** The node under test and its type name, e.g. { type: 'n8n-nodes-jiko.jiko', node: new Jiko() }. */
	nodeType: INodeType;
	typeName: string;
	parameters: Record<string, NodeParameterValueType>;
	items?: IDataObject[];
	credentials: TestCredentialsHelper;
	continueOnFail?: boolean;
	staticData?: IDataObject;
	/** Node settings as the editor stores them, e.g. { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }. */
	nodeSettings?: Partial<INode>;
	/** The n8n execution id (default: a new one per run, as n8n gives every execution its own). */
	executionId?: string;
	/** Workflow Settings → Timezone (default: n8n's instance default, America/New_York unless
	 * GENERIC_TIMEZONE says otherwise). */
	timezone?: string;
}

export interface NodeRun {
	items: INodeExecutionData[];
	/** The node's error output (its second output, with onError 'continueErrorOutput'). */
	errorItems: INodeExecutionData[];
	/** The error n8n recorded for the node, if the run failed. */
	error?: Error & { description?: string; httpCode?: string | null; context?: IDataObject };
	run: IRun;
	/** Retries this execution as the editor's "Retry" does (see retryFrom). */
	retry: () => Promise<NodeRun>;
}

export function jikoCredentials(baseUrl: string, overrides: ICredentialDataDecryptedObject = {}) {
	const helper = new TestCredentialsHelper({ jikoApi: new JikoApi() });
	helper.set('jikoApi', { ...sandboxCredentialFields(baseUrl), sessionToken: '', ...overrides });
	return helper;
}

/** Runs `items → node under test` through n8n's own WorkflowExecute, the engine n8n uses. */
export async function runNode(options: RunNodeOptions): Promise<NodeRun> {
	const source = new ItemsSource();
	const types: Record<string, INodeType> = { 'test.items': source, [options.typeName]: options.nodeType };
	const nodeTypes: INodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name) => types[name],
		getKnownTypes: () => ({}),
	};
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: 'test.items',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'subject',
			name: 'Jiko',
			type: options.typeName,
			typeVersion: 1,
			position: [200, 0],
			parameters: options.parameters as INode['parameters'],
			credentials: { jikoApi: { id: '1', name: 'Jiko (test)' } },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(options.nodeSettings ?? {}),
		},
	];
	const connections = { Items: { main: [[{ node: 'Jiko', type: 'main' as const, index: 0 }]] } };
	const workflow = new Workflow({
		id: 'test',
		name: 'test',
		nodes,
		connections,
		active: false,
		nodeTypes,
		staticData: options.staticData,
		...(options.timezone ? { settings: { timezone: options.timezone } } : {}),
	});
	const workflowData: IWorkflowBase = {
		id: 'test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
		...(options.timezone ? { settings: { timezone: options.timezone } } : {}),
	} as unknown as IWorkflowBase;
	const additionalData = buildAdditionalData(options.credentials, workflowData, options.executionId);

	const run = await new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: workflow.getNode('Items') ?? undefined,
	});
	return { ...nodeResult(run), run, retry: retryFrom(run, workflow, options.credentials, workflowData) };
}

function nodeResult(run: IRun): Pick<NodeRun, 'items' | 'errorItems' | 'error'> {
	const runs = run.data.resultData.runData.Jiko ?? [];
	const taskData = runs[runs.length - 1];
	const error = (taskData?.error ?? run.data.resultData.error) as NodeRun['error'];
	return { items: taskData?.data?.main?.[0] ?? [], errorItems: taskData?.data?.main?.[1] ?? [], error };
}

/**
 * The editor's "Retry" of a failed execution, as n8n's execution service does it: a new
 * execution (new id, mode 'retry') over the failed one's run data, with the error and the
 * failed node's errored run removed, so the failed node runs again with the same input, run
 * index and node context.
 */
function retryFrom(
	failed: IRun,
	workflow: Workflow,
	credentials: TestCredentialsHelper,
	workflowData: IWorkflowBase,
): () => Promise<NodeRun> {
	return async () => {
		const data = structuredClone(failed.data);
		delete data.resultData.error;
		const last = data.resultData.lastNodeExecuted;
		const runs = last ? data.resultData.runData[last] : undefined;
		if (runs?.length && runs[runs.length - 1].error) runs.pop();
		const additionalData = buildAdditionalData(credentials, workflowData);
		const run = await new WorkflowExecute(additionalData, 'retry', data).processRunExecutionData(workflow);
		return { ...nodeResult(run), run, retry: retryFrom(run, workflow, credentials, workflowData) };
	};
}

let executions = 0;

function buildAdditionalData(
	credentials: TestCredentialsHelper,
	workflowData: IWorkflowBase,
	executionId = `test-execution-${++executions}-${process.pid}`,
): IWorkflowExecuteAdditionalData {
	return {
		executionId,
		credentialsHelper: credentials,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		executeWorkflow: async () => {
			throw new Error('not supported in tests');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678/',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => {},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Runs a resource-locator search (`methods.listSearch`) the way the editor does. */
export async function runListSearch(options: {
	nodeType: INodeType;
	typeName: string;
	method: string;
	parameters: Record<string, NodeParameterValueType>;
	credentials: TestCredentialsHelper;
	filter?: string;
	/** the token the previous call returned: the editor sends it when the user scrolls on */
	paginationToken?: string;
}): Promise<INodeListSearchResult> {
	const types: Record<string, INodeType> = { [options.typeName]: options.nodeType };
	const node: INode = {
		id: 'subject',
		name: 'Jiko',
		type: options.typeName,
		typeVersion: 1,
		position: [0, 0],
		parameters: options.parameters as INode['parameters'],
		credentials: { jikoApi: { id: '1', name: 'Jiko (test)' } },
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: {
			getByName: (name) => types[name],
			getByNameAndVersion: (name) => types[name],
			getKnownTypes: () => ({}),
		},
	});
	const workflowData = { id: 'test', name: 'test', nodes: [node], connections: {} } as unknown as IWorkflowBase;
	const context = new LoadOptionsContext(
		workflow,
		node,
		// the editor sends the node's current parameters with every list request
		{ ...buildAdditionalData(options.credentials, workflowData), currentNodeParameters: node.parameters },
		'parameters.pocketId',
	);
	const method = options.nodeType.methods?.listSearch?.[options.method];
	if (!method) throw new Error(`no listSearch method ${options.method}`);
	return await method.call(context, options.filter, options.paginationToken);
}
