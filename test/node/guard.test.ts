import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IRequestOptionsSimplified,
} from 'n8n-workflow';

import { JikoApi } from '../../credentials/JikoApi.credentials';
import { executionAudit, guardMoneyMovement, isAiToolRun } from '../../nodes/Jiko/money/guard';
import type { Rail } from '../../core/rails';
import { TestCredentialsHelper } from '../support/credentialsHelper';
import { jikoCredentials, runNode } from '../support/harness';
import { runJiko } from '../support/jiko';
import { DEMO_IDS, ledger, useSandbox } from '../support/sandbox';

/*
 * The money guard inside n8n's engine, and a Production credential end to end.
 *
 * 1. A probe node calls the guard once per item, as the Jiko node's creates do: real execute
 *    contexts, real flow context, the tool variant's type name.
 * 2. The Jiko node itself with a Production credential whose host is pointed at the local
 *    sandbox after signing (a test-only DNS stand-in: no real Jiko here). Reads work; every
 *    rail's create is refused with nothing reaching Jiko.
 */
const sandbox = useSandbox();
const { ada, acme } = DEMO_IDS.customers;
const byId = (value: string) => ({ __rl: true, mode: 'id', value });

class GuardProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Guard Probe',
		name: 'guardProbe',
		group: ['transform'],
		version: 1,
		description: 'test only: one guard decision per item',
		defaults: { name: 'Guard Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'jikoApi', required: true }],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (const [itemIndex, item] of this.getInputData().entries()) {
			const { rail, cents, dryRun, release, throwOnRefusal } = item.json as {
				rail: Rail;
				cents: number | null;
				dryRun?: boolean;
				release?: boolean;
				throwOnRefusal?: boolean;
			};
			const decision = await guardMoneyMovement(this, { rail, cents: cents ?? undefined, itemIndex, dryRun: dryRun === true });
			if (!decision.allowed && throwOnRefusal) {
				// What the Jiko node does with a refusal.
				throw new NodeOperationError(this.getNode(), decision.refusal, { itemIndex });
			}
			if (decision.allowed && release) decision.release();
			out.push({
				json: {
					allowed: decision.allowed,
					refusal: decision.allowed ? null : decision.refusal,
					ai_tool_run: isAiToolRun(this),
					...executionAudit(this),
				},
				pairedItem: { item: itemIndex },
			});
		}
		return [out];
	}
}

async function probe(items: IDataObject[], credentials: ICredentialDataDecryptedObject = {}, typeName = 'n8n-nodes-jiko.jiko') {
	const { url } = (await sandbox).get();
	return await runNode({ nodeType: new GuardProbe(), typeName, parameters: {}, credentials: jikoCredentials(url, credentials), items });
}

const allowedFlags = (run: Awaited<ReturnType<typeof probe>>) => run.items.map((item) => item.json.allowed);

