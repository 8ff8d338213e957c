import axios from 'axios';
import type { IDataObject } from 'n8n-workflow';

import type { Assumptions } from '../../sandbox/assumptions';
import { DEMO_IDS, clearFaults, ledger, setFaults, useSandbox } from '../support/sandbox';
import { jikoRunner } from '../support/jiko';
import { byId, wireParams } from '../support/transfers';

/*
 * A Business Key's wire_id comes from the key alone, and a wire's transaction shows its payee
 * only by name (counterparty_name, whose content Jiko leaves open: sandbox switch
 * wireCounterpartyName). Under every reading: the same key and payee again finds the wire
 * ("existing"); the same key with another payee is a conflict and sends nothing; where the name
 * cannot prove the payee, the wire is "existing" but the output says the payee was not checked.
 */
const { acme, grace } = DEMO_IDS.customers;
const ACME = 'Acme Robotics LLC';
const GLOBEX = 'Globex Corporation';
const NORTHWIND = 'Northwind Traders International Freight Forwarding Inc';

type Setting = Assumptions['wireCounterpartyName'];
const SETTINGS: Setting[] = ['nameOnAccount', 'fedwireLine', 'absent'];

/** The name a wire to `name` shows under each setting. */
const shownAs = (setting: Setting, name: string): string | null =>
	setting === 'absent' ? null : setting === 'fedwireLine' ? name.toUpperCase().slice(0, 35) : name;

