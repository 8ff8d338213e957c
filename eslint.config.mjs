import { config } from '@n8n/node-cli/eslint';

// n8n's community-node rules are for code that runs inside n8n: the published nodes/ and
// credentials/. The local sandbox, the conformance suite, tests, benchmarks and scripts are
// developer tools that never ship (package.json "files") and legitimately use Node's http, fs
// and timers.
export default [{ ignores: ['sandbox/**', 'test/**', 'bench/**', 'conformance/**', 'scripts/**', 'e2e/**', 'examples/**'] }, ...config];
