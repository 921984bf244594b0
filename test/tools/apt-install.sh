#!/usr/bin/env bash
# Installs Debian packages with apt when this user may (root, or sudo without a password), retrying a failed
# download twice. Usage: apt-install.sh <label> <package>... ; prints the one command that fixes it otherwise.
set -euo pipefail
label="$1"
shift
log() { echo "[$label] $*" >&2; }
if [ "$(id -u)" = "0" ]; then
	sudo_cmd=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	sudo_cmd=(sudo -n)
else
	log "this user may not install Debian packages."
	log "Fix: sudo apt-get install -y --no-install-recommends $*"
	exit 1
fi
started=$SECONDS
log "installing $* with apt"
for attempt in 1 2 3; do
	if "${sudo_cmd[@]}" apt-get update -qq >&2 &&
		DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null; then
		log "installed $* ($((SECONDS - started)) s)"
		exit 0
	fi
	[ "$attempt" = 3 ] && break
	log "attempt $attempt failed; trying again"
	sleep $((attempt * 10))
done
log "apt could not install $*. Fix: sudo apt-get install -y --no-install-recommends $*"
exit 1
