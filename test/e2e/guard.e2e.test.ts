import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DEMO_IDS } from '../../sandbox/seed';
import { itemsWorkflow, jikoCredential, sandboxCredentialData } from './guardSupport';
import { N8n, output, sandboxGet, type Execution } from './support';

/*
 * The money guard in a real n8n: the credential's switches and limits, and the node as an AI
 * agent's tool. Needs the Jiko node's creates to call the guard (skipped until they do).
 */
const { ada, acme } = DEMO_IDS.customers;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

async function moneyObjects(): Promise<number> {
	const book = await sandboxGet<{ onUs: unknown[]; ach: unknown[]; wires: unknown[] }>('/_sandbox/ledger');
	return book.onUs.length + book.ach.length + book.wires.length;
}

const onUsCreate = {
	resource: 'onUsTransfer',
	operation: 'create',
	transferType: 'INTERNAL_REALLOCATION',
	fromPocketId: byId(ada.pockets.main),
	toPocketId: byId(ada.pockets.reserve),
	amountType: 'REQUESTED_AMOUNT',
	amountInCents: false,
	asyncMode: false,
};

async function run(workflow: object): Promise<Execution> {
	const n8n = await N8n.login();
	const id = await n8n.createWorkflow(workflow);
	const execution = await n8n.run(id, 'Start');
	expect(execution.status).toBe('success');
	return execution;
}

describe('credential limits in a real n8n', () => {
	const amounts = ['100.00', '100.01', '50.00', '0.01'];

	it('per transfer and per execution, exact to the cent; each money output names its execution', async () => {
		const n8n = await N8n.login();
		const credentialId = await jikoCredential(n8n, 'Jiko limited', sandboxCredentialData({ maxPerTransfer: '100.00', maxPerExecution: '150.00' }));
		const before = await moneyObjects();
		const execution = await run(
			itemsWorkflow(amounts.map((amount) => ({ amount })), [{ name: 'Transfer', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: {} } }], credentialId),
		);
		const out = output(execution, 'Transfer');
		expect(out).toHaveLength(4);
		expect(out[0]).toMatchObject({ outcome: 'created', requested_amount_cents: 10_000, n8n_execution_id: execution.id });
		expect(String(out[1].error)).toContain('The on-us transfer of $100.01 (10001 cents) for item 1 is above the maximum per transfer of $100.00 (10000 cents)');
		expect(out[2]).toMatchObject({ outcome: 'created', requested_amount_cents: 5_000, n8n_execution_id: execution.id });
		expect(String(out[3].error)).toContain(
			'The on-us transfer of $0.01 (1 cent) for item 3 was not sent: this execution has already sent (or is sending) $150.00 (15000 cents) in all transfers',
		);
		expect(await moneyObjects()).toBe(before + 2);

		// The next execution starts from zero.
		const next = await run(itemsWorkflow([{ amount: '150.00' }], [{ name: 'Transfer', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: {} } }], credentialId));
		expect(String(output(next, 'Transfer')[0].error)).toContain('above the maximum per transfer');
		const fits = await run(itemsWorkflow([{ amount: '100.00' }, { amount: '50.00' }], [{ name: 'Transfer', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: {} } }], credentialId));
		expect(output(fits, 'Transfer').map((item) => item.outcome)).toEqual(['created', 'created']);
	});

	it('Dry Run shows the request and what the rules would decide, and sends nothing', async () => {
		const n8n = await N8n.login();
		const credentialId = await jikoCredential(n8n, 'Jiko limited', sandboxCredentialData({ maxPerTransfer: '100.00', maxPerExecution: '150.00' }));
		const before = await moneyObjects();
		const execution = await run(
			itemsWorkflow(amounts.map((amount) => ({ amount })), [{ name: 'Transfer', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: { dryRun: true } } }], credentialId),
		);
		const out = output(execution, 'Transfer');
		expect(out.map((item) => item.would_be_allowed)).toEqual([true, false, true, false]);
		expect(out.every((item) => item.dry_run === true && (item.request as { path?: string }).path === '/api/v1/transfers/on-us/')).toBe(true);
		expect(String(out[1].refusal)).toContain('above the maximum per transfer');
		expect(await moneyObjects()).toBe(before);
	});
});

