#!/usr/bin/env bash
# Debian's PostgreSQL server and Redis for queue mode (scripts/start.sh --queue and the queue
# tests). Only the binaries are used: the project runs them as its own processes, with data
# folders inside the project and loopback ports; no system service is started or needed.
set -euo pipefail
need=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then need+=(postgresql); fi
if ! command -v psql >/dev/null 2>&1; then need+=(postgresql-client); fi
if ! command -v redis-server >/dev/null 2>&1; then need+=(redis-server); fi
if [ "${#need[@]}" -eq 0 ]; then exit 0; fi
echo "install-queue-services: installing Debian's ${need[*]} (apt)"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq >/dev/null
# Whether the packages start a system service of their own does not matter: ours use other ports.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
