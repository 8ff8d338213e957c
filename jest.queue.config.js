/** Queue-mode tests: n8n's distributed engine (PostgreSQL, Redis, n8n main, a webhook process,
 * two workers) with the package installed, next to the local sandbox. One deployment for all
 * files (globalSetup), files run one after the other (--runInBand). */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.queue.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.dev.json' }] },
	globalSetup: '<rootDir>/test/e2e/queue/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	testTimeout: 600_000,
	maxWorkers: 1,
	testSequencer: '<rootDir>/test/e2e/queue/sequencer.js',
};
