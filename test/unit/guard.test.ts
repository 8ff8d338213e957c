import fc from 'fast-check';
import type { ICredentialDataDecryptedObject, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { carriesMoneyPass } from '../../core/moneyPass';
import {
	executionAudit,
	FALLBACK_MAX_EXECUTIONS,
	FALLBACK_TTL_MS,
	fallbackSize,
	guardMoneyMovement,
	isAiToolRun,
	type GuardDecision,
} from '../../nodes/Jiko/money/guard';
import type { Rail } from '../../core/rails';

/*
 * The money guard with a stand-in for n8n's execute context: exactly the calls the guard makes
 * (credentials, node, execution id, flow context, tool flag). test/node/guard.test.ts runs the
 * same guard inside n8n's engine.
 */
interface FakeOptions {
	credentials?: ICredentialDataDecryptedObject;
	type?: string;
	executionId?: string;
	flow?: IDataObject | null;
	toolExecution?: boolean;
	credentialId?: string;
	rewireOutputLogTo?: string;
	credentialsError?: Error;
}

function fakeContext(options: FakeOptions = {}): IExecuteFunctions {
	const flow = options.flow === undefined ? {} : options.flow;
	return {
		getCredentials: async () => {
			await Promise.resolve();
			if (options.credentialsError) throw options.credentialsError;
			return { environment: 'local', ...options.credentials };
		},
		getNode: () => ({
			id: 'n1',
			name: 'Jiko',
			type: options.type ?? 'n8n-nodes-jiko.jiko',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { jikoApi: { id: options.credentialId ?? 'cred-1', name: 'Jiko' } },
			...(options.rewireOutputLogTo ? { rewireOutputLogTo: options.rewireOutputLogTo } : {}),
		}),
		getExecutionId: () => options.executionId ?? 'exec-1',
		getContext: () => {
			if (flow === null) throw new Error('`executionData` is not initialized');
			return flow;
		},
		isToolExecution: () => options.toolExecution ?? false,
	} as unknown as IExecuteFunctions;
}

const guard = async (ctx: IExecuteFunctions, rail: Rail, cents: number | undefined, itemIndex = 0, dryRun = false) =>
	await guardMoneyMovement(ctx, { rail, cents, itemIndex, dryRun });

function refusalOf(decision: GuardDecision): string {
	if (decision.allowed) throw new Error('expected a refusal');
	return decision.refusal;
}

describe('isAiToolRun and executionAudit', () => {
	it('recognises the tool variant on every path n8n runs it', () => {
		expect(isAiToolRun(fakeContext())).toBe(false);
		// Agent v3 (engine requests): an ordinary execute context, type ending in "Tool".
		expect(isAiToolRun(fakeContext({ type: 'n8n-nodes-jiko.jikoTool' }))).toBe(true);
		// Tool runs rewired to the agent, and LangChain's tool path (isToolExecution() is true there).
		expect(isAiToolRun(fakeContext({ rewireOutputLogTo: 'ai_tool' }))).toBe(true);
		expect(isAiToolRun(fakeContext({ toolExecution: true }))).toBe(true);
	});

	it('names the execution, or null where there is none', () => {
		expect(executionAudit(fakeContext({ executionId: '4711' }))).toEqual({ n8n_execution_id: '4711' });
		expect(executionAudit(fakeContext({ executionId: '' }))).toEqual({ n8n_execution_id: null });
	});
});

describe('money movement switch', () => {
	it.each<[string, ICredentialDataDecryptedObject, boolean]>([
		['local sandbox, by default', { environment: 'local' }, true],
		["Jiko's sandbox, by default", { environment: 'sandbox', partner: 'acme' }, true],
		['custom URL, by default', { environment: 'custom', baseUrl: 'http://127.0.0.1:1' }, true],
		['local sandbox, switched off', { environment: 'local', allowMoneyMovement: false }, false],
		['Production, by default', { environment: 'production', partner: 'acme' }, false],
		['Production, with the sandbox switch on', { environment: 'production', partner: 'acme', allowMoneyMovement: true }, false],
		['Production, switched on', { environment: 'production', partner: 'acme', allowProductionMoneyMovement: true }, true],
	])('%s', async (_name, credentials, allowed) => {
		for (const rail of ['on-us', 'ach', 'wire'] as Rail[]) {
			const decision = await guard(fakeContext({ credentials, flow: {} }), rail, 1999, 2);
			expect(decision.allowed).toBe(allowed);
		}
	});

	it('says which rule, the amount, the item and the fix', async () => {
		const production = fakeContext({ credentials: { environment: 'production', partner: 'acme' } });
		expect(refusalOf(await guard(production, 'wire', 125050, 3))).toBe(
			'Money movement in Production is switched off in this Jiko credential, so the wire transfer of $1,250.50 (125050 cents) for item 3 was not sent. Production moves real money: a person must switch on "Allow Money Movement in Production" in the credential before any transfer is made with it.',
		);
		const off = fakeContext({ credentials: { environment: 'local', allowMoneyMovement: false } });
		expect(refusalOf(await guard(off, 'ach', 1, 0))).toBe(
			'Money movement is switched off in this Jiko credential (Local Sandbox), so the ACH transfer of $0.01 (1 cent) for item 0 was not sent. To allow transfers, switch on "Allow Money Movement" in the credential.',
		);
	});

	it('a Dry Run evaluates the same rules and never throws', async () => {
		const production = fakeContext({ credentials: { environment: 'production', partner: 'acme' } });
		expect(refusalOf(await guard(production, 'on-us', 100, 0, true))).toMatch(/^Money movement in Production is switched off/);
		const broken = fakeContext({ credentialsError: new Error('Credential with ID "9" does not exist') });
		expect(refusalOf(await guard(broken, 'on-us', 100, 0, true))).toBe(
			'The Jiko credential could not be read: Credential with ID "9" does not exist',
		);
		await expect(guard(broken, 'on-us', 100, 0, false)).rejects.toThrow('does not exist');
	});
});

describe('AI agents', () => {
	const tool = (credentials: ICredentialDataDecryptedObject = {}) =>
		fakeContext({ type: 'n8n-nodes-jiko.jikoTool', credentials, flow: {} });

	it('may not move money unless a person allowed it in the credential', async () => {
		expect(refusalOf(await guard(tool(), 'on-us', 5000, 0))).toBe(
			'AI agents may not move money with this Jiko credential: the on-us transfer of $50.00 (5000 cents) for item 0 was refused and nothing was sent. Reading data still works. Only a person can allow this, by switching on "Allow AI Agents to Move Money" in the Jiko credential.',
		);
		expect((await guard(tool({ allowAiMoneyMovement: true }), 'on-us', 5000, 0)).allowed).toBe(true);
	});

	it('an allowed agent is still bound by the switch and the limits', async () => {
		expect(refusalOf(await guard(tool({ allowAiMoneyMovement: true, allowMoneyMovement: false }), 'ach', 1))).toMatch(/^Money movement is switched off/);
		expect(refusalOf(await guard(tool({ allowAiMoneyMovement: true, maxPerTransfer: '10' }), 'ach', 1001))).toMatch(/above the maximum per transfer of \$10\.00/);
	});
});

describe('limits, exact in cents', () => {
	it('per transfer: equal to the limit is allowed, one cent more is not', async () => {
		const ctx = fakeContext({ credentials: { maxPerTransfer: '$1,250.00' } });
		expect((await guard(ctx, 'on-us', 125000)).allowed).toBe(true);
		expect(refusalOf(await guard(ctx, 'on-us', 125001, 4))).toBe(
			'The on-us transfer of $1,250.01 (125001 cents) for item 4 is above the maximum per transfer of $1,250.00 (125000 cents) set in this Jiko credential, so it was not sent. Split the payment, or have a person raise "Maximum per Transfer (USD)" in the credential.',
		);
	});

	it('per execution, all rails together: the total may reach the limit, not pass it', async () => {
		const ctx = fakeContext({ credentials: { maxPerExecution: '1,000' }, flow: {} });
		expect((await guard(ctx, 'on-us', 60_000, 0)).allowed).toBe(true);
		expect((await guard(ctx, 'ach', 40_000, 1)).allowed).toBe(true);
		expect(refusalOf(await guard(ctx, 'wire', 1, 2))).toBe(
			'The wire transfer of $0.01 (1 cent) for item 2 was not sent: this execution has already sent (or is sending) $1,000.00 (100000 cents) in all transfers with this Jiko credential, and this one would bring the total to $1,000.01 (100001 cents), above the maximum per execution of $1,000.00 (100000 cents) set in the credential. Send it in a later execution, or have a person raise "Maximum Total per Execution (USD)" in the credential.',
		);
	});

	it('per execution, each rail separately', async () => {
		const ctx = fakeContext({ credentials: { maxPerExecution: '1000.00', limitScope: 'perRail' }, flow: {} });
		for (const rail of ['on-us', 'ach', 'wire'] as Rail[]) expect((await guard(ctx, rail, 100_000)).allowed).toBe(true);
		expect(refusalOf(await guard(ctx, 'ach', 1, 7))).toMatch(/^The ACH transfer of \$0\.01 \(1 cent\) for item 7 was not sent: this execution has already sent \(or is sending\) \$1,000\.00 \(100000 cents\) in ACH transfers with this Jiko credential, and this one would bring the total to \$1,000\.01/);
	});

	it('release gives the amount back once, after Jiko cleanly refused the create', async () => {
		const ctx = fakeContext({ credentials: { maxPerExecution: '100' }, flow: {} });
		const first = await guard(ctx, 'on-us', 10_000);
		if (!first.allowed) throw new Error('expected allowed');
		expect((await guard(ctx, 'on-us', 1)).allowed).toBe(false);
		first.release();
		first.release();
		expect((await guard(ctx, 'on-us', 10_000)).allowed).toBe(true);
		expect((await guard(ctx, 'on-us', 1)).allowed).toBe(false);
	});

	it('Dry Run items count among themselves, never against real transfers', async () => {
		const flow: IDataObject = {};
		const ctx = fakeContext({ credentials: { maxPerExecution: '100' }, flow });
		expect((await guard(ctx, 'on-us', 6_000, 0, true)).allowed).toBe(true);
		expect(refusalOf(await guard(ctx, 'on-us', 6_000, 1, true))).toMatch(/would bring the total to \$120\.00/);
		// A real transfer still has the whole limit.
		expect((await guard(ctx, 'on-us', 10_000, 2)).allowed).toBe(true);
		// ...and a later preview sees what really went.
		expect(refusalOf(await guard(ctx, 'on-us', 1, 3, true))).toMatch(/^The on-us transfer of \$0\.01 \(1 cent\) for item 3 was not sent: what this execution has sent and its earlier Dry Run items would send come to \$160\.00 \(16000 cents\) in all transfers with this Jiko credential/);
	});

	it('a Full Withdrawal is allowed only where no limit is set', async () => {
		expect((await guard(fakeContext(), 'on-us', undefined)).allowed).toBe(true);
		expect(refusalOf(await guard(fakeContext({ credentials: { maxPerExecution: '5' } }), 'on-us', undefined, 1))).toBe(
			'A Full Withdrawal cannot be checked against the limits set in this Jiko credential (its amount is known only after sending), so the on-us transfer (Full Withdrawal) for item 1 was not sent. Give a requested amount instead, or have a person empty "Maximum per Transfer (USD)" and "Maximum Total per Execution (USD)" in the credential.',
		);
	});

	it('a limit that is not an amount stops every transfer until a person fixes it', async () => {
		const ctx = fakeContext({ credentials: { maxPerExecution: '0,050' } });
		expect(refusalOf(await guard(ctx, 'wire', 100, 0))).toMatch(
			/^"Maximum Total per Execution \(USD\)" in the Jiko credential is not a usable limit \("0,050" has a thousands separator after a leading 0/,
		);
	});

	it('refuses amounts that are not whole, positive, safe cents', async () => {
		for (const cents of [0, -1, 1.5, 2 ** 53, Number.NaN]) {
			expect(refusalOf(await guard(fakeContext(), 'on-us', cents, 5))).toMatch(/^The amount of item 5 is not a whole, positive number of cents/);
		}
	});

	it('counts per credential, and a new execution starts from zero', async () => {
		const flow: IDataObject = {};
		const credentials = { maxPerExecution: '1' };
		expect((await guard(fakeContext({ credentials, flow, credentialId: 'a' }), 'on-us', 100)).allowed).toBe(true);
		expect((await guard(fakeContext({ credentials, flow, credentialId: 'a' }), 'on-us', 1)).allowed).toBe(false);
		expect((await guard(fakeContext({ credentials, flow, credentialId: 'b' }), 'on-us', 100)).allowed).toBe(true);
		expect((await guard(fakeContext({ credentials, flow: {}, credentialId: 'a' }), 'on-us', 100)).allowed).toBe(true);
	});

	it('check and reserve are atomic: 10 concurrent $200 transfers under a $1,000 limit, 5 go', async () => {
		const ctx = fakeContext({ credentials: { maxPerExecution: '1,000.00' }, flow: {} });
		const decisions = await Promise.all(Array.from({ length: 10 }, (_, i) => guard(ctx, 'on-us', 20_000, i)));
		expect(decisions.filter((d) => d.allowed)).toHaveLength(5);
	});

	it('an allowed transfer carries the money pass the credential asks for', async () => {
		const decision = await guard(fakeContext(), 'on-us', 1);
		expect(decision.allowed && carriesMoneyPass(decision.headers)).toBe(true);
	});

	it('agrees with a model of the rules over random sequences of transfers and releases', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.record({
					perTransfer: fc.option(fc.integer({ min: 1, max: 50_000 }), { nil: undefined }),
					perExecution: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
					perRail: fc.boolean(),
					steps: fc.array(
						fc.record({
							rail: fc.constantFrom<Rail>('on-us', 'ach', 'wire'),
							cents: fc.integer({ min: 1, max: 60_000 }),
							release: fc.boolean(),
						}),
						{ maxLength: 25 },
					),
				}),
				async ({ perTransfer, perExecution, perRail, steps }) => {
					const dollars = (c: number | undefined) => (c === undefined ? '' : `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`);
					const ctx = fakeContext({
						credentials: { maxPerTransfer: dollars(perTransfer), maxPerExecution: dollars(perExecution), limitScope: perRail ? 'perRail' : 'allRails' },
						flow: {},
					});
					const model: Record<string, number> = { all: 0, 'on-us': 0, ach: 0, wire: 0 };
					for (const [i, step] of steps.entries()) {
						const key = perRail ? step.rail : 'all';
						const expected =
							(perTransfer === undefined || step.cents <= perTransfer) &&
							(perExecution === undefined || model[key] + step.cents <= perExecution);
						const decision = await guard(ctx, step.rail, step.cents, i);
						if (decision.allowed !== expected) {
							throw new Error(`step ${i}: expected ${expected}, got ${JSON.stringify(decision)}`);
						}
						if (decision.allowed) {
							if (step.release) decision.release();
							else {
								model[step.rail] += step.cents;
								model.all += step.cents;
							}
						}
					}
				},
			),
			{ numRuns: 300 },
		);
	});
});

