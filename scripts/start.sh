#!/usr/bin/env bash
# The one "run it" command (README): set-up, build, then the local Jiko sandbox on
# http://127.0.0.1:8787 (JIKO_SANDBOX_PORT / JIKO_SANDBOX_HOST to change). Ctrl-C stops it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
source scripts/env.sh
npm run --silent build
exec node dist/sandbox/main.js "$@"
