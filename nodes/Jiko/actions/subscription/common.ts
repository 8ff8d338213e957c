import { NodeOperationError, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';


export const subscriptionIdField: INodeProperties = {
	displayName: 'Subscription ID',
	name: 'subscriptionId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 497f6eca-6276-4993-bfeb-53cbbbba6f08',
	description: 'The webhook subscription (a UUID), as returned by Create or Get Many',
};

/** Jiko: the shared secret Jiko signs deliveries with must be at least 16 characters. */
export const MIN_SECRET_LENGTH = 16;
/** Jiko: a subscription URL is at most 2083 characters. */
export const MAX_URL_LENGTH = 2083;

function fail(context: IExecuteFunctions, label: string, itemIndex: number, problem: string): never {
	throw new NodeOperationError(context.getNode(), `${label} (item ${itemIndex}): ${problem}`, { itemIndex });
}

/** The events to subscribe to: a list, or a comma-separated string from an expression. */
export function eventsValue(context: IExecuteFunctions, label: string, raw: unknown, itemIndex: number): string[] {
	const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? raw.split(',') : [];
	const events = list.map((event) => String(event).trim()).filter(Boolean);
	if (events.length === 0) fail(context, label, itemIndex, 'choose at least one event type');
	return [...new Set(events)];
}

export function urlValue(context: IExecuteFunctions, label: string, raw: unknown, itemIndex: number): string {
	const url = String(raw ?? '').trim();
	if (!/^https?:\/\/[^\s/?#]+[^\s]*$/i.test(url)) {
		fail(context, label, itemIndex, `"${url.slice(0, 200)}" is not an http(s) URL — e.g. https://example.com/webhooks/jiko`);
	}
	if (url.length > MAX_URL_LENGTH) {
		fail(context, label, itemIndex, `the URL is ${url.length} characters long; Jiko accepts at most ${MAX_URL_LENGTH}`);
	}
	return url;
}

/** Checks the length only; the value itself never goes into a message. */
export function sharedSecretValue(context: IExecuteFunctions, label: string, raw: unknown, itemIndex: number): string {
	const secret = typeof raw === 'string' ? raw : String(raw ?? '');
	if (secret.length < MIN_SECRET_LENGTH) {
		fail(
			context,
			label,
			itemIndex,
			`must be at least ${MIN_SECRET_LENGTH} characters (it has ${secret.length}) — Jiko signs every delivery with it`,
		);
	}
	return secret;
}
