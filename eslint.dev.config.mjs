// Lint for the developer tools that never ship (the sandbox, tests, benchmarks, scripts, the
// conformance suite). They run on Node, not inside n8n, and legitimately use its http, fs, timers
// and console, which n8n's community-node rules forbid in published nodes; their test fixtures
// hold the sandbox's public demo secret. They get JavaScript's and TypeScript's recommended rules
// instead. The root eslint.config.mjs keeps n8n's own config, unchanged, for everything else.
import { createRequire } from 'node:module';

// The same typescript-eslint and @eslint/js that n8n's own config uses (dependencies of
// @n8n/node-cli), so the developer tools need no lint packages of their own.
const fromNodeCli = createRequire(createRequire(import.meta.url).resolve('@n8n/node-cli/eslint'));
const js = fromNodeCli('@eslint/js');
const tseslint = fromNodeCli('typescript-eslint');

/** The folders whose code is never published (`package.json` "files" ships only dist/). */
export const developerFolders = ['bench', 'conformance', 'sandbox', 'scripts', 'test'];

/** Every TypeScript file of those folders, as ESLint globs. */
export const developerFiles = developerFolders.flatMap((folder) => [
	`${folder}/**/*.ts`,
	`${folder}/**/*.mts`,
]);

export default tseslint.config(
	{ ignores: ['dist-bench/**'] },
	{
		files: developerFiles,
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
);
