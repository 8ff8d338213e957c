import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Where a Jiko credential points. Production moves real money, so every place that shows
 * an environment to a user takes its label from here. */
export type JikoEnvironment = 'local' | 'sandbox' | 'production' | 'custom';

/** The project's own emulator (`npm run sandbox`); its address is a fixed contract. */
export const LOCAL_SANDBOX_URL = 'http://127.0.0.1:8787';

export const ENVIRONMENT_LABELS: Record<JikoEnvironment, string> = {
	local: 'Local Sandbox',
	sandbox: 'Jiko Sandbox',
	production: 'Production',
	custom: 'Custom URL',
};

// Jiko puts the partner name in the host name, so it must be a valid DNS label.
const PARTNER_NAME = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The environment a credential names. A missing value is the field's default, Jiko's sandbox,
 * as n8n itself fills it in. */
export function jikoEnvironment(credentials: ICredentialDataDecryptedObject): JikoEnvironment {
	const value = credentials.environment;
	return value === 'local' || value === 'production' || value === 'custom' ? value : 'sandbox';
}

/** The API base URL (no trailing slash) for a credential, or a message that says what to fix. */
export function jikoBaseUrl(credentials: ICredentialDataDecryptedObject): string {
	const environment = jikoEnvironment(credentials);
	if (environment === 'local') return LOCAL_SANDBOX_URL;
	if (environment === 'custom') {
		const raw = String(credentials.baseUrl ?? '').trim();
		if (!URL.canParse(raw)) {
			throw new Error(
				`Base URL "${raw}" in the Jiko credential is not a valid URL: use e.g. http://127.0.0.1:8787`,
			);
		}
		const url = new URL(raw);
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			throw new Error(`Base URL in the Jiko credential must start with http:// or https://`);
		}
		return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
	}
	const partner = String(credentials.partner ?? '')
		.trim()
		.toLowerCase();
	if (!PARTNER_NAME.test(partner)) {
		throw new Error(
			`Partner Name "${partner}" in the Jiko credential is not valid: use the name from your Jiko API host, e.g. "acme" for https://acme.${environment === 'production' ? 'partner-api' : 'sandbox-api'}.jikoservices.com`,
		);
	}
	const host = environment === 'production' ? 'partner-api' : 'sandbox-api';
	return `https://${partner}.${host}.jikoservices.com`;
}
