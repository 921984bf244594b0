#!/usr/bin/env bash
# Runs n8n's verification scanner twice, as n8n does for a published package: on the source files and on the
# packed tarball's contents.
set -euo pipefail
cd "$(dirname "$0")/../.."
node test/tools/scan-local.mjs .
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
tarball="$(npm pack --silent --pack-destination "$tmp")"
mkdir "$tmp/pkg"
tar -xzf "$tmp/$tarball" --strip-components=1 -C "$tmp/pkg"
node test/tools/scan-local.mjs "$tmp/pkg" --tarball
