import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type INodeProperties,
} from 'n8n-workflow';


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

const REDACTED = '[redacted]';

/** A deep copy of `value` in which every occurrence of `secret` is replaced. */
export function redactSecret<T>(value: T, secret: string | undefined): T {
	if (!secret) return value;
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return v.split(secret).join(REDACTED);
		if (Array.isArray(v)) return v.map(walk);
		if (v && typeof v === 'object') {
			const copy: Record<string, unknown> = {};
			for (const [key, inner] of Object.entries(v)) copy[walk(key) as string] = walk(inner);
			return copy;
		}
		return v;
	};
	return walk(value) as T;
}

/** The node with its secret parameters hidden: n8n stores `error.node` (and its parameters) with the execution. */
function nodeWithoutSecret(context: IExecuteFunctions, secret: string | undefined): INode {
	const node = redactSecret(context.getNode(), secret);
	const parameters = { ...node.parameters };
	if (typeof parameters.sharedSecret === 'string' && parameters.sharedSecret !== '') parameters.sharedSecret = REDACTED;
	const updateFields = parameters.updateFields;
	if (updateFields && typeof updateFields === 'object' && !Array.isArray(updateFields) && 'sharedSecret' in updateFields) {
		parameters.updateFields = { ...updateFields, sharedSecret: REDACTED };
	}
	return { ...node, parameters };
}

/**
 * Runs an operation that sends a shared secret, so that whatever it throws carries neither the
 * secret's value nor the node parameters that hold it. n8n keeps a node error — message,
 * description, Jiko's answer (FastAPI may echo rejected input in a 422) and `error.node` with
 * every parameter — in the execution data.
 */
export async function withSecretKeptOut<T>(
	context: IExecuteFunctions,
	itemIndex: number,
	secretParameter: string,
	operation: () => Promise<T>,
): Promise<T> {
	try {
		return await operation();
	} catch (error) {
		let secret: string | undefined;
		try {
			const raw = context.getNodeParameter(secretParameter, itemIndex, '') as unknown;
			secret = typeof raw === 'string' && raw !== '' ? raw : undefined;
		} catch {
			secret = undefined;
		}
		throw secretFreeError(context, error, secret, itemIndex);
	}
}

function secretFreeError(
	context: IExecuteFunctions,
	error: unknown,
	secret: string | undefined,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	const node = nodeWithoutSecret(context, secret);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const target = error as NodeApiError & { errorResponse?: unknown };
		(target as unknown as { node: INode }).node = node;
		target.message = redactSecret(target.message, secret);
		target.description = redactSecret(target.description, secret);
		target.messages = redactSecret(target.messages, secret);
		target.context = redactSecret(target.context, secret);
		if (target.errorResponse !== undefined) target.errorResponse = redactSecret(target.errorResponse, secret);
		if (target.stack !== undefined) target.stack = redactSecret(target.stack, secret);
		return target;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, redactSecret(message, secret), { itemIndex });
}
