import { launchLocalN8n } from './launch';

/** One n8n (single process, SQLite) for every end-to-end test file. */
export default async function globalSetup(): Promise<void> {
	await launchLocalN8n({ prefix: 'jiko-e2e-', timeoutMs: 240_000 });
}