describe('a Production credential with money movement off, in a real n8n', () => {
	it('refuses creates on every rail before anything is sent', async () => {
		const n8n = await N8n.login();
		const credentialId = await jikoCredential(n8n, 'Jiko production', {
			environment: 'production',
			partner: 'acme',
			username: 'u',
			password: 'p',
			sharedSecret: 's',
		});
		const execution = await run(
			itemsWorkflow(
				[{ amount: '12.34' }],
				[
					{ name: 'On-us', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: {} } },
					{
						name: 'ACH',
						parameters: { resource: 'achTransfer', operation: 'create', customerId: ada.id, pocketId: byId(ada.pockets.reserve), counterpartyId: byId(ada.counterparties.achVerified), direction: 'out', secCode: 'WEB', amountInCents: false, amount: '={{ $json.amount }}', options: {} },
					},
					{
						name: 'Wire',
						parameters: { resource: 'wireTransfer', operation: 'create', customerId: acme.id, pocketId: byId(acme.pockets.operating), counterpartyId: byId(acme.counterparties.wireVerified), amountInCents: false, amount: '={{ $json.amount }}', options: {} },
					},
					{ name: 'Dry Run', parameters: { ...onUsCreate, amount: '={{ $json.amount }}', options: { dryRun: true } } },
				],
				credentialId,
			),
		);
		for (const [node, rail] of [['On-us', 'on-us'], ['ACH', 'ACH'], ['Wire', 'wire']]) {
			expect(String(output(execution, node)[0].error)).toContain(
				`Money movement in Production is switched off in this Jiko credential, so the ${rail} transfer of $12.34 (1234 cents) for item 0 was not sent.`,
			);
		}
		expect(output(execution, 'Dry Run')[0]).toMatchObject({ dry_run: true, would_be_allowed: false, environment: 'Production', request: { method: 'POST' } });
	});
});

/**
 * A stand-in for an LLM behind OpenAI's chat completions API: it asks for the tool named in the
 * prompt ("[tool:NAME]") with the given arguments, then answers with whatever the tool said.
 */