describe.each(SETTINGS)('wireCounterpartyName = %s', (setting) => {
	const wirePosts: string[] = [];
	const sandbox = useSandbox({
		assumptions: { wireCounterpartyName: setting },
		routes: [
			(api) =>
				api.addHook('onRequest', async (req) => {
					if (req.method === 'POST' && req.url.includes('/wires/')) wirePosts.push(req.url);
				}),
		],
	});
	const jiko = jikoRunner(() => sandbox.get().url);
	const payees: Record<string, string> = {};

	/** A VERIFIED wire counterparty of Acme's (sandbox admin route). */
	const addPayee = async (name: string): Promise<string> =>
		(await axios.post(`${sandbox.get().url}/_sandbox/counterparties`, { customer_id: acme.id, type: 'WIRE', name_on_account: name })).data.id;

	beforeAll(async () => {
		payees.globex = await addPayee(GLOBEX);
		payees.northwind = await addPayee(NORTHWIND);
	});

	const wireTo = async (counterpartyId: string, key: string) =>
		await jiko({ ...wireParams, counterpartyId: byId(counterpartyId) }, [{ key: `${key}-${setting}`, cents: 4321 }]);
	const wiresWith = async (wireId: unknown) => (await ledger(sandbox.get().url)).wires.filter((w) => w.wire_id === wireId);

	/** What the second run says when the payee cannot be proven, and why. */
	const unproven = (first: IDataObject, why: string, counterpartyId: string, name: string) => ({
		outcome: 'existing',
		payee_checked: false,
		request_matches_existing: null,
		payee_notice:
			`${why}, so the node could not check that wire ${String(first.wire_id)} paid this run's counterparty ${counterpartyId}${name ? ` ("${name}")` : ''}. ` +
			`Its amount and pocket match and nothing was sent, but if it paid someone else, this payment has not been made: check the transactions of pocket ${acme.pockets.operating} (a WIRE transaction with wire_id ${String(first.wire_id)}). For a new payment use a new Business Key.`,
	});
	const noName = (first: IDataObject) => `Jiko shows no payee name on wire ${String(first.wire_id)}`;

	test('the same Business Key and payee twice: one wire, the second run "existing"', async () => {
		const first = await wireTo(acme.counterparties.wireVerified, 'same-payee');
		expect(first.error).toBeUndefined();
		expect(first.items[0].json).toMatchObject({ outcome: 'created', counterparty_name: shownAs(setting, ACME) });
		wirePosts.length = 0;
		const second = await wireTo(acme.counterparties.wireVerified, 'same-payee');
		expect(second.error).toBeUndefined();
		const want =
			setting === 'absent'
				? unproven(first.items[0].json, noName(first.items[0].json), acme.counterparties.wireVerified, '')
				: { outcome: 'existing', payee_checked: true, request_matches_existing: true };
		expect(second.items[0].json).toMatchObject({ ...want, wire_id: first.items[0].json.wire_id });
		expect(wirePosts).toEqual([]);
		expect(await wiresWith(first.items[0].json.wire_id)).toHaveLength(1);
	});

	test('the same Business Key with another payee: a conflict that names both, nothing sent', async () => {
		const first = await wireTo(acme.counterparties.wireVerified, 'other-payee');
		expect(first.items[0].json.outcome).toBe('created');
		wirePosts.length = 0;
		const second = await wireTo(payees.globex, 'other-payee');
		if (setting === 'absent') {
			expect(second.error).toBeUndefined();
			expect(second.items[0].json).toMatchObject(unproven(first.items[0].json, noName(first.items[0].json), payees.globex, ''));
		} else {
			expect(second.error?.message).toBe(
				`Business Key "other-payee-${setting}" (item 0) already paid a different wire: payee "${shownAs(setting, ACME)}" (this run: "${GLOBEX}", counterparty ${payees.globex}). Nothing was sent.`,
			);
			expect(String(second.error?.description)).toContain('For a new payment use a new Business Key');
		}
		expect(wirePosts).toEqual([]);
		expect(await wiresWith(first.items[0].json.wire_id)).toHaveLength(1);
	});

	test('a payee name longer than a Fedwire line: checked where shown whole, "not checked" where cut', async () => {
		const first = await wireTo(payees.northwind, 'long-name');
		expect(first.items[0].json.outcome).toBe('created');
		wirePosts.length = 0;
		const second = await wireTo(payees.northwind, 'long-name');
		expect(second.error).toBeUndefined();
		const wire = first.items[0].json;
		const want = {
			nameOnAccount: { outcome: 'existing', payee_checked: true, request_matches_existing: true },
			fedwireLine: unproven(wire, `Jiko shows the payee of wire ${String(wire.wire_id)} as "${shownAs(setting, NORTHWIND)}", cut to 35 characters: it agrees with this run's payee as far as it goes`, payees.northwind, NORTHWIND),
			absent: unproven(wire, noName(wire), payees.northwind, ''),
		}[setting];
		expect(second.items[0].json).toMatchObject(want);
		expect(wirePosts).toEqual([]);
		expect(await wiresWith(wire.wire_id)).toHaveLength(1);
	});

	test("a failed read of this run's counterparty fails the item where a name is shown: nothing sent, safe to run again", async () => {
		const first = await wireTo(acme.counterparties.wireVerified, 'read-fails');
		expect(first.items[0].json.outcome).toBe('created');
		wirePosts.length = 0;
		const wire = first.items[0].json;
		const counterpartyPath = `/api/v1/customers/${acme.id}/counterparties/${acme.counterparties.wireVerified}/`;
		await setFaults(sandbox.get().url, { serverErrors: { count: 100, status: 503, paths: [counterpartyPath], methods: ['GET'] } });
		try {
			const second = await wireTo(acme.counterparties.wireVerified, 'read-fails');
			if (setting === 'absent') {
				// nothing to compare: the counterparty is not read
				expect(second.error).toBeUndefined();
				expect(second.items[0].json).toMatchObject(unproven(wire, noName(wire), acme.counterparties.wireVerified, ''));
			} else {
				expect(second.error?.message).toBe(
					`Could not check the payee of wire ${String(wire.wire_id)} (item 0), which Jiko already shows: Jiko had a server error (503) while trying to read counterparty ${acme.counterparties.wireVerified} of customer ${acme.id} (after 4 attempts): Internal Server Error (injected fault). Nothing was sent.`,
				);
				expect(String(second.error?.description)).toContain('Running this item again with the same Business Key is safe');
			}
		} finally {
			await clearFaults(sandbox.get().url);
		}
		expect(wirePosts).toEqual([]);
		expect(await wiresWith(wire.wire_id)).toHaveLength(1);
	});

	test("this run's counterparty cannot be read (not the pocket's customer's): \"existing\", payee not checked", async () => {
		const first = await wireTo(acme.counterparties.wireVerified, 'unreadable');
		expect(first.items[0].json.outcome).toBe('created');
		wirePosts.length = 0;
		const other = grace.counterparties.wireInProgress;
		const second = await wireTo(other, 'unreadable');
		expect(second.error).toBeUndefined();
		const wire = first.items[0].json;
		const why = setting === 'absent' ? noName(wire) : `Jiko shows no counterparty ${other} for customer ${acme.id} (the customer of pocket ${acme.pockets.operating})`;
		expect(second.items[0].json).toMatchObject(unproven(wire, why, other, ''));
		expect(wirePosts).toEqual([]);
		expect(await wiresWith(wire.wire_id)).toHaveLength(1);
	});
});
