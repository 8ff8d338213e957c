import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/*
 * What n8n loads from the published package (after `npm run build`, which the test command
 * runs first): every file the n8n section lists, and every `file:` icon they point at.
 */
const ROOT = resolve(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	files: string[];
	keywords: string[];
	n8n: { credentials: string[]; nodes: string[] };
};

function icons(file: string): string[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const module = require(join(ROOT, file)) as Record<string, new () => { icon?: unknown; description?: { icon?: unknown } }>;
	return Object.values(module).flatMap((Class) => {
		const instance = new Class();
		const icon = instance.description?.icon ?? instance.icon;
		const variants = typeof icon === 'string' ? [icon] : Object.values((icon ?? {}) as Record<string, string>);
		return variants.map((variant) => resolve(dirname(join(ROOT, file)), variant.replace(/^file:/, '')));
	});
}

describe('the published package', () => {
	it('is a community-node package with no runtime dependencies', () => {
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.dependencies ?? {}).toEqual({});
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	});

	it.each([...pkg.n8n.credentials, ...pkg.n8n.nodes])('%s is built, shipped, and its light and dark icons exist', (file) => {
		expect(existsSync(join(ROOT, file))).toBe(true);
		expect(pkg.files.some((shipped) => file.startsWith(`${shipped}/`))).toBe(true);
		const paths = icons(file);
		expect(paths).toHaveLength(2);
		expect(new Set(paths.map((path) => readFileSync(path, 'utf8'))).size).toBe(2);
		for (const path of paths) {
			expect(pkg.files.some((shipped) => path.startsWith(join(ROOT, shipped)))).toBe(true);
			expect(readFileSync(path, 'utf8')).toContain('<svg');
		}
	});
});

describe('the Jiko node description', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Jiko } = require('../../nodes/Jiko/Jiko.node') as typeof import('../../nodes/Jiko/Jiko.node');
	const description = new Jiko().description;
	const resources = (description.properties.find((p) => p.name === 'resource')?.options ?? []) as Array<{ name: string; value: string }>;

	it('names every resource in the subtitle, in the words of the resource list', () => {
		for (const resource of resources) expect(String(description.subtitle)).toContain(`"${resource.value}":"${resource.name}"`);
	});

	it('is usable as an AI tool and has an operation list for every resource', () => {
		expect(description.usableAsTool).toBe(true);
		for (const resource of resources) {
			const operations = description.properties.find(
				(p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(resource.value),
			);
			expect(operations?.options?.length).toBeGreaterThan(0);
		}
	});
});