describe('the guard inside n8n', () => {
	it('keeps per-execution totals across the items of one run, exact at the boundary, and starts again in the next execution', async () => {
		const items = [
			{ rail: 'on-us', cents: 50_000, release: true },
			{ rail: 'on-us', cents: 60_000 },
			{ rail: 'ach', cents: 40_000 },
			{ rail: 'wire', cents: 1 },
		];
		const run = await probe(items, { maxPerExecution: '1,000.00' });
		expect(run.error).toBeUndefined();
		// The first reservation is released (Jiko refused that create); 600 + 400 = 1,000 exactly
		// is allowed; a cent more is not.
		expect(allowedFlags(run)).toEqual([true, true, true, false]);
		expect(run.items[3].json.refusal).toMatch(/^The wire transfer of \$0\.01 \(1 cent\) for item 3 was not sent: this execution has already sent \(or is sending\) \$1,000\.00 \(100000 cents\) in all transfers/);
		const next = await probe([{ rail: 'wire', cents: 100_000 }], { maxPerExecution: '1,000.00' });
		expect(allowedFlags(next)).toEqual([true]);
	});

	it('per rail: each rail has its own total', async () => {
		const run = await probe(
			[
				{ rail: 'on-us', cents: 100_000 },
				{ rail: 'ach', cents: 100_000 },
				{ rail: 'wire', cents: 100_000 },
				{ rail: 'ach', cents: 1 },
			],
			{ maxPerExecution: '1000', limitScope: 'perRail' },
		);
		expect(allowedFlags(run)).toEqual([true, true, true, false]);
	});

	it('fails the node with the refusal, naming the item, as the Jiko node will', async () => {
		const run = await probe([{ rail: 'ach', cents: 125_001, throwOnRefusal: true }], { maxPerTransfer: '1,250.00' });
		expect(run.error?.message).toBe(
			'The ACH transfer of $1,250.01 (125001 cents) for item 0 is above the maximum per transfer of $1,250.00 (125000 cents) set in this Jiko credential, so it was not sent. Split the payment, or have a person raise "Maximum per Transfer (USD)" in the credential.',
		);
	});

	it('as the AI tool variant (type ending in "Tool", an ordinary execute context as Agent v3 runs it): refused unless allowed', async () => {
		const tool = 'n8n-nodes-jiko.jikoTool';
		const refused = await probe([{ rail: 'on-us', cents: 500 }], {}, tool);
		expect(refused.items[0].json).toMatchObject({ allowed: false, ai_tool_run: true });
		expect(refused.items[0].json.refusal).toMatch(/^AI agents may not move money with this Jiko credential/);
		const allowed = await probe([{ rail: 'on-us', cents: 500 }], { allowAiMoneyMovement: true }, tool);
		expect(allowed.items[0].json).toMatchObject({ allowed: true, ai_tool_run: true });
		const normal = await probe([{ rail: 'on-us', cents: 500 }]);
		expect(normal.items[0].json).toMatchObject({ allowed: true, ai_tool_run: false });
	});

	it('Dry Run previews without using up the limit', async () => {
		const run = await probe(
			[
				{ rail: 'on-us', cents: 80_000, dryRun: true },
				{ rail: 'on-us', cents: 80_000, dryRun: true },
				{ rail: 'on-us', cents: 100_000 },
			],
			{ maxPerExecution: '1,000' },
		);
		expect(allowedFlags(run)).toEqual([true, false, true]);
	});
});

/** Production, but the requests go to the local sandbox once signed: a stand-in for DNS. */
class ProductionAtSandbox extends TestCredentialsHelper {
	static readonly ORIGIN = 'https://acme.partner-api.jikoservices.com';

	constructor(private readonly sandboxUrl: string) {
		super({ jikoApi: new JikoApi() });
	}

	private toSandbox<T extends { url?: string; baseURL?: string; uri?: string; allowedDomains?: string }>(options: T): T {
		const swap = (value: string | undefined) => value?.replace(ProductionAtSandbox.ORIGIN, this.sandboxUrl);
		if (options.baseURL) options.baseURL = swap(options.baseURL);
		if (options.url) options.url = swap(options.url);
		if (options.allowedDomains) options.allowedDomains = '127.0.0.1';
		return options;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		// The credential signs for Production (its host check passes), then the request is rerouted.
		return this.toSandbox(await super.authenticate(credentials, typeName, requestOptions));
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const rerouted = {
			helpers: { ...helpers.helpers, httpRequest: async (options: IHttpRequestOptions) => await helpers.helpers.httpRequest(this.toSandbox({ ...options })) },
		} as IHttpRequestHelper;
		return await super.preAuthentication(rerouted, credentials, typeName, node, credentialsExpired);
	}
}

