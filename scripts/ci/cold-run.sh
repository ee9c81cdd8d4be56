#!/usr/bin/env bash
# Times CI from nothing: a fresh clone of this repository's HEAD, run through `.ci/run` with every cache
# empty (the cargo target directory, the cargo registry and git checkouts, wasm-bindgen-cli, the npm
# and pip caches, the pinned downloads), as after a pause or on a new machine. The machine itself
# (Rust, Node, python3, Chromium when installed) is kept; remove Chromium first to time its install too.
#
#   bash scripts/ci/cold-run.sh [folder holding data/, linked beside the clone where CI has its photos]
#
# Everything goes under a new folder in /tmp (printed), deleted afterwards unless KEEP=1. Stop
# background work first: the figure is only meaningful on an otherwise idle machine.
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
root=$(mktemp -d /tmp/ace-cold-XXXXXX)
echo "cold run in $root"
git clone --quiet --no-local "$repo" "$root/ace"
[ -n "${1:-}" ] && ln -s "$(cd "$1" && pwd)" "$root/shared"
mkdir -p "$root/cargo/bin"
export CARGO_HOME="$root/cargo" PATH="$root/cargo/bin:$PATH"
export CARGO_TARGET_DIR="$root/target" ACE_CACHE="$root/cache"
export npm_config_cache="$root/npm" PIP_CACHE_DIR="$root/pip"
start=$(date +%s)
status=0
(cd "$root/ace" && bash .ci/run) > "$root/ci.log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - start ))
tail -n 5 "$root/ci.log"
echo "cold .ci/run: exit $status in $elapsed s ($(( elapsed / 60 )) min), $(nproc) cores, $(date -u +%F)"
[ "${KEEP:-0}" = 1 ] || rm -rf "$root"
exit "$status"
