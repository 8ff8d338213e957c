import {
	sleep,
	type IAuthenticate,
	type ICredentialDataDecryptedObject,
	type ICredentialTestRequest,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type INodeProperties,
	type Icon,
} from 'n8n-workflow';

import { jikoBaseUrl, LOCAL_SANDBOX_URL } from '../core/environment';
import { MONEY_FIELD_LABELS } from '../core/moneyRules';
import { CREDENTIAL_NAME } from '../core/credential';
import { headerValue, readFailure } from '../core/failure';
import { paths } from '../core/paths';
import { DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS, loginWaitMs } from '../core/rateLimit';
import { sessionOwner } from '../core/session';
import { signJikoRequest } from '../core/signing';

const NOT_PRODUCTION = { show: { environment: ['local', 'sandbox', 'custom'] } };

/**
 * Jiko Partner API credential: logs in for a 60-minute bearer token and signs every request.
 *
 * The token lives in the hidden `sessionToken` field marked `expirable`: n8n runs
 * `preAuthentication` when the field is empty or after a 401, saves the result and resends the
 * request once, so one login serves every item of every execution until Jiko refuses the token.
 * Beside it, `sessionOwner` records which origin and username the token was obtained for,
 * so a token is never sent for another (see core/session.ts).
 */
export class JikoApi implements ICredentialType {
	name = CREDENTIAL_NAME;

	displayName = 'Jiko API';

	icon: Icon = { light: 'file:../icons/jiko.svg', dark: 'file:../icons/jiko.dark.svg' };

	documentationUrl = 'https://docs.jiko.io/products/partner-api/authentication';

