import type {
	IAuthenticate,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	Icon,
} from 'n8n-workflow';

import { jikoBaseUrl, LOCAL_SANDBOX_URL } from './jikoEnvironment';
import { signJikoRequest } from './jikoSigning';

/**
 * Jiko Partner API credential: logs in for a 60-minute bearer token and signs every request.
 *
 * The token lives in the hidden `sessionToken` field marked `expirable`: n8n runs
 * `preAuthentication` when the field is empty or after a 401, saves the result and resends the
 * request once, so one login serves every item of every execution until Jiko refuses the token.
 */
export class JikoApi implements ICredentialType {
	name = 'jikoApi';

	displayName = 'Jiko API';

	icon: Icon = { light: 'file:../icons/jiko.svg', dark: 'file:../icons/jiko.dark.svg' };

	documentationUrl = 'https://docs.jiko.io/products/partner-api/authentication';

	httpRequestNode = {
		name: 'Jiko',
		docsUrl: 'https://docs.jiko.io/products/partner-api/reference',
		apiBaseUrlPlaceholder: 'https://{partner}.partner-api.jikoservices.com/api/v1/',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Environment',
			name: 'environment',
			type: 'options',
			default: 'local',
			description: 'Which Jiko to talk to; Production moves real money',
			options: [
				{
					name: 'Local Sandbox (No Real Money)',
					value: 'local',
					description: `This project's Jiko emulator at ${LOCAL_SANDBOX_URL} (npm run sandbox)`,
				},
				{
					name: 'Jiko Sandbox (Test Environment)',
					value: 'sandbox',
					description: "Jiko's hosted sandbox: https://{partner}.sandbox-api.jikoservices.com",
				},
				{
					name: 'Production (Real Money)',
					value: 'production',
					description: 'https://{partner}.partner-api.jikoservices.com — moves real money',
				},
				{
					name: 'Custom Base URL',
					value: 'custom',
					description: 'Any other address, e.g. a local sandbox on another port',
				},
			],
		},
		{
			displayName:
				'Production moves real money. Workflows using this credential show "Production" in the Jiko node subtitle.',
			name: 'productionNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { environment: ['production'] } },
		},
		{
			displayName: 'Partner Name',
			name: 'partner',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'acme',
			description:
				'Your partner name as it appears in your Jiko API host, e.g. "acme" for https://acme.partner-api.jikoservices.com',
			displayOptions: { show: { environment: ['sandbox', 'production'] } },
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: LOCAL_SANDBOX_URL,
			required: true,
			placeholder: 'http://127.0.0.1:8787',
			description: 'Address of a Jiko-compatible API, without /api/v1',
			displayOptions: { show: { environment: ['custom'] } },
		},
		{
			displayName: 'Username',
			name: 'username',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sandbox-partner',
			description: 'Partner API username given by Jiko (the local sandbox uses sandbox-partner)',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sandbox-password',
			description: 'Partner API password (the local sandbox uses sandbox-password)',
		},
		{
			displayName: 'Shared Secret',
			name: 'sharedSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			placeholder: 'sandbox-shared-secret-0001',
			description:
				'Request-signing secret Jiko shared with you; every request is signed with HMAC-SHA256 over it (the local sandbox uses sandbox-shared-secret-0001)',
		},
		{
			displayName: 'Partner ID',
			name: 'partnerId',
			type: 'string',
			default: '',
			placeholder: 'Optional',
			description: 'Sent as the x-jiko-partner-id header when Jiko gave you one; leave empty otherwise',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseURL = jikoBaseUrl(credentials);
		let response: IDataObject;
		try {
			response = (await this.helpers.httpRequest({
				method: 'POST',
				baseURL,
				url: '/api/v1/login/',
				body: { username: credentials.username, password: credentials.password },
				json: true,
			})) as IDataObject;
		} catch (error) {
			// A fresh error on purpose: the original carries the request body, i.e. the password.
			throw new Error(loginFailureMessage(error, baseURL));
		}
		if (typeof response?.token !== 'string' || response.token === '') {
			throw new Error(`Jiko login at ${baseURL}/api/v1/login/ answered without a token`);
		}
		return { sessionToken: response.token };
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		signJikoRequest(credentials, requestOptions);

	test: ICredentialTestRequest = {
		// Listing event types is a cheap, read-only, signed call: it proves the login and the
		// shared secret at once.
		request: { method: 'GET', url: '/api/v1/events/types/', qs: { limit: 1 } },
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'Jiko accepted the username and password but refused the request signature: check the Shared Secret (and that this IP address is registered with Jiko)',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message: 'Jiko refused the session token: check Username and Password',
				},
			},
		],
	};
}

function loginFailureMessage(error: unknown, baseURL: string): string {
	const status = httpStatusOf(error);
	if (status === 401 || status === 403) {
		return `Jiko refused the username or password (HTTP ${status} from ${baseURL}/api/v1/login/): check Username and Password in the Jiko credential`;
	}
	if (status === 422) {
		return `Jiko rejected the login request (HTTP 422): Username and Password must be set and at most 128 characters`;
	}
	if (status !== undefined) {
		return `Jiko login at ${baseURL}/api/v1/login/ failed with HTTP ${status}`;
	}
	const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
	return `Could not reach Jiko at ${baseURL}${typeof code === 'string' ? ` (${code})` : ''}: check the Environment, Partner Name or Base URL in the Jiko credential`;
}

function httpStatusOf(error: unknown): number | undefined {
	const candidate = error as {
		response?: { status?: unknown };
		httpCode?: unknown;
		cause?: { response?: { status?: unknown } };
	};
	const status =
		candidate?.response?.status ?? candidate?.cause?.response?.status ?? candidate?.httpCode;
	const parsed = Number(status);
	return Number.isInteger(parsed) && parsed > 0 ? parsed : undefined;
}
