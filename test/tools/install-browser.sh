#!/usr/bin/env bash
# The editor test drives a real Chromium through playwright-core, which downloads no browser. This provides one:
# CHROMIUM_PATH or /usr/bin/chromium when present, else Debian's chromium package installed with apt.
set -euo pipefail
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
	echo "[install-browser] using $browser" >&2
	exit 0
fi
bash "$(dirname "$0")/apt-install.sh" install-browser chromium
