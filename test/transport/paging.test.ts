import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { deriveTransferId } from '../../nodes/Jiko/money/ids';
import { pagingPolicy, resetRateGates, retryPolicy } from '../../nodes/Jiko/transport';
import { jikoCredentials, runNode, type NodeRun } from '../support/harness';
import { runJiko } from '../support/jiko';
import { TransportProbe } from '../support/probeNode';

/*
 * List paging against a scripted fake Jiko that misbehaves the ways a real one might: it
 * answers a page again for a cursor or an offset it ignores, or gives a next_page that is no
 * cursor. A list must then fail with a message — never loop, never keep a repeated page, never
 * end quietly with a part of the list (Reconcile would report a payment twice, or missing).
 * Each test answers by path and query (Reconcile reads several lists at once); the fake
 * verifies every signature over the raw bytes it received.
 */
type Answer = (path: string, query: URLSearchParams) => unknown;

interface Received {
	path: string;
	query: Record<string, string>;
}

const SECRET = 'sandbox-shared-secret-0001';
let server: Server;
let baseUrl: string;
let answer: Answer = () => ({ items: [], next_page: null });
let received: Received[] = [];

beforeAll(async () => {
	server = createServer((req: IncomingMessage, res: ServerResponse) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			const url = new URL(req.url ?? '/', 'http://x');
			const reply = (status: number, body: unknown) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(body));
			};
			if (url.pathname === '/api/v1/login/') {
				reply(200, { token: 'token-1', expires: new Date(Date.now() + 3600e3).toISOString() });
				return;
			}
			const key = String(req.headers['x-jiko-idempotency'] ?? '');
			const expected = createHmac('sha256', SECRET)
				.update(Buffer.concat([Buffer.from(key + url.pathname), Buffer.concat(chunks)]))
				.digest('base64');
			if (req.headers['x-jiko-signature'] !== expected) {
				reply(403, { detail: 'Invalid signature' });
				return;
			}
			received.push({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
			reply(200, answer(url.pathname, url.searchParams));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	server.closeAllConnections();
	await new Promise((resolve) => server.close(resolve));
});

const originalRetry = { ...retryPolicy };
const originalPaging = { ...pagingPolicy };
beforeEach(() => {
	received = [];
	answer = () => ({ items: [], next_page: null });
	retryPolicy.backoffMs = () => 10;
	resetRateGates();
});
afterEach(() => {
	Object.assign(retryPolicy, originalRetry);
	Object.assign(pagingPolicy, originalPaging);
});

/** Items with these ids, as Jiko lists them. */
const items = (...ids: number[]) => ids.map((id) => ({ id, object_type: 'Thing' }));

/** The probe node walks the list at /api/v1/x/ (cursor) or /api/v1/y/ (offset) in pages of 2; Limit 0 is Return All. */
const walk = async (mode: 'cursor' | 'offset', limit = 0): Promise<NodeRun> =>
	await runNode({
		nodeType: new TransportProbe(),
		typeName: 'test.transportProbe',
		parameters: { mode, path: mode === 'cursor' ? '/api/v1/x/' : '/api/v1/y/', pageSize: 2, limit },
		credentials: jikoCredentials(baseUrl),
	});

const cursorsSent = () => received.map((r) => r.query.cursor ?? '(first page)');

describe('cursor lists: a page Jiko answers again is never kept', () => {
	it('Jiko ignores the cursor and repeats next_page: the list fails after the repeated page, without its items', async () => {
		answer = () => ({ items: items(1, 2), next_page: 'c2', prev_page: null, object_type: 'CursorList' });
		const run = await walk('cursor');
		expect(run.error?.message).toBe(
			'Could not probe: Jiko answered page 2 with items it had listed already (it did not follow the page cursor), so the list cannot be read to its end',
		);
		expect(run.error?.description).toContain('Nothing of the list was returned rather than a part of it.');
		expect(run.error?.description).toContain("Check that the credential's Base URL points at Jiko itself");
		expect(run.items).toEqual([]);
		expect(cursorsSent()).toEqual(['(first page)', 'c2']);
	});

	it('Jiko ignores the cursor but gives a new one each time: the list fails on the repeated items instead of looping', async () => {
		let n = 0;
		answer = () => ({ items: items(1, 2), next_page: `c${++n}` });
		const run = await walk('cursor');
		expect(run.error?.message).toContain('Jiko answered page 2 with items it had listed already');
		expect(received).toHaveLength(2);
	}, 10_000);

	it('next_page points back to a cursor already followed: the list fails rather than end with what was read', async () => {
		answer = (_path, query) =>
			query.get('cursor') === 'c2' ? { items: items(3, 4), next_page: '/api/v1/x/?cursor=c2&limit=2' } : { items: items(1, 2), next_page: 'c2' };
		const run = await walk('cursor');
		expect(run.error?.message).toBe(
			"Could not probe: Jiko's next_page after page 2 points back to a page it answered already, so the list cannot be read to its end",
		);
		expect(cursorsSent()).toEqual(['(first page)', 'c2']);
	});

	it('with a Limit reached before the repeat, the list is returned: stopping there is right', async () => {
		answer = (_path, query) => (query.get('cursor') === 'c2' ? { items: items(3, 4), next_page: 'c2' } : { items: items(1, 2), next_page: 'c2' });
		const run = await walk('cursor', 4);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2, 3, 4]);
	});

	it.each([
		['a number', 42, 'number 42'],
		['an object', { cursor: 'c2' }, 'object {"cursor":"c2"}'],
	])('a next_page that is %s fails the list, naming what Jiko gave', async (_name, nextPage, shown) => {
		answer = () => ({ items: items(1, 2), next_page: nextPage });
		const run = await walk('cursor');
		expect(run.error?.message).toBe(`Could not probe: Jiko's next_page after page 1 is not a cursor (${shown}), so the list cannot be read to its end`);
		expect(run.items).toEqual([]);
		expect(received).toHaveLength(1);
	});

	// cursorEmptyPage (sandbox/ASSUMPTIONS.md): the last page says `next_page: null` or leaves the key out.
	it.each([
		['null', { next_page: null }],
		['omit', {}],
	])('the last page ends the list (cursorEmptyPage %s)', async (_name, last) => {
		answer = (_path, query) => (query.get('cursor') === 'c2' ? { items: items(3), ...last } : { items: items(1, 2), next_page: 'c2' });
		const run = await walk('cursor');
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2, 3]);
		expect(cursorsSent()).toEqual(['(first page)', 'c2']);
	});

	it('an empty page ends the list even when it carries a next_page (read as today: nothing on it to continue after)', async () => {
		answer = (_path, query) => (query.get('cursor') === 'c2' ? { items: [], next_page: 'c3' } : { items: items(1, 2), next_page: 'c2' });
		const run = await walk('cursor');
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2]);
		expect(cursorsSent()).toEqual(['(first page)', 'c2']);
	});

	it('a list whose pages never end stops at the page cap with a message', async () => {
		pagingPolicy.maxPages = 5;
		let n = 0;
		answer = () => ({ items: items(++n * 10, n * 10 + 1), next_page: `c${n}` });
		const run = await walk('cursor');
		expect(run.error?.message).toBe("Could not probe: Jiko's list did not end after 5 pages, so the list cannot be read to its end");
		expect(run.error?.description).toContain('turn off Return All and set a Limit');
		expect(received).toHaveLength(5);
	}, 10_000);
});

