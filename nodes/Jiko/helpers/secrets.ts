import { NodeApiError, NodeOperationError, type IExecuteFunctions, type INode } from 'n8n-workflow';

/** What the redaction needs of n8n's context: the node it reports on. */
type NodeContext = Pick<IExecuteFunctions, 'getNode'>;

/*
 * Secrets typed into node parameters (a webhook subscription's shared secret) must not reach
 * what n8n keeps of an execution: outputs, and errors — whose message, description, Jiko's
 * answer (FastAPI may echo rejected input in a 422) and `node` (with every parameter) n8n stores.
 * An operation names its secret parameters (JikoOperation.secretParameters); the router
 * redacts their values here, once, from whatever the operation returns or throws. The Jiko
 * Trigger redacts the delivery secret it sends when it subscribes.
 */

const REDACTED = '[redacted]';

/** A deep copy of `value` in which every occurrence of every secret is replaced. */
export function redactSecrets<T>(value: T, secrets: string[]): T {
	if (secrets.length === 0) return value;
	const walk = (v: unknown): unknown => {
		if (typeof v === 'string') return secrets.reduce((text, secret) => text.split(secret).join(REDACTED), v);
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

/** The values of an operation's secret parameters for one item (unreadable ones are skipped). */
export function secretValues(context: IExecuteFunctions, parameters: string[] | undefined, itemIndex: number): string[] {
	const values: string[] = [];
	for (const parameter of parameters ?? []) {
		try {
			const raw = context.getNodeParameter(parameter, itemIndex, '') as unknown;
			if (typeof raw === 'string' && raw !== '') values.push(raw);
		} catch {
			// an expression that does not resolve has no value to hide
		}
	}
	return values;
}

/** The node with its secret parameters' values hidden (n8n stores `error.node`). */
function nodeWithoutSecrets(node: INode, secrets: string[]): INode {
	return redactSecrets(node, secrets);
}

/** The error with every secret hidden: n8n's own error kinds keep their class and fields. */
export function secretFreeError(context: NodeContext, error: unknown, secrets: string[], itemIndex?: number): unknown {
	if (secrets.length === 0) return error;
	const node = nodeWithoutSecrets(context.getNode(), secrets);
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const target = error as NodeApiError & { errorResponse?: unknown; node: INode };
		target.node = node;
		target.message = redactSecrets(target.message, secrets);
		target.description = redactSecrets(target.description, secrets);
		target.messages = redactSecrets(target.messages, secrets);
		target.context = redactSecrets(target.context, secrets);
		if (target.errorResponse !== undefined) target.errorResponse = redactSecrets(target.errorResponse, secrets);
		if (target.stack !== undefined) target.stack = redactSecrets(target.stack, secrets);
		return target;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(node, redactSecrets(message, secrets), { itemIndex });
}
