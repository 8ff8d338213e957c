/**
 * CLI: `npm run sandbox -- [--port N] [--host H] [--data-file F] [--token-ttl S]
 *        [--assumptions JSON] [--latency MS|MIN-MAX] [--log]`
 * Env: JIKO_SANDBOX_PORT, JIKO_SANDBOX_HOST, JIKO_SANDBOX_DATA_FILE, JIKO_SANDBOX_TOKEN_TTL,
 * JIKO_SANDBOX_ASSUMPTIONS (JSON object of switches, see sandbox/ASSUMPTIONS.md),
 * JIKO_SANDBOX_LATENCY_MS ("50", "20-80" or {"min":20,"max":80}), JIKO_SANDBOX_FAULTS (JSON)
 * (flags win over env). Prints the base URL, the demo credentials and the seeded ids.
 */
import { assumptionProblems, assumptionsFromEnv, type Assumptions } from './assumptions';
import { latencyFromEnv, parseLatency } from './latency';
import { startSandbox, type SandboxOptions } from './server';
import { demoView } from './views';

/** Options from the command line and the environment (flags win). */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Partial<SandboxOptions> & { help?: boolean } {
	const out: Partial<SandboxOptions> & { help?: boolean } = {
		port: env.JIKO_SANDBOX_PORT ? Number(env.JIKO_SANDBOX_PORT) : undefined,
		host: env.JIKO_SANDBOX_HOST || undefined,
		dataFile: env.JIKO_SANDBOX_DATA_FILE || undefined,
		tokenTtlSeconds: env.JIKO_SANDBOX_TOKEN_TTL ? Number(env.JIKO_SANDBOX_TOKEN_TTL) : undefined,
		assumptions: assumptionsFromEnv(env),
		latencyMs: latencyFromEnv(env),
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split(/=(.*)/s, 2);
		const value = () => inline ?? argv[++i];
		switch (flag) {
			case '--port': out.port = Number(value()); break;
			case '--host': out.host = value(); break;
			case '--data-file': out.dataFile = value(); break;
			case '--token-ttl': out.tokenTtlSeconds = Number(value()); break;
			case '--assumptions': {
				const parsed = JSON.parse(value()) as Partial<Assumptions>;
				const problems = assumptionProblems(parsed);
				if (problems.length) throw new Error(`--assumptions: ${problems.join('; ')}`);
				out.assumptions = { ...(out.assumptions ?? {}), ...parsed };
				break;
			}
			case '--latency': out.latencyMs = parseLatency(value()); break;
			case '--log': out.logger = true; break;
			case '-h': case '--help': out.help = true; break;
			default: throw new Error(`unknown option ${argv[i]} (see --help)`);
		}
	}
	for (const k of ['port', 'tokenTtlSeconds'] as const) {
		const v = out[k];
		if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new Error(`invalid ${k}: ${String(v)}`);
	}
	return out;
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write('Usage: node dist/sandbox/main.js [--port 8787] [--host 127.0.0.1] [--data-file FILE] [--token-ttl 3600] [--assumptions JSON] [--latency MS|MIN-MAX] [--log]\n');
		return;
	}
	delete args.help;
	const sb = await startSandbox(args);
	const demo = demoView(sb.state) as { partner: { pocket_id: string }; customers: { id: string; type: string; name: string; pockets: string[]; counterparties: string[]; on_us_counterparties?: string[] }[] };
	const lines = [
		`Jiko Partner API sandbox listening on ${sb.url}`,
		`  health:        GET ${sb.url}/health`,
		`  login:         POST ${sb.url}/api/v1/login/`,
		`  username:      ${sb.options.username}`,
		`  password:      ${sb.options.password}`,
		`  shared secret: ${sb.options.sharedSecret}`,
		`  token TTL:     ${sb.options.tokenTtlSeconds} s`,
		`  data file:     ${sb.options.dataFile ?? '(none: in-memory, reseeded at each start)'}`,
		`  assumptions:   ${Object.keys(args.assumptions ?? {}).length ? JSON.stringify(args.assumptions) : 'defaults (sandbox/ASSUMPTIONS.md)'}`,
		`  latency:       ${JSON.stringify(sb.latency.value)} ms`,
		`  partner pocket: ${demo.partner.pocket_id}`,
		...demo.customers.flatMap((c) => [
			`  customer ${c.id} ${c.type} ${c.name}`,
			`    pockets:        ${c.pockets.join(', ')}`,
			`    counterparties: ${c.counterparties.join(', ')}`,
			...(c.on_us_counterparties?.length ? [`    on-us counterparties (PEER_TO_PEER): ${c.on_us_counterparties.join(', ')}`] : []),
		]),
		`  admin: ${sb.url}/_sandbox/stats | /_sandbox/demo | /_sandbox/ledger | POST /_sandbox/reset | POST /_sandbox/settle | POST /_sandbox/tokens/expire | GET|PUT /_sandbox/config`,
	];
	process.stdout.write(`${lines.join('\n')}\n`);
	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`${signal}: stopping the sandbox\n`);
		sb.close().then(
			() => process.exit(0),
			(err: unknown) => {
				process.stderr.write(`error while stopping: ${String(err)}\n`);
				process.exit(1);
			},
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

if (require.main === module) {
	main().catch((err: unknown) => {
		process.stderr.write(`jiko sandbox: ${err instanceof Error ? err.message : String(err)}\n`);
		process.exit(1);
	});
}
