#!/usr/bin/env bash
# The one "run it" command (README): set-up (Node 24, dev dependencies, a pinned n8n, all
# project-local), build, then the local Jiko sandbox and n8n with this package installed,
# provisioned with a demo login, a Jiko credential and the example workflows.
# Ctrl-C stops both. Options: --n8n-port, --broker-port, --sandbox-port, --data-dir.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
npm run --silent build
bash scripts/install-n8n.sh
exec node scripts/local-n8n.mts "$@"
