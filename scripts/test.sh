#!/usr/bin/env bash
# The one test command (README, .ci/run): set-up, build, type check, lint, every test.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh

echo "== build"; npm run --silent build
echo "== typecheck"; npm run --silent typecheck
echo "== lint (n8n-node lint)"; npm run --silent lint
echo "== no runtime dependencies"
node -e 'const p=require("./package.json"); const d=Object.keys(p.dependencies||{}); if (d.length) { console.error("runtime dependencies are not allowed:", d); process.exit(1) }'
echo "== tests"; npx jest --ci "$@"