function production(url: string, overrides: ICredentialDataDecryptedObject = {}) {
	const credentials = new ProductionAtSandbox(url);
	credentials.set('jikoApi', {
		environment: 'production',
		partner: 'acme',
		username: 'sandbox-partner',
		password: 'sandbox-password',
		sharedSecret: 'sandbox-shared-secret-0001',
		sessionToken: '',
		...overrides,
	});
	return credentials;
}

const creates: Array<[Rail, Record<string, unknown>]> = [
	[
		'on-us',
		{ resource: 'onUsTransfer', operation: 'create', transferType: 'INTERNAL_REALLOCATION', fromPocketId: byId(ada.pockets.main), toPocketId: byId(ada.pockets.reserve), amountType: 'REQUESTED_AMOUNT', amountInCents: false, asyncMode: false, options: {} },
	],
	[
		'ach',
		{ resource: 'achTransfer', operation: 'create', customerId: ada.id, pocketId: byId(ada.pockets.reserve), counterpartyId: byId(ada.counterparties.achVerified), direction: 'out', secCode: 'WEB', amountInCents: false, options: {} },
	],
	[
		'wire',
		{ resource: 'wireTransfer', operation: 'create', customerId: acme.id, pocketId: byId(acme.pockets.operating), counterpartyId: byId(acme.counterparties.wireVerified), amountInCents: false, options: {} },
	],
];

async function jiko(credentials: TestCredentialsHelper, parameters: Record<string, unknown>) {
	return await runJiko(credentials, parameters);
}

async function moneyObjects(url: string): Promise<number> {
	const book = await ledger(url);
	return book.onUs.length + book.ach.length + book.wires.length;
}

describe('a Production credential with money movement off', () => {
	it('reads work', async () => {
		const { url } = (await sandbox).get();
		const credentials = production(url);
		const customer = await jiko(credentials, { resource: 'customer', operation: 'get', customerId: ada.id });
		expect(customer.error).toBeUndefined();
		expect(customer.items[0].json.id).toBe(ada.id);
		const pockets = await jiko(credentials, { resource: 'pocket', operation: 'getMany', customerId: ada.id, returnAll: true });
		expect(pockets.error).toBeUndefined();
		expect(pockets.items.length).toBeGreaterThan(0);
	});

	it.each(creates)('refuses the %s create, with and without a Business Key, and no transfer reaches Jiko', async (rail, parameters) => {
		const { url } = (await sandbox).get();
		const before = await moneyObjects(url);
		for (const businessKey of ['', `guard-${rail}-key`]) {
			const run = await jiko(production(url), { ...parameters, amount: '12.34', businessKey });
			expect(run.error?.message).toMatch(
				new RegExp(`^Money movement in Production is switched off in this Jiko credential, so the ${rail === 'on-us' ? 'on-us' : rail === 'ach' ? 'ACH' : 'wire'} transfer of \\$12\\.34 \\(1234 cents\\)( for item 0)? was not sent\\. Production moves real money: a person must switch on "Allow Money Movement in Production"`),
			);
		}
		expect(await moneyObjects(url)).toBe(before);
	});

	it('once a person switches it on, transfers go, within the per-transfer limit exactly to the cent', async () => {
		const { url } = (await sandbox).get();
		const credentials = production(url, { allowProductionMoneyMovement: true, maxPerTransfer: '12.34' });
		const [, onUs] = creates[0];
		const at = await jiko(credentials, { ...onUs, amount: '12.34' });
		expect(at.error).toBeUndefined();
		expect(at.items[0].json).toMatchObject({ outcome: 'created', environment: 'Production', requested_amount_cents: 1234 });
		const before = await moneyObjects(url);
		const over = await jiko(credentials, { ...onUs, amount: '12.35' });
		expect(over.error?.message).toMatch(/^The on-us transfer of \$12\.35 \(1235 cents\)( for item 0)? is above the maximum per transfer of \$12\.34 \(1234 cents\) set in this Jiko credential, so it was not sent\./);
		expect(await moneyObjects(url)).toBe(before);
	});
});
