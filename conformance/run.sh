#!/usr/bin/env bash
# npm run conformance -- [...]: the project's own Node 24 (scripts/env.sh, installed by
# scripts/bootstrap.sh) runs the TypeScript suite directly; the machine's Node may be older.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/env.sh"
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 18) ? 0 : 1)'; then
	echo "conformance: needs Node >= 22.18 (it runs TypeScript directly); run ./scripts/bootstrap.sh first" >&2
	exit 2
fi
exec node "$ROOT/conformance/run.ts" "$@"
