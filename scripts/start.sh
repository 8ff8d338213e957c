#!/usr/bin/env bash
# The one "run it" command (README): set-up (Node 24, dev dependencies, a pinned n8n, all
# project-local), build, then the local Jiko sandbox and n8n with this package installed,
# provisioned with a demo login, a Jiko credential and the example workflows.
# Ctrl-C stops everything. Options: --n8n-port, --broker-port, --sandbox-port, --data-dir.
#   --queue   n8n's distributed engine instead of one process: PostgreSQL, Redis, n8n main, a
#             webhook process (--webhook-port, default 5680) and workers (--workers, default 2).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
npm run --silent build
bash scripts/install-n8n.sh
for arg in "$@"; do
	if [ "$arg" = "--queue" ]; then bash scripts/install-queue-services.sh; fi
done
exec node scripts/local-n8n.mts "$@"