	// n8n's "Allowed HTTP Request Domains" fields would say "All" for a credential that signs for
	// exactly one origin: `authenticate` enforces that origin itself, for every node, and hands it
	// to n8n's own check for redirects.
	hideDomainRestrictionFields = true;

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
			default: 'sandbox',
			description: "Which Jiko to talk to. Start with Jiko's sandbox; Production moves real money.",
			options: [
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
					name: 'Local Sandbox (No Real Money)',
					value: 'local',
					description: `This project's Jiko emulator at ${LOCAL_SANDBOX_URL}, started by the project's own run command (not part of an n8n install)`,
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
				'Production moves real money. Transfers stay off until a person switches on "Allow Money Movement in Production" below; reading data works either way. Every transfer the Jiko node outputs says which environment it went to ("environment": "Production").',
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
			displayName:
				'Money movement: these switches and limits are checked by the Jiko node before any transfer (on-us, ACH, wire) is sent. A refused transfer sends nothing, and the error says which rule and how to change it.',
			name: 'moneyNotice',
			type: 'notice',
			default: '',
		},
		{
			displayName: MONEY_FIELD_LABELS.allowMoneyMovement,
			name: 'allowMoneyMovement',
			type: 'boolean',
			default: true,
			description:
				'Whether the Jiko node may create transfers with this credential. Off: every transfer is refused before sending; reading data still works.',
			displayOptions: NOT_PRODUCTION,
		},
		{
			displayName: MONEY_FIELD_LABELS.allowProductionMoneyMovement,
			name: 'allowProductionMoneyMovement',
			type: 'boolean',
			default: false,
			description:
				'Whether the Jiko node may create transfers with this credential in Production, i.e. move real money. Off (the default): every transfer is refused before sending; reading data still works.',
			displayOptions: { show: { environment: ['production'] } },
		},
		{
			displayName: MONEY_FIELD_LABELS.maxPerTransfer,
			name: 'maxPerTransfer',
			type: 'string',
			default: '',
			placeholder: 'e.g. 25,000.00 (empty: no limit)',
			description:
				'The most one transfer may move, in US dollars. A larger transfer is refused before sending; one of exactly this amount is allowed. While any limit is set, Full Withdrawal transfers are refused (their amount is known only after sending).',
		},
		{
			displayName: MONEY_FIELD_LABELS.maxPerExecution,
			name: 'maxPerExecution',
			type: 'string',
			default: '',
			placeholder: 'e.g. 100,000.00 (empty: no limit)',
			description:
				'The most all transfers of one workflow execution may move together with this credential, in US dollars. A transfer that would go above it is refused before sending; later executions start again from zero.',
		},
		{
			displayName: MONEY_FIELD_LABELS.limitScope,
			name: 'limitScope',
			type: 'options',
			default: 'allRails',
			description: 'How Maximum Total per Execution counts',
			options: [
				{
					name: 'All Rails Together',
					value: 'allRails',
					description: 'On-us, ACH and wire transfers add up to one total',
				},
				{
					name: 'Each Rail Separately',
					value: 'perRail',
					description: 'On-us, ACH and wire transfers each have their own total of that size',
				},
			],
		},
		{
			displayName: MONEY_FIELD_LABELS.allowAiMoneyMovement,
			name: 'allowAiMoneyMovement',
			type: 'boolean',
			default: false,
			description:
				'Whether the Jiko node may create transfers when an AI agent uses it as a tool. Off (the default): an agent can read data, and every transfer it asks for is refused before sending. The switch and limits above apply to agents too.',
		},
		{
			displayName: 'Max Wait for Rate Limits (Seconds)',
			name: 'rateLimitMaxWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0, maxValue: 3600 },
			default: DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS,
			description:
				'When Jiko answers "too many requests" (HTTP 429) with a time to wait, the longest total time one request (or a login) waits and tries again before it fails',
		},
		{
			displayName: 'ACH Direction Convention',
			name: 'achDirectionConvention',
			type: 'options',
			default: 'debitPulls',
			description:
				"Which ACH direction brings money into the Jiko pocket. Jiko's public documents disagree; confirm with Jiko (or in Jiko's sandbox) before moving real money.",
			options: [
				{
					name: 'DEBIT Pulls Money In (Jiko API Schema)',
					value: 'debitPulls',
					description:
						'DEBIT takes money from the counterparty into the pocket ("Funding TX"); CREDIT sends money out of the pocket ("Release TX")',
				},
				{
					name: 'CREDIT Pulls Money In (Jiko OpenAPI Example)',
					value: 'creditPulls',
					description:
						'CREDIT takes money from the counterparty into the pocket (the "Incoming ACH Transfer" example); DEBIT sends money out of the pocket',
				},
			],
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		{
			displayName: 'Session Owner',
			name: 'sessionOwner',
			type: 'hidden',
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const baseURL = jikoBaseUrl(credentials);
		const host = new URL(baseURL).hostname;
		const maxWaitMs = rateLimitBudgetMs(credentials);
		let waitedMs = 0;
		let response: IDataObject;
		for (let attempt = 1; ; attempt++) {
			try {
				response = (await this.helpers.httpRequest({
					method: 'POST',
					baseURL,
					url: paths.login,
					body: { username: credentials.username, password: credentials.password },
					json: true,
					// The body is the password: a redirect would resend it wherever the answer
					// points (307/308 keep the body). The login never follows one.
					disableFollowRedirect: true,
					// And n8n's own host check, should a redirect be followed anyway. n8n refuses
					// to combine it with a domain list saved in the credential, which then applies.
					...(credentials.allowedHttpRequestDomains === 'domains' ? {} : { allowedDomains: host }),
				})) as IDataObject;
				break;
			} catch (error) {
				// 429: Jiko refused before doing anything; wait as asked, within the budget.
				if (httpStatusOf(error) === 429 && attempt < MAX_LOGIN_ATTEMPTS) {
					const waitMs = loginWaitMs(readFailure(error).retryAfter);
					if (waitedMs + waitMs <= maxWaitMs) {
						await sleep(waitMs);
						waitedMs += waitMs;
						continue;
					}
					throw new Error(
						`Jiko is rate-limiting logins (HTTP 429 from ${baseURL}${paths.login}) and asked to wait ${Math.ceil(waitMs / 1000)} s more, beyond the ${Math.round(maxWaitMs / 1000)} s this credential waits in total ("Max Wait for Rate Limits (Seconds)"): try again later, or raise that setting`,
					);
				}
				// A fresh error on purpose: the original carries the request body, i.e. the password.
				throw new Error(loginFailureMessage(error, baseURL));
			}
		}
		if (typeof response?.token !== 'string' || response.token === '') {
			throw new Error(`Jiko login at ${baseURL}${paths.login} answered without a token`);
		}
		return { sessionToken: response.token, sessionOwner: sessionOwner(credentials) };
	}

	authenticate: IAuthenticate = async (credentials, requestOptions) =>
		signJikoRequest(credentials, requestOptions);

	test: ICredentialTestRequest = {
		// Listing event types is a cheap, read-only, signed call: it proves the login and the
		// shared secret at once.
		request: { method: 'GET', url: paths.eventTypes, qs: { limit: 1 } },
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
	if (status !== undefined && status >= 300 && status < 400) {
		// The origin only: a redirect's path or query may carry anything.
		const target = redirectOrigin(error, `${baseURL}${paths.login}`);
		return `Jiko's login answered a redirect${target ? ` to ${target}` : ''} (HTTP ${status} from ${baseURL}${paths.login}); the password was not sent there. Check the Environment, Partner Name or Base URL in the Jiko credential: it must be the address that answers the login itself (e.g. https:// where the server redirects http://)`;
	}
	if (status === 401 || status === 403) {
		return `Jiko refused the username or password (HTTP ${status} from ${baseURL}${paths.login}): check Username and Password in the Jiko credential`;
	}
	if (status === 422) {
		return `Jiko rejected the login request (HTTP 422): Username and Password must be set and at most 128 characters`;
	}
	if (status !== undefined) {
		return `Jiko login at ${baseURL}${paths.login} failed with HTTP ${status}`;
	}
	const code = (error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code;
	return `Could not reach Jiko at ${baseURL}${typeof code === 'string' ? ` (${code})` : ''}: check the Environment, Partner Name or Base URL in the Jiko credential`;
}

/** Enough tries for any sane Retry-After, few enough that "Retry-After: 0" cannot spin. */
const MAX_LOGIN_ATTEMPTS = 20;

function rateLimitBudgetMs(credentials: ICredentialDataDecryptedObject): number {
	const seconds = Number(credentials.rateLimitMaxWaitSeconds ?? DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS);
	return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : DEFAULT_RATE_LIMIT_MAX_WAIT_SECONDS * 1000;
}

/** Where a redirect answer pointed, as an origin (no path, no query), if it says so readably. */
function redirectOrigin(error: unknown, loginUrl: string): string | undefined {
	const candidate = error as { response?: { headers?: unknown }; cause?: { response?: { headers?: unknown } } };
	const location = headerValue(candidate?.response?.headers ?? candidate?.cause?.response?.headers, 'location');
	if (location === undefined || !URL.canParse(location, loginUrl)) return undefined;
	const origin = new URL(location, loginUrl).origin;
	return origin === 'null' ? undefined : origin;
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
