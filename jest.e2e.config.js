/** End-to-end tests: a real n8n 2.x with the package installed, next to the local sandbox.
 * One n8n for all files (globalSetup), files run one after the other (--runInBand). */
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.e2e.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.dev.json' }] },
	globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
	testTimeout: 180_000,
	maxWorkers: 1,
};
