#!/usr/bin/env bash
# The editor test drives a real Chromium through playwright-core, which downloads no browser. This provides one:
# CHROMIUM_PATH or /usr/bin/chromium when present, else Debian's chromium package installed with apt, when this
# user may (root, or sudo without a password). Otherwise it says which one command fixes it.
set -euo pipefail
log() { echo "[install-browser] $*" >&2; }
browser="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$browser" ]; then
	log "using $browser"
	exit 0
fi
if [ "$(id -u)" = "0" ]; then
	sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo_cmd=(sudo -n)
else
	log "no Chromium at $browser, and this user may not install one."
	log "Fix: sudo apt-get install -y chromium   (or set CHROMIUM_PATH to a Chromium or Chrome binary)"
	exit 1
fi
started=$SECONDS
log "installing Debian's chromium with apt (about a minute)"
for attempt in 1 2 3; do
	if "${sudo_cmd[@]}" apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq chromium >/dev/null; then
		break
	fi
	if [ "$attempt" = 3 ]; then
		log "apt could not install chromium. Fix: sudo apt-get install -y chromium"
		exit 1
	fi
	log "attempt $attempt failed; trying again"
	sleep $((attempt * 10))
done
log "chromium ready at /usr/bin/chromium ($((SECONDS - started)) s)"
