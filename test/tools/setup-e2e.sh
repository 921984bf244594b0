#!/usr/bin/env bash
# What the end-to-end suite needs, installed before it starts and outside any test timeout: Node 24 and n8n in the
# user's cache directory (minutes on a fresh machine, seconds afterwards), a Chromium for the editor test, and Redis
# and PostgreSQL for the queue-mode test.
set -euo pipefail
here="$(dirname "$0")"
started=$SECONDS
bash "$here/install-n8n.sh" "$@" >/dev/null
bash "$here/install-browser.sh"
bash "$here/install-services.sh"
echo "[setup-e2e] ready ($((SECONDS - started)) s)" >&2
