/*
 * What a keyed create costs on each reading of Jiko's silences the node must cope with. The
 * v2 amount filter and filter[wire] are used only after they proved themselves (the first keyed
 * create per Jiko account and process pays for the proof); where a reading is not what the node
 * needs, the look-up takes the path that cannot miss — one walk of the pocket's originations or
 * wire transactions per execution — and this is its price. Requests are counted at the sandbox.
 */
import { DEMO_IDS, credentialsFor, warmUp } from '../jiko';
import { withSandbox } from '../sandbox';
import type { BenchContext, FigureGroup, FigureInput } from '../framework';
import { achParams, counted, wireParams } from './creates';

const SETTINGS = [
	{ name: 'defaults (cents, filter[wire] applied, flat ids)', assumptions: {} },
	{ name: 'amount filter in dollars', assumptions: { v2AmountFilterUnit: 'dollars' } },
	{ name: 'filter[wire] ignored', assumptions: { v2WireFilter: 'ignored' } },
	{ name: 'no ids on v2 items', assumptions: { v2TransferIds: 'absent' } },
] as const;

export const group: FigureGroup = {
	id: 'lookups',
	title: 'Keyed creates on each reading of Jiko (proof and fallback costs)',
	estimateSeconds: 40,
	async run(ctx: BenchContext): Promise<FigureInput[]> {
		const history = ctx.quick ? 1_000 : 5_000;
		const { acme } = DEMO_IDS.customers;
		const pocketId = acme.pockets.operating;
		const figures: FigureInput[] = [];
		let cents = 700_000;
		for (const setting of SETTINGS) {
			await withSandbox({ assumptions: setting.assumptions as never }, async (sandbox) => {
				const credentials = credentialsFor(sandbox.url);
				await sandbox.seed('ach', { pocket_id: pocketId, count: history });
				await sandbox.seed('wires', { pocket_id: pocketId, count: history });
				await warmUp(credentials, pocketId);
				const ach = () => counted(sandbox, credentials, achParams(pocketId, acme.counterparties.achVerified, true, ++cents));
				const wire = () => counted(sandbox, credentials, wireParams(pocketId, acme.counterparties.wireVerified, true, ++cents));
				const runs = { achFirst: await ach(), achNext: await ach(), wireFirst: await wire(), wireNext: await wire() };
				ctx.log(`lookups, ${setting.name}: ACH ${runs.achFirst.requests} then ${runs.achNext.requests}, wire ${runs.wireFirst.requests} then ${runs.wireNext.requests} requests`);
				const failed = Object.values(runs).reduce((n, r) => n + r.failed, 0);
				for (const [rail, first, next] of [['ACH', runs.achFirst, runs.achNext], ['wire', runs.wireFirst, runs.wireNext]] as const) {
					figures.push({
						name: `keyed ${rail} create into ${history.toLocaleString('en-US')} earlier, ${setting.name}: requests (the first in a process, then each)`,
						ratio: next.requests,
						unit: 'requests',
						decimals: 0,
						detail: `first keyed ${rail} create of the process (proofs included): ${first.requests} requests; each later one: ${next.requests}`,
						...(failed ? { failure: `${failed} create(s) did not report "created"` } : {}),
					});
				}
			});
		}
		return figures;
	},
};