describe('offset lists: a Jiko that ignores offset never makes Return All loop', () => {
	it('offset ignored and count = the page length (eventTypesOffset ignore, offsetListCount page): an error, not a hang', async () => {
		answer = () => ({ offset: 0, count: 2, items: items(1, 2), object_type: 'List' });
		const run = await walk('offset');
		expect(run.error?.message).toBe(
			'Could not probe: Jiko answered offset 2 with items it had listed already (it ignores offset and answered offset 0), so the list cannot be read to its end',
		);
		expect(run.error?.description).toContain('a Limit of at most 2 (where the operation has one) returns the items read before');
		expect(run.items).toEqual([]);
		expect(received.map((r) => r.query.offset)).toEqual(['0', '2']);
	}, 10_000);

	it('offset ignored and count a total: no page is listed twice', async () => {
		answer = () => ({ offset: 0, count: 5, items: items(1, 2), object_type: 'List' });
		const run = await walk('offset');
		expect(run.error?.message).toContain('Jiko answered offset 2 with items it had listed already');
		expect(run.items).toEqual([]);
	});

	it('offset ignored, the Limit within the first page: the first page is returned', async () => {
		answer = () => ({ offset: 0, count: 2, items: items(1, 2), object_type: 'List' });
		const run = await walk('offset', 2);
		expect(run.error).toBeUndefined();
		expect(run.items.map((i) => i.json.id)).toEqual([1, 2]);
		expect(received).toHaveLength(1);
	});

	it('a full page every time with new items stops at the page cap', async () => {
		pagingPolicy.maxPages = 3;
		answer = (_path, query) => {
			const offset = Number(query.get('offset'));
			return { offset, count: 2, items: items(offset + 1, offset + 2), object_type: 'List' };
		};
		const run = await walk('offset');
		expect(run.error?.message).toBe("Could not probe: Jiko's list did not end after 3 pages, so the list cannot be read to its end");
		expect(received).toHaveLength(3);
	}, 10_000);
});

