#!/usr/bin/env bash
# The queue-mode test runs n8n as main and workers around Redis and PostgreSQL, started by the test itself as local
# processes on free ports. This provides the servers from Debian's packages when they are missing.
set -euo pipefail
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	missing+=(postgresql)
fi
if [ "${#missing[@]}" = 0 ]; then
	echo "[install-services] using redis-server and PostgreSQL from this machine" >&2
	exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-services "${missing[@]}"
