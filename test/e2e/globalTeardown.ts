import { stopLocalN8n } from './launch';

/** Stops n8n and the sandbox (the launcher stops both on SIGTERM). */
export default async function globalTeardown(): Promise<void> {
	await stopLocalN8n();
}
