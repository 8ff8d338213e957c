/** GET /api/v1/sandbox/demo/ (signed; sandbox-only): the ids to start exploring with. */
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';
import { demoView } from '../views';

export function registerDemoRoutes(api: FastifyInstance, ctx: SandboxContext): void {
	api.get('/api/v1/sandbox/demo/', async () => demoView(ctx.state));
}
