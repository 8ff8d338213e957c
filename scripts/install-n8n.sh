#!/usr/bin/env bash
# Installs a pinned n8n 2.x into .tools/ (never global, never in the package's dependencies).
# Idempotent: a second run finds it installed and returns at once.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
N8N_VERSION="2.41.1" # 2.41.3 does not install from the registry (missing @n8n/agents version)
N8N_HOME="$ROOT/.tools/n8n-$N8N_VERSION"
if [ "${1:-}" = "--version" ]; then echo "$N8N_VERSION"; exit 0; fi
if [ -x "$N8N_HOME/node_modules/.bin/n8n" ] && [ -f "$N8N_HOME/.installed" ]; then
	exit 0
fi
mkdir -p "$N8N_HOME"
# Two optional native modules try to download things at install time; n8n runs without them.
cat >"$N8N_HOME/package.json" <<JSON
{
  "name": "jiko-local-n8n",
  "private": true,
  "allowScripts": { "@confluentinc/kafka-javascript": false, "cpu-features": false }
}
JSON
echo "install-n8n: installing n8n@$N8N_VERSION into .tools/ (first time ~6 min, ~2.9 GB)"
(cd "$N8N_HOME" && npm install --no-fund --no-audit --loglevel=error "n8n@$N8N_VERSION")
touch "$N8N_HOME/.installed"
