// n8n's own lint config (`@n8n/node-cli/eslint`, with n8n Cloud support) for the code that ships
// (core/, nodes/, credentials/, package.json), and a Node config for the developer tools in the
// same repository (eslint.dev.config.mjs). n8n's config is used as exported; its TypeScript block
// only gets the developer folders added to its `ignores`, so a bare `npx n8n-node lint` lints each
// file with the config meant for it. `scripts/lint-config.mts` (run by ./scripts/test.sh) proves
// every published file gets exactly the rules of n8n's template config.
import { config } from '@n8n/node-cli/eslint';

import developerTools, { developerFiles } from './eslint.dev.config.mjs';

const forPublishedCode = config.map((block) =>
	block.files?.includes('**/*.ts')
		? { ...block, ignores: [...(block.ignores ?? []), ...developerFiles] }
		: block,
);

export default [...forPublishedCode, ...developerTools];
