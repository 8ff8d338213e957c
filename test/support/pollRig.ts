import { PollContext } from 'n8n-core';
import { Workflow, type IDataObject, type INode, type INodeExecutionData, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { JikoPollTrigger } from '../../nodes/JikoPollTrigger/JikoPollTrigger.node';
import type { TestCredentialsHelper } from './credentialsHelper';

/*
 * Runs the Jiko Poll Trigger's poll() through n8n-core's own PollContext, as n8n's poller does.
 * The node's static data is the poll cursor: `committed` is what n8n has saved. A poll is
 * committed (its cursor saved together with the execution it starts) or lost (n8n's main died
 * before the transaction): the next poll then starts from the committed cursor again, which is
 * what n8n's durable poll cursors do.
 */
export const POLL_WORKFLOW_ID = 'wf-poll-test';
const NODE_ID = '3c1d9a7e-5b2f-4a8e-8f0d-9e2c4b6a1d77';

export class PollRig {
	/** The node's static data as n8n has saved it. */
	committed: IDataObject = {};
	parameters: IDataObject;
	readonly warnings: string[] = [];
	private readonly type = new JikoPollTrigger();

	constructor(
		readonly credentials: TestCredentialsHelper,
		parameters: IDataObject = {},
		/** The workflow it sits in (catch-up: the workflow of the Jiko Trigger). */
		private readonly workflowId = POLL_WORKFLOW_ID,
	) {
		this.parameters = { events: ['transfers.on-us.success'], lateMinutes: 10, catchUpHours: 24, ...parameters };
	}

	/** One poll, in `mode`: its items (null: nothing new); `commit` saves its cursor. */
	async poll(options: { commit?: boolean; mode?: 'trigger' | 'manual' } = {}): Promise<IDataObject[] | null> {
		const staticData = JSON.parse(JSON.stringify({ 'node:Jiko Poll Trigger': this.committed })) as IDataObject;
		const node: INode = {
			id: NODE_ID,
			name: 'Jiko Poll Trigger',
			type: 'n8n-nodes-jiko.jikoPollTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: this.parameters as INode['parameters'],
			credentials: { jikoApi: { id: '1', name: 'Jiko (test)' } },
		};
		const type = this.type;
		const workflow = new Workflow({
			id: this.workflowId,
			name: 'Poll test',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes: { getByName: () => type, getByNameAndVersion: () => type, getKnownTypes: () => ({}) },
			staticData,
		});
		const additionalData = {
			credentialsHelper: this.credentials,
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			variables: {},
		} as unknown as IWorkflowExecuteAdditionalData;
		const mode = options.mode ?? 'trigger';
		const context = new PollContext(workflow, workflow.getNode(node.name) as INode, additionalData, mode, 'update');
		const warnings = this.warnings;
		Object.defineProperty(context, 'logger', { value: { warn: (message: string) => warnings.push(message), info: () => undefined, debug: () => undefined, error: () => undefined } });
		const result = (await type.poll.call(context)) as INodeExecutionData[][] | null;
		if (options.commit !== false && mode === 'trigger') this.committed = (staticData['node:Jiko Poll Trigger'] ?? {}) as IDataObject;
		return result ? result[0].map((item) => item.json) : null;
	}
}