describe('where n8n offers no flow context', () => {
	it('keeps totals per execution id in a bounded map that forgets old executions', async () => {
		const credentials = { maxPerExecution: '1' };
		const before = fallbackSize();
		expect((await guard(fakeContext({ credentials, flow: null, executionId: 'x-1' }), 'on-us', 100)).allowed).toBe(true);
		expect((await guard(fakeContext({ credentials, flow: null, executionId: 'x-1' }), 'on-us', 1)).allowed).toBe(false);
		expect((await guard(fakeContext({ credentials, flow: null, executionId: 'x-2' }), 'on-us', 100)).allowed).toBe(true);
		expect(fallbackSize()).toBe(before + 2);

		for (let i = 0; i < FALLBACK_MAX_EXECUTIONS + 50; i++) {
			await guard(fakeContext({ flow: null, executionId: `bulk-${i}` }), 'on-us', 1);
		}
		expect(fallbackSize()).toBeLessThanOrEqual(FALLBACK_MAX_EXECUTIONS);

		const now = Date.now();
		const clock = jest.spyOn(Date, 'now').mockReturnValue(now + FALLBACK_TTL_MS + 1);
		try {
			await guard(fakeContext({ flow: null, executionId: 'late' }), 'on-us', 1);
			expect(fallbackSize()).toBe(1);
		} finally {
			clock.mockRestore();
		}
	});
});
