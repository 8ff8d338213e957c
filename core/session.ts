import { createHash } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { jikoBaseUrl } from './environment';

/**
 * Which Jiko and which login a session token was obtained for: a digest of the origin and the
 * username, stored beside the token (not secret: it proves nothing and opens nothing).
 *
 * n8n keeps the saved token when a person edits the credential's Environment, Partner Name,
 * Base URL or Username, and would send it until someone answers 401: the old account's token
 * to the new host, possibly over plain http. The owner tells the two apart.
 */
export function sessionOwner(credentials: ICredentialDataDecryptedObject): string {
	const origin = new URL(jikoBaseUrl(credentials)).origin;
	return createHash('sha256')
		.update(JSON.stringify([origin, String(credentials.username ?? '')]))
		.digest('base64url');
}

/**
 * The saved token, only when it was obtained for this credential's origin and username.
 * Otherwise nothing: the request then goes without a token, Jiko answers 401 and n8n logs in
 * again with the credential as it is now. A token saved before owners were recorded has none,
 * and is treated the same way (one more login).
 */
export function ownSessionToken(credentials: ICredentialDataDecryptedObject): string | undefined {
	const token = credentials.sessionToken;
	if (typeof token !== 'string' || token === '') return undefined;
	return credentials.sessionOwner === sessionOwner(credentials) ? token : undefined;
}
