#!/usr/bin/env bash
# Fails unless `npm pack` would publish only dist/, README.md, LICENSE and package.json.
set -euo pipefail
cd "$(dirname "$0")/../.."
files="$(npm pack --dry-run --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const f of JSON.parse(s)[0].files)console.log(f.path)})')"
unexpected="$(echo "$files" | grep -vE '^(dist/|README\.md$|LICENSE$|package\.json$)' || true)"
if [ -n "$unexpected" ]; then
	echo "npm pack would publish files outside dist/, README.md, LICENSE, package.json:" >&2
	echo "$unexpected" >&2
	exit 1
fi
for required in README.md LICENSE package.json dist/nodes/MicrosoftIntuneGroupPolicy/MicrosoftIntuneGroupPolicy.node.js dist/credentials/MicrosoftGraphIntuneOAuth2Api.credentials.js dist/credentials/MicrosoftGraphIntuneCertificateApi.credentials.js dist/icons/intune.svg dist/icons/intune.dark.svg; do
	echo "$files" | grep -qx "$required" || { echo "npm pack is missing $required" >&2; exit 1; }
done
echo "package contents ok: $(echo "$files" | wc -l) files"
