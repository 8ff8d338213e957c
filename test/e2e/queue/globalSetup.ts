import { launchLocalN8n } from '../launch';

/** One queue-mode deployment (scripts/local-n8n.mts --queue) for every queue test file. */
export default async function globalSetup(): Promise<void> {
	await launchLocalN8n({ queue: true, prefix: 'jiko-queue-', timeoutMs: 420_000 });
}
