import { DEMO_IDS, sandboxStats, useSandbox } from '../support/sandbox';
import { jikoRunner } from '../support/jiko';

/*
 * The Limit of every list operation, given by an expression that is not a number (a missing
 * field times one, a text): a clear error naming the field and the fix, before any request —
 * not an empty list (Math.max(1, NaN) is NaN) nor `limit=NaN` sent to Jiko.
 */
const sandbox = useSandbox();
const jiko = jikoRunner(() => sandbox.get().url);
const ada = DEMO_IDS.customers.ada;
const byId = (id: string) => ({ __rl: true, mode: 'id', value: id });

const lists: Array<[string, Record<string, unknown>]> = [
	['Pocket → Get Many', { resource: 'pocket', operation: 'getMany', customerId: ada.id }],
	['Transaction → Get Many (a customer)', { resource: 'transaction', operation: 'getMany', scope: 'customer', customerId: ada.id }],
	['Transaction → Get Many (a pocket)', { resource: 'transaction', operation: 'getMany', scope: 'pocket', pocketId: byId(ada.pockets.main) }],
	['Counterparty → Get Many', { resource: 'counterparty', operation: 'getMany', customerId: ada.id, onlyVerified: false }],
	['Counterparty → Get Many (only verified)', { resource: 'counterparty', operation: 'getMany', customerId: ada.id, onlyVerified: true }],
	['ACH Transfer → Get Many', { resource: 'achTransfer', operation: 'getMany', pocketId: byId(ada.pockets.main) }],
	['Trade → Get Many', { resource: 'trade', operation: 'getMany', scope: 'customer', customerId: ada.id }],
	['Statement → Get Many', { resource: 'statement', operation: 'getMany', customerId: ada.id }],
	['Event → Get Many', { resource: 'event', operation: 'getMany' }],
	['Subscription → Get Many', { resource: 'subscription', operation: 'getMany' }],
];

describe.each(lists)('%s', (_name, parameters) => {
	it('a Limit expression that gives NaN is refused, naming the field and the fix, before any request', async () => {
		const { url } = sandbox.get();
		const before = await sandboxStats(url);
		const run = await jiko({ ...parameters, returnAll: false, limit: '={{ $json.count * 1 }}' }, [{ count: 'ten' }]);
		expect(run.error?.message).toBe('Limit (item 0): NaN is not a number of items — give a whole number of 1 or more, e.g. 50, or turn on Return All');
		expect(run.error?.description).toContain('Where Limit is an expression, check what it gives for this item');
		expect(run.items).toEqual([]);
		expect((await sandboxStats(url)).requests).toBe(before.requests);
	});
});

describe('Limit values that are numbers still work', () => {
	it('a Limit expression that gives a number, or a text that is one, limits the list', async () => {
		for (const limit of ['={{ $json.count }}', '={{ String($json.count) }}']) {
			const run = await jiko({ resource: 'pocket', operation: 'getMany', customerId: '', returnAll: false, limit }, [{ count: 2 }]);
			expect(run.error).toBeUndefined();
			expect(run.items).toHaveLength(2);
		}
	});

	it('a Limit of 0 from an expression is refused too (the field asks for 1 or more)', async () => {
		const run = await jiko({ resource: 'transaction', operation: 'getMany', scope: 'customer', customerId: ada.id, returnAll: false, limit: '={{ $json.count }}' }, [{ count: 0 }]);
		expect(run.error?.message).toBe('Limit (item 0): 0 is not a number of items — give a whole number of 1 or more, e.g. 50, or turn on Return All');
	});
});
