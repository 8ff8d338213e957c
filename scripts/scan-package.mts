/**
 * n8n's verification scanner (@n8n/scan-community-package) over this package, offline: the same
 * two analyses, with the scanner's own rule set and config, that n8n runs before it verifies a
 * community package, which is how n8n 3.x users will be able to install it.
 *
 *   node scripts/scan-package.mts        (after `npm run build`; scripts/test.sh runs it)
 *
 * The scanner itself downloads the published tarball and the source its npm provenance points
 * at; this package is not published and the test command has no network beyond npm installs,
 * so the script packs the package as `npm publish` would, extracts the tarball into a temporary
 * folder (removed afterwards) and hands both to the scanner's analysis:
 *   - source: package.json, nodes/ and credentials/ of this repository (its SOURCE_FILE_PATTERNS);
 *   - tarball: every .js file and the package.json that would be published.
 * Prints every finding and exits 1 on any, or when the tarball lacks a node or credential the
 * package.json lists (a scan of an unbuilt package would pass on nothing).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface Analysis {
	passed: boolean;
	message?: string;
	details?: string;
}
interface Scanner {
	SOURCE_FILE_PATTERNS: string[];
	analyzePackage(packageDir: string, filePatterns: string[]): Promise<Analysis>;
}

const root = resolve(import.meta.dirname, '..');
const work = mkdtempSync(join(tmpdir(), 'jiko-scan-'));
// The scanner makes its download folder in the system temp folder as it loads and leaves it
// there; made inside ours, it goes with ours.
process.env.TMPDIR = work;
let failed = false;
try {
	// The scanner has no `exports` map and no types: its analysis lives in scanner/scanner.mjs.
	const scannerModule = '@n8n/scan-community-package/scanner/scanner.mjs';
	const { SOURCE_FILE_PATTERNS, analyzePackage } = (await import(scannerModule)) as Scanner;
	// What the scanner lints in the downloaded tarball (analyzePackageByName in scanner.mjs).
	const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

	const [packed] = JSON.parse(
		execFileSync('npm', ['pack', '--json', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' }),
	) as Array<{ filename: string; entryCount: number }>;
	const extracted = join(work, 'package');
	mkdirSync(extracted);
	execFileSync('tar', ['-xzf', join(work, packed.filename), '-C', extracted, '--strip-components=1']);
	console.log(`${packed.filename}: ${packed.entryCount} files`);

	const manifest = JSON.parse(readFileSync(join(extracted, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const missing = [...manifest.n8n.credentials, ...manifest.n8n.nodes].filter((file) => !existsSync(join(extracted, file)));
	if (missing.length > 0) {
		failed = true;
		console.error(`the packed tarball lacks ${missing.join(', ')} (run npm run build first)`);
	}

	for (const [leg, dir, patterns] of [
		['source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS],
		['packed tarball (*.js, package.json)', extracted, TARBALL_FILE_PATTERNS],
	] as const) {
		const result = await analyzePackage(dir, [...patterns]);
		// The scanner passes a folder where it finds nothing to lint; here that means a broken scan.
		if (result.passed && result.message === undefined) {
			console.log(`${leg}: passed`);
		} else {
			failed = true;
			console.error(`${leg}: ${result.message ?? 'failed'}`);
			if (result.details) console.error(result.details);
		}
	}
} finally {
	rmSync(work, { recursive: true, force: true });
}
if (failed) {
	console.error('n8n community package scanner: FAILED');
	process.exit(1);
}
console.log('n8n community package scanner: passed');
