/** Jest runs TypeScript through ts-jest in transpile-only mode (isolatedModules in
 * tsconfig.dev.json); `npm run typecheck` is the type check. */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	// test/e2e needs a real n8n: jest.e2e.config.js runs it.
	testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.dev.json' }] },
	setupFiles: ['<rootDir>/test/support/setup-env.ts'],
	testTimeout: 60_000,
	// Tests start servers on loopback; two workers fit CI's two cores.
	maxWorkers: 2,
};