async function fakeModel(): Promise<{ url: string; toolResults: string[]; toolsOffered: Array<{ name: string; description: string }>; close: () => Promise<void> }> {
	const toolResults: string[] = [];
	const toolsOffered: Array<{ name: string; description: string }> = [];
	const server: Server = createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString()));
		req.on('end', () => {
			const body = JSON.parse(text || '{}') as {
				messages?: Array<{ role: string; content?: unknown }>;
				tools?: Array<{ function: { name: string; description: string } }>;
			};
			const messages = body.messages ?? [];
			for (const tool of body.tools ?? []) toolsOffered.push({ name: tool.function.name, description: tool.function.description });
			const toolMessage = messages.find((m) => m.role === 'tool');
			let message: Record<string, unknown>;
			if (toolMessage) {
				const content = typeof toolMessage.content === 'string' ? toolMessage.content : JSON.stringify(toolMessage.content);
				toolResults.push(content);
				message = { role: 'assistant', content: `The tool answered: ${content}` };
			} else {
				const prompt = JSON.stringify(messages.filter((m) => m.role === 'user'));
				const wanted = /\[tool:([A-Za-z0-9_-]+)\]/.exec(prompt)?.[1] ?? body.tools?.[0]?.function.name ?? 'none';
				const args = /\[args:(\{[^\]]*\})\]/.exec(prompt.replace(/\\"/g, '"'))?.[1] ?? '{}';
				message = { role: 'assistant', content: null, tool_calls: [{ id: `call_${randomUUID().slice(0, 8)}`, type: 'function', function: { name: wanted, arguments: args } }] };
			}
			res.writeHead(200, { 'content-type': 'application/json' }).end(
				JSON.stringify({
					id: `chatcmpl-${randomUUID()}`,
					object: 'chat.completion',
					created: Math.floor(Date.now() / 1000),
					model: 'gpt-test',
					choices: [{ index: 0, message, finish_reason: toolMessage ? 'stop' : 'tool_calls' }],
					usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
				}),
			);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return { url: `http://127.0.0.1:${port}/v1`, toolResults, toolsOffered, close: async () => await new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** Manual trigger → AI Agent (n8n's default, v3.1) with a chat model and the Jiko node as tools. */
function agentWorkflow(prompt: string, jikoCredentialId: string, openAiCredentialId: string) {
	const tool = (name: string, parameters: object, y: number) => ({
		id: randomUUID(),
		name,
		type: 'n8n-nodes-jiko.jikoTool',
		typeVersion: 1,
		position: [500, y],
		parameters,
		credentials: { jikoApi: { id: jikoCredentialId, name: 'Jiko' } },
	});
	return {
		name: `Jiko agent ${randomUUID()}`,
		active: false,
		settings: { executionOrder: 'v1' },
		connections: {
			Start: { main: [[{ node: 'Agent', type: 'main', index: 0 }]] },
			Model: { ai_languageModel: [[{ node: 'Agent', type: 'ai_languageModel', index: 0 }]] },
			'Move money': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
			'Read balance': { ai_tool: [[{ node: 'Agent', type: 'ai_tool', index: 0 }]] },
		},
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: randomUUID(), name: 'Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3.1, position: [250, 0], parameters: { promptType: 'define', text: prompt, options: {} } },
			{
				id: randomUUID(),
				name: 'Model',
				type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
				typeVersion: 1.2,
				position: [200, 250],
				parameters: { model: { __rl: true, mode: 'id', value: 'gpt-test' }, options: {} },
				credentials: { openAiApi: { id: openAiCredentialId, name: 'Fake model' } },
			},
			tool('Move money', { ...onUsCreate, amount: "={{ $fromAI('amount', 'Amount in US dollars, e.g. 12.34', 'string') }}", options: {} }, 250),
			tool('Read balance', { resource: 'pocket', operation: 'getBalance', customerId: ada.id, pocketId: byId(ada.pockets.reserve) }, 450),
		],
	};
}

describe('the Jiko node as an AI agent\'s tool, in a real n8n', () => {
	let model: Awaited<ReturnType<typeof fakeModel>>;
	let openAiCredentialId: string;

	beforeAll(async () => {
		model = await fakeModel();
		const n8n = await N8n.login();
		openAiCredentialId = (await n8n.data<{ id: string }>('post', '/credentials', { name: `Fake model ${randomUUID()}`, type: 'openAiApi', data: { apiKey: 'sk-test', url: model.url } })).id;
	});

	afterAll(async () => {
		await model?.close();
	});

	async function ask(prompt: string, jikoCredentialId: string): Promise<{ execution: Execution; toolResult: string }> {
		const seen = model.toolResults.length;
		const execution = await run(agentWorkflow(prompt, jikoCredentialId, openAiCredentialId));
		expect(model.toolResults.length).toBe(seen + 1);
		return { execution, toolResult: model.toolResults[seen] };
	}

	it('refuses money movement unless the credential allows AI agents; reads work either way', async () => {
		const n8n = await N8n.login();
		const plain = await jikoCredential(n8n, 'Jiko no AI money', sandboxCredentialData({}));
		const before = await moneyObjects();

		const refused = await ask('Move $12.34 to the reserve pocket. [tool:Move_money] [args:{"amount":"12.34"}]', plain);
		// The agent is told up front, in the tool's description, that creating transfers needs a person's permission.
		const offered = model.toolsOffered.find((tool) => tool.name === 'Move_money');
		expect(offered?.description).toMatch(/AI agent/i);
		expect(refused.toolResult).toContain('AI agents may not move money with this Jiko credential: the on-us transfer of $12.34 (1234 cents) for item 0 was refused and nothing was sent.');
		expect(await moneyObjects()).toBe(before);

		const read = await ask('What is the reserve balance? [tool:Read_balance] [args:{}]', plain);
		expect(read.toolResult).toContain('cash_cents');

		const allowed = await jikoCredential(n8n, 'Jiko AI money', sandboxCredentialData({ allowAiMoneyMovement: true }));
		const moved = await ask('Move $12.34 to the reserve pocket. [tool:Move_money] [args:{"amount":"12.34"}]', allowed);
		expect(moved.toolResult).toContain('"outcome":"created"');
		expect(moved.toolResult).toContain(`"n8n_execution_id":"${moved.execution.id}"`);
		expect(await moneyObjects()).toBe(before + 1);
	});
});
