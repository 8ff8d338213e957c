/** GET /api/v1/sandbox/demo/ (signed; sandbox-only): the ids to start exploring with. */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import type { SandboxState } from '../state';

export function demoView(state: SandboxState): Record<string, unknown> {
	// seed order: Ada, Grace, Acme
	const customers = Object.values(state.data.customers)
		.map((c) => ({
			id: c.id,
			type: c.type,
			name: c.type === 'INDIVIDUAL' ? `${c.name.first_name} ${c.name.last_name}` : c.name,
			pockets: state.accountsOf(c.id).map((a) => a.id),
			counterparties: Object.values(state.data.counterparties)
				.filter((cp) => cp.customerId === c.id)
				.sort((a, b) => a.side.time_created - b.side.time_created)
				.map((cp) => cp.id),
			// sandbox-only: on-us counterparties for PEER_TO_PEER transfers (see ASSUMPTIONS.md M6)
			on_us_counterparties: Object.values(state.data.onUsCounterparties ?? {})
				.filter((cp) => cp.customerId === c.id)
				.sort((a, b) => a.timeCreated - b.timeCreated)
				.map((cp) => cp.id),
		}));
	return { partner: { pocket_id: state.data.partnerPocketId }, customers };
}

export function registerDemoRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/sandbox/demo/', async () => demoView(ctx.state));
}
