import { SANDBOX_CREDENTIALS } from '../../conformance/client';

/** The Jiko credential's fields for the sandbox's demo login at `baseUrl` (custom environment):
 * the engine tests' credential and the real-n8n tests' credential are the same. */
export function sandboxCredentialFields(baseUrl: string) {
	return { environment: 'custom', baseUrl, ...SANDBOX_CREDENTIALS, partnerId: '' };
}
