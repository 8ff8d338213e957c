/**
 * Proves the root eslint.config.mjs lints the code that ships exactly as n8n's template config
 * would, so the developer-tool block beside it cannot weaken n8n's rules for published code.
 *
 *   node scripts/lint-config.mts        (scripts/test.sh runs it after `n8n-node lint`)
 *
 * For every TypeScript file under core/, nodes/ and credentials/, and for package.json, ESLint
 * computes the rules that apply (severity and options) twice: with this repository's config, and
 * with n8n's `config` from `@n8n/node-cli/eslint` alone (what n8n's template eslint.config.mjs
 * exports). Any difference is printed and the script exits 1. It also checks that each
 * developer folder is linted by the developer config, not by n8n's community-node rules (which
 * would make `n8n-node lint` fail on timers and Node imports there).
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

interface LintConfig {
	rules?: Record<string, unknown>;
}
interface ESLintLike {
	calculateConfigForFile(file: string): Promise<LintConfig | undefined>;
}
interface ESLintClass {
	new (options: { cwd: string; overrideConfigFile?: boolean; overrideConfig?: unknown }): ESLintLike;
}

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const { ESLint } = require('eslint') as { ESLint: ESLintClass };
const { config: n8nConfig } = require('@n8n/node-cli/eslint') as { config: unknown };

const ours = new ESLint({ cwd: root });
const n8nTemplate = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: n8nConfig });

/** ESLint writes a severity as 0/1/2 or "off"/"warn"/"error", alone or first in an array. */
function normalise(rules: Record<string, unknown> = {}): Map<string, string> {
	const levels: Record<string, number> = { off: 0, warn: 1, error: 2 };
	const result = new Map<string, string>();
	for (const [name, entry] of Object.entries(rules)) {
		const [level, ...options] = Array.isArray(entry) ? entry : [entry];
		const severity = typeof level === 'string' ? levels[level] : level;
		if (severity === 0) continue;
		result.set(name, JSON.stringify([severity, ...options]));
	}
	return result;
}

function differences(file: string, expected: Map<string, string>, actual: Map<string, string>): string[] {
	const lines: string[] = [];
	for (const [name, value] of expected) {
		if (actual.get(name) !== value) lines.push(`${file}: ${name} is ${actual.get(name) ?? 'off'}, n8n's config has ${value}`);
	}
	for (const [name, value] of actual) {
		if (!expected.has(name)) lines.push(`${file}: ${name} is ${value}, n8n's config does not set it`);
	}
	return lines;
}

const tracked = execFileSync('git', ['ls-files', 'core', 'nodes', 'credentials'], { cwd: root, encoding: 'utf8' })
	.split('\n')
	.filter((file) => file.endsWith('.ts'));
const published = [...tracked, 'package.json'];
if (tracked.length < 10) throw new Error(`only ${tracked.length} published TypeScript files found under core/, nodes/, credentials/`);

const problems: string[] = [];
for (const file of published) {
	const expected = normalise((await n8nTemplate.calculateConfigForFile(resolve(root, file)))?.rules);
	const actual = normalise((await ours.calculateConfigForFile(resolve(root, file)))?.rules);
	if (expected.size === 0) problems.push(`${file}: n8n's config sets no rules for it`);
	problems.push(...differences(file, expected, actual));
}

// One file per developer folder: n8n's community rules must not reach it, the developer ones must.
const developerSamples = ['bench/run.ts', 'conformance/client.ts', 'sandbox/main.ts', 'scripts/scan-package.mts', 'test/support/jiko.ts'];
for (const file of developerSamples) {
	const rules = normalise((await ours.calculateConfigForFile(resolve(root, file)))?.rules);
	const community = [...rules.keys()].filter((name) => name.startsWith('@n8n/community-nodes/'));
	if (community.length) problems.push(`${file}: developer code gets n8n's community-node rules (${community.join(', ')})`);
	if (!rules.has('@typescript-eslint/no-unused-vars')) problems.push(`${file}: developer code gets no TypeScript rules`);
}

if (problems.length) {
	for (const line of problems) process.stderr.write(`${line}\n`);
	process.stderr.write(`eslint.config.mjs does not lint the published code as n8n's template would (${problems.length} differences)\n`);
	process.exit(1);
}
process.stdout.write(`lint config: ${published.length} published files get exactly n8n's template rules; ${developerSamples.length} developer folders get the developer config\n`);
