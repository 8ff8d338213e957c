import { createHmac } from 'node:crypto';
import { HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type IDataObject,
	type INode,
	type INodeType,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentialsHelper';

/*
 * Runs the Jiko Trigger's activation hooks and webhook() through n8n-core's own HookContext and
 * WebhookContext, as n8n's ActiveWorkflowManager and webhook server do. Free of jest, so the
 * benchmarks use it too: the tests' triggerHarness.ts gives it a fresh copy of the node module
 * per simulated process (jest.isolateModules); a benchmark gives it the module it loaded.
 */
export const WORKFLOW_ID = 'wf-trigger-test';
export const NODE_ID = 'b0a3c9d4-2f57-4e3e-9a39-6a4b3a1f1e55';
const WEBHOOK_ID = 'f3a1a7de-3f53-4b87-8f1e-26f6a8c1b3a2';

export type TriggerModule = { JikoTrigger: new () => INodeType };

export interface Answer {
	status: number;
	body?: IDataObject;
	/** True when webhook() asked n8n to start the workflow. */
	started: boolean;
	items: IDataObject[];
}

/** What webhook() reads of n8n's request: the headers and the raw body n8n's body parser keeps. */
export type WebhookRequest = { headers: IDataObject | NodeJS.Dict<string | string[]>; rawBody?: Buffer };

/** What webhook() uses of n8n's (express) response: status(code).json(body). */
export interface WebhookResponse {
	status(code: number): { json(body: IDataObject): unknown };
}

export class TriggerRig {
	readonly staticData: IDataObject = {};
	parameters: IDataObject;
	// n8n keeps one instance per node type; a module stands for one process.
	private readonly types = new WeakMap<TriggerModule, INodeType>();

	constructor(
		readonly credentials: TestCredentialsHelper,
		parameters: IDataObject,
		/** The node module of "a process": activate/deactivate use a new one when given none. */
		private readonly load: () => TriggerModule,
	) {
		this.parameters = { events: ['transfers.on-us.success'], acceptMinutes: 50, ...parameters };
	}

	private typeOf(module: TriggerModule): INodeType {
		let type = this.types.get(module);
		if (!type) {
			type = new module.JikoTrigger();
			this.types.set(module, type);
		}
		return type;
	}

	private node(): INode {
		return {
			id: NODE_ID,
			name: 'Jiko Trigger',
			type: 'n8n-nodes-jiko.jikoTrigger',
			typeVersion: 1,
			position: [0, 0],
			webhookId: WEBHOOK_ID,
			parameters: this.parameters as INode['parameters'],
			credentials: { jikoApi: { id: '1', name: 'Jiko (test)' } },
		};
	}

	private workflow(type: INodeType): Workflow {
		return new Workflow({
			id: WORKFLOW_ID,
			name: 'Trigger test',
			nodes: [this.node()],
			connections: {},
			active: true,
			nodeTypes: {
				getByName: () => type,
				getByNameAndVersion: () => type,
				getKnownTypes: () => ({}),
			},
			staticData: this.staticData,
		});
	}

	private additionalData(extra: Partial<IWorkflowExecuteAdditionalData> = {}): IWorkflowExecuteAdditionalData {
		return {
			credentialsHelper: this.credentials,
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
			restApiUrl: 'http://127.0.0.1:5678/rest',
			instanceBaseUrl: 'http://127.0.0.1:5678/',
			variables: {},
			...extra,
		} as unknown as IWorkflowExecuteAdditionalData;
	}

	webhookUrl(): string {
		return `http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/webhook`;
	}

	/** The trigger's part of the workflow's static data (what n8n saves with the workflow). */
	state(): IDataObject {
		return (this.staticData['node:Jiko Trigger'] ?? {}) as IDataObject;
	}

	private hookContext(module: TriggerModule, activation: 'activate' | 'update' = 'activate') {
		const type = this.typeOf(module);
		const workflow = this.workflow(type);
		const node = workflow.getNode('Jiko Trigger') as INode;
		return { type, context: new HookContext(workflow, node, this.additionalData(), 'trigger', activation) };
	}

	/** What n8n does on activation: checkExists, then create when it answered false. */
	async activate(module: TriggerModule = this.load()): Promise<'existed' | 'created'> {
		const { type, context } = this.hookContext(module);
		const methods = type.webhookMethods?.default;
		if (!methods) throw new Error('no webhook methods');
		if (await methods.checkExists.call(context)) return 'existed';
		await methods.create.call(context);
		return 'created';
	}

	async deactivate(module: TriggerModule = this.load()): Promise<void> {
		const { type, context } = this.hookContext(module);
		await type.webhookMethods?.default?.delete.call(context);
	}

	/**
	 * One delivery, as n8n's webhook server hands it to the node: a Workflow built for the
	 * request, a WebhookContext over n8n's request (with its raw body) and response.
	 */
	async webhook(module: TriggerModule, request: WebhookRequest, response: WebhookResponse): Promise<IWebhookResponseData> {
		const type = this.typeOf(module);
		const workflow = this.workflow(type);
		const node = workflow.getNode('Jiko Trigger') as INode;
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: 'webhook',
			webhookDescription: { name: 'default', httpMethod: 'POST', path: 'webhook', responseMode: 'onReceived' },
			workflowId: WORKFLOW_ID,
		} as unknown as IWebhookData;
		const context = new WebhookContext(
			workflow,
			node,
			this.additionalData({ httpRequest: request, httpResponse: response } as unknown as Partial<IWorkflowExecuteAdditionalData>),
			'webhook',
			webhookData,
			[],
			null,
		);
		return (await type.webhook?.call(context)) as IWebhookResponseData;
	}

	/** One HTTP delivery to the trigger in the given process. */
	async deliver(module: TriggerModule, rawBody: Buffer | undefined, headers: IDataObject = {}): Promise<Answer> {
		const answer: Answer = { status: 0, started: false, items: [] };
		const response = {
			status(code: number) {
				answer.status = code;
				return response;
			},
			json(body: IDataObject) {
				answer.body = body;
				return response;
			},
			end() {
				return response;
			},
		};
		const request = { headers, rawBody, body: {}, params: {}, query: {} };
		const result = await this.webhook(module, request, response);
		if (result.workflowData) {
			answer.started = true;
			answer.status = answer.status || 200;
			answer.items = result.workflowData[0].map((item) => item.json);
		}
		return answer;
	}
}

export function sign(secret: string, body: Buffer | string): string {
	return createHmac('sha256', secret).update(body).digest('base64');
}

export function envelope(eventId: string, overrides: IDataObject = {}): Buffer {
	return Buffer.from(
		JSON.stringify({
			event_id: eventId,
			event_type: 'transfers.on-us.success',
			timestamp: new Date().toISOString(),
			payload: { on_us_id: 'a1', origin_account_id: 'b2', destination_account_id: 'c3' },
			...overrides,
		}),
	);
}
