/**
 * Entry point: `node conformance/run.ts` (npm run conformance). Node 24 runs this TypeScript
 * directly (type stripping; conformance/package.json makes these files ES modules). The suite's
 * own imports are written without extensions, as the project's TypeScript settings and jest
 * want them, so this entry teaches Node's resolver to try ".ts" for a relative import first.
 */
import { registerHooks } from 'node:module';

registerHooks({
	resolve(specifier, context, nextResolve) {
		if (/^\.\.?\//.test(specifier) && !/\.[cm]?[jt]s$/.test(specifier)) {
			try {
				return nextResolve(`${specifier}.ts`, context);
			} catch {
				// not a .ts file: let Node resolve it as written
			}
		}
		return nextResolve(specifier, context);
	},
});

void import('./cli')
	.then(({ main }) =>
		main(process.argv.slice(2), {
			env: process.env,
			stdout: (text) => process.stdout.write(text),
			stderr: (text) => process.stderr.write(text),
		}),
	)
	.then((code) => {
		process.exitCode = code;
	})
	.catch((error: unknown) => {
		process.stderr.write(`conformance: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
		process.exitCode = 2;
	});
