// Lint for the developer tools that never ship (the sandbox, tests, benchmarks, scripts, the
// conformance suite): they run on Node, not inside n8n, and legitimately use its http, fs, timers
// and console, which n8n's community-node rules forbid in published nodes. Each of their folders
// points its eslint.config.mjs here; the published code (nodes/, credentials/) keeps n8n's own
// template config at the root, in strict mode. `npm run lint` looks configs up per file
// (ESLINT_FLAGS=unstable_config_lookup_from_file), so each file gets its folder's config.
import { createRequire } from 'node:module';

// The same typescript-eslint and @eslint/js that n8n's own config uses (dependencies of
// @n8n/node-cli), so the developer tools need no lint packages of their own.
const fromNodeCli = createRequire(createRequire(import.meta.url).resolve('@n8n/node-cli/eslint'));
const js = fromNodeCli('@eslint/js');
const tseslint = fromNodeCli('typescript-eslint');

export default tseslint.config(
	{ ignores: ['**/dist/**', '**/dist-bench/**'] },
	{
		files: ['**/*.ts', '**/*.mts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: {
			'@typescript-eslint/no-explicit-any': 'off',
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
		},
	},
);
