/**
 * npm run conformance -- [--money] [--json] [--timeout-seconds N] [--help]
 * Inputs come from environment variables (see USAGE); nothing secret is ever printed.
 * Exit: 0 = every safety question answered and none unsafe, 1 = something the node is not safe
 * with, 2 = bad input / cannot connect, 3 = nothing unsafe found but a safety question unanswered.
 */
import { parseArgs } from 'node:util';
import { formatReport } from './report';
import { SetupError, runConformance, type ConformanceOptions } from './suite';

export const USAGE = `Usage: npm run conformance -- [--money] [--json] [--timeout-seconds N]

Asks a Jiko Partner API the questions its docs leave open and prints, per question, what
this Jiko did, the local sandbox switch (sandbox/assumptions.ts) that behaves the same, and
whether the n8n node is safe with it. Read-only unless --money; the questions that move money
are left unanswered without it, and an unanswered safety question fails the run.

Exit codes:
  0  every question the node's money safety depends on was answered, and none is unsafe
  1  something is UNSAFE for the node (e.g. a duplicate wire_id / transfer_id moved money
     again, or the v2 routes the node reads are missing)
  2  bad input, cannot connect, login failed
  3  nothing unsafe was found, but a safety question could not be answered (named in the
     report, with what to check); a read-only run ends here

Environment:
  JIKO_BASE_URL            https://{partner}.sandbox-api.jikoservices.com (required)
  JIKO_USERNAME            Partner API login        (not needed for the local emulator)
  JIKO_PASSWORD            Partner API password     (not needed for the local emulator)
  JIKO_SHARED_SECRET       request-signing secret   (not needed for the local emulator)
  JIKO_PARTNER_ID          optional, sent as x-jiko-partner-id
  JIKO_POCKET_FROM         a customer pocket holding at least a few cents (read-only: a
                           pocket with ACH and wire history makes the v2 questions answerable)
  For --money (each optional; the questions that need a missing one are unanswered):
  JIKO_POCKET_TO           another pocket of the same customer
  JIKO_ACH_COUNTERPARTY    a VERIFIED ACH counterparty of that customer
  JIKO_WIRE_COUNTERPARTY   a VERIFIED WIRE counterparty of that customer (a wire has a fee)
  JIKO_ON_US_COUNTERPARTY  an on-us counterparty of that customer (PEER_TO_PEER)
  Against the local emulator the ids come from GET /api/v1/sandbox/demo/.

Options:
  --money              also ask the questions that move money: 1-cent on-us transfers
                       between the two pockets (moved back), a 1-cent ACH DEBIT, a 1-cent
                       wire, a 1-cent PEER_TO_PEER transfer
  --json               print {results, unsafe, unanswered, slower, sandboxAssumptions, ...} as JSON
  --timeout-seconds N  how long to wait for a new transfer to show and for an ACH to
                       settle (default 60)
  --help               this text
`;

export interface Io {
	env: Record<string, string | undefined>;
	stdout: (text: string) => void;
	stderr: (text: string) => void;
}

export async function main(argv: string[], io: Io): Promise<number> {
	let args;
	try {
		args = parseArgs({
			args: argv,
			options: {
				money: { type: 'boolean', default: false },
				json: { type: 'boolean', default: false },
				help: { type: 'boolean', default: false },
				'timeout-seconds': { type: 'string' },
			},
			strict: true,
			allowPositionals: false,
		}).values;
	} catch (error) {
		io.stderr(`${(error as Error).message}\n\n${USAGE}`);
		return 2;
	}
	if (args.help) {
		io.stdout(USAGE);
		return 0;
	}
	const timeout = args['timeout-seconds'] === undefined ? 60 : Number(args['timeout-seconds']);
	if (!Number.isFinite(timeout) || timeout <= 0) {
		io.stderr(`--timeout-seconds must be a positive number\n`);
		return 2;
	}
	const env = io.env;
	if (!env.JIKO_BASE_URL) {
		io.stderr(`set JIKO_BASE_URL\n\n${USAGE}`);
		return 2;
	}
	const options: ConformanceOptions = {
		baseUrl: env.JIKO_BASE_URL,
		username: env.JIKO_USERNAME,
		password: env.JIKO_PASSWORD,
		sharedSecret: env.JIKO_SHARED_SECRET,
		partnerId: env.JIKO_PARTNER_ID || undefined,
		money: args.money,
		timeoutSeconds: timeout,
		ids: {
			pocketFrom: env.JIKO_POCKET_FROM,
			pocketTo: env.JIKO_POCKET_TO,
			achCounterparty: env.JIKO_ACH_COUNTERPARTY,
			wireCounterparty: env.JIKO_WIRE_COUNTERPARTY,
			onUsCounterparty: env.JIKO_ON_US_COUNTERPARTY,
		},
		log: (line) => io.stderr(`conformance: ${line}\n`),
	};
	try {
		const result = await runConformance(options);
		io.stdout(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatReport(result)}\n`);
		return result.exitCode;
	} catch (error) {
		if (error instanceof SetupError) {
			io.stderr(`conformance: ${error.message}\n`);
			return 2;
		}
		throw error;
	}
}
