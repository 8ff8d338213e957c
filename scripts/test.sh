#!/usr/bin/env bash
# The one test command (README, .ci/run): set-up, build, type check, lint, unit and node tests,
# then end-to-end tests in a real n8n and a headless browser, then the queue-mode suite (n8n main,
# webhook process and workers over PostgreSQL and Redis).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
bash scripts/bootstrap.sh
source scripts/env.sh

echo "== build"; npm run --silent build
echo "== typecheck"; npm run --silent typecheck; npx tsc -p scripts/tsconfig.json
echo "== lint (n8n-node lint)"; npm run --silent lint; node scripts/lint-config.mts
echo "== n8n community package scanner (packed tarball)"; node scripts/scan-package.mts
echo "== no runtime dependencies"
node -e 'const p=require("./package.json"); const d=Object.keys(p.dependencies||{}); if (d.length) { console.error("runtime dependencies are not allowed:", d); process.exit(1) }'
echo "== unit, transport, node-through-n8n-engine and sandbox tests"
npx jest --ci "$@"

echo "== end-to-end: real n8n $(bash scripts/install-n8n.sh --version) + Debian Chromium"
bash scripts/install-n8n.sh
bash scripts/install-chromium.sh
npx jest -c jest.e2e.config.js --ci --runInBand

echo "== queue mode: PostgreSQL + Redis + n8n main, webhook process, two workers"
bash scripts/install-queue-services.sh
queue_started=$SECONDS
npx jest -c jest.queue.config.js --ci --runInBand
echo "== queue-mode suite took $((SECONDS - queue_started)) s"
echo "== all tests passed in $((SECONDS - started)) s"
