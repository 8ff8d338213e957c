/*
 * A receiver of Jiko webhook deliveries for the benchmarks, in its own process so that its CPU
 * time is its own: a node:http server that reads each delivery's raw body and hands it to the
 * Jiko Trigger's webhook() as n8n would (static data with the subscription's secret, the raw
 * body, the response object), then answers 200 the way n8n's "respond immediately" does.
 *
 * It times, with process.hrtime, every call of verifyJikoDelivery (the package's signature
 * check) and rememberEvent (its replay check), both wrapped in place on their module, and of
 * the trigger's webhook(); and reads its own CPU time.
 * Messages: {id, cmd: 'usage'} → {id, cpuMs, verifyMs, verifyCalls, webhookMs, rememberMs,
 *           deliveries, started}
 *           {id, cmd: 'close'} → exits.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

import * as delivery from '../nodes/JikoTrigger/delivery';
import { JikoTrigger } from '../nodes/JikoTrigger/JikoTrigger.node';

const secret = process.argv[2] ?? '';
let verifyNs = 0n;
let verifyCalls = 0;
let webhookNs = 0n;
let deliveries = 0;
let started = 0;

const rememberNs = 0n;

// The trigger calls delivery.verifyJikoDelivery and delivery.rememberEvent through the module
// object (CommonJS), so replacing the exports times every call it makes.
const exportsOfDelivery = delivery as unknown as Record<string, unknown>;
const verify = delivery.verifyJikoDelivery;
exportsOfDelivery.verifyJikoDelivery = (...args: Parameters<typeof verify>) => {
	const t = process.hrtime.bigint();
	try {
		return verify(...args);
	} finally {
		verifyNs += process.hrtime.bigint() - t;
		verifyCalls += 1;
	}
};
const trigger = new JikoTrigger();
const staticData: IDataObject = { subscriptionId: 'bench-subscription', deliverySecret: secret, seenEventIds: [] };
const workflow = { id: 'bench-workflow', name: 'bench', active: true };
const node = { id: 'bench-trigger', name: 'Jiko Trigger', type: 'n8n-nodes-jiko.jikoTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

function contextFor(req: IncomingMessage & { rawBody: Buffer }, res: ServerResponse): IWebhookFunctions {
	const response = {
		status(code: number) {
			res.statusCode = code;
			return {
				json(body: unknown) {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(body));
				},
			};
		},
	};
	return {
		getWorkflowStaticData: () => staticData,
		getRequestObject: () => req,
		getResponseObject: () => response,
		getWorkflow: () => workflow,
		getNode: () => node,
	} as unknown as IWebhookFunctions;
}

const server = createServer({ keepAlive: true }, (req, res) => {
	const chunks: Buffer[] = [];
	req.on('data', (c: Buffer) => chunks.push(c));
	req.on('end', () => {
		const request = Object.assign(req, { rawBody: Buffer.concat(chunks) });
		const t = process.hrtime.bigint();
		trigger.webhook.call(contextFor(request, res)).then(
			(result) => {
				webhookNs += process.hrtime.bigint() - t;
				deliveries += 1;
				if (result.workflowData) {
					started += 1;
					res.setHeader('content-type', 'application/json');
					res.end('{"message":"Workflow was started"}');
				}
			},
			(error: unknown) => {
				res.statusCode = 500;
				res.end(JSON.stringify({ message: error instanceof Error ? error.message : String(error) }));
			},
		);
	});
});

server.listen(0, '127.0.0.1', () => {
	const { port } = server.address() as AddressInfo;
	process.send?.({ type: 'ready', url: `http://127.0.0.1:${port}`, pid: process.pid });
});

process.on('message', (raw: unknown) => {
	const request = raw as { id: number; cmd: string };
	if (request.cmd === 'usage') {
		const cpu = process.cpuUsage();
		process.send?.({
			id: request.id,
			cpuMs: (cpu.user + cpu.system) / 1000,
			verifyMs: Number(verifyNs) / 1e6,
			verifyCalls,
			webhookMs: Number(webhookNs) / 1e6,
			rememberMs: Number(rememberNs) / 1e6,
			deliveries,
			started,
		});
	} else if (request.cmd === 'close') {
		server.close();
		process.send?.({ id: request.id });
		process.exit(0);
	}
});
process.on('disconnect', () => process.exit(0));