describe("Reconcile's ledger read: a misbehaving list fails the item instead of reporting paid_twice or missing", () => {
	const POCKET = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
	const KEY = 'invoice-2026-001';
	const transactionsPath = `/api/v2/pockets/${POCKET}/transactions/`;
	const payment = {
		id: 'a1b2c3d4-0000-4000-8000-000000000001',
		transaction_id: 'a1b2c3d4-0000-4000-8000-000000000001',
		type: 'ON_US',
		on_us_transfer_id: deriveTransferId('on-us', KEY),
		amount: { value: 1_000, currency: 'USD' },
		direction: 'DEBIT',
		status: 'SETTLED',
		time_booked: new Date(Date.now() - 30_000).toISOString(),
	};
	const other = { ...payment, id: 'a1b2c3d4-0000-4000-8000-000000000002', transaction_id: 'a1b2c3d4-0000-4000-8000-000000000002', on_us_transfer_id: 'e4b1a2c3-0000-4000-8000-000000000009' };
	const reconcile = async () =>
		await runJiko(baseUrl, {
			resource: 'transaction',
			operation: 'reconcile',
			pocketId: { __rl: true, mode: 'id', value: POCKET },
			rail: 'on-us',
			businessKey: KEY,
			expectedAmount: 1_000,
			expectedAmountInCents: true,
			periodStart: new Date(Date.now() - 60_000).toISOString(),
		});
	/** The pocket's transactions as `pages` gives them; no ACH originations, no events. */
	const jiko = (pages: Answer): Answer => (path, query) => (path === transactionsPath ? pages(path, query) : { items: [], next_page: null });

	it('the control: a pocket read to its end reports the payment paid', async () => {
		answer = jiko((_path, query) => (query.get('cursor') === 'c2' ? { items: [other], next_page: null } : { items: [payment], next_page: 'c2' }));
		const run = await reconcile();
		expect(run.error).toBeUndefined();
		expect(run.items[0].json).toMatchObject({ reconciliation: 'paid', match_count: 1 });
	});

	it('Jiko answers the same transactions page for the next cursor: an error, not paid_twice', async () => {
		answer = jiko(() => ({ items: [payment], next_page: 'c2' }));
		const run = await reconcile();
		expect(run.error?.message).toBe(
			`Could not read the transactions of pocket ${POCKET} for reconciliation: Jiko answered page 2 with items it had listed already (it did not follow the page cursor), so the list cannot be read to its end`,
		);
		expect(run.items).toEqual([]);
		expect(received.filter((r) => r.path === transactionsPath).map((r) => r.query.cursor ?? '(first page)')).toEqual(['(first page)', 'c2']);
	});

	it('a next_page that is no cursor before the page holding the payment: an error, not missing', async () => {
		answer = jiko((_path, query) => (query.get('cursor') ? { items: [payment], next_page: null } : { items: [other], next_page: 2 }));
		const run = await reconcile();
		expect(run.error?.message).toBe(
			`Could not read the transactions of pocket ${POCKET} for reconciliation: Jiko's next_page after page 1 is not a cursor (number 2), so the list cannot be read to its end`,
		);
		expect(run.items).toEqual([]);
	});

	it('the ACH originations list pointing back to a page already read: an error, not a partial ledger', async () => {
		const achPath = `/api/v1/jiko-accounts/${POCKET}/ach-originating/`;
		answer = (path, query) => {
			if (path === transactionsPath) return { items: [payment], next_page: null };
			if (path === achPath) return query.get('cursor') === 'a2' ? { items: [{ id: 'ach-2', status: 'PROCESSED' }], next_page: 'a2' } : { items: [{ id: 'ach-1', status: 'PROCESSED' }], next_page: 'a2' };
			return { items: [], next_page: null };
		};
		const run = await reconcile();
		expect(run.error?.message).toBe(
			`Could not read the ACH originations of pocket ${POCKET} for reconciliation: Jiko's next_page after page 2 points back to a page it answered already, so the list cannot be read to its end`,
		);
	});
});
