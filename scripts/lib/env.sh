# The environment every script shares; sourced from the repository root, never run: source scripts/lib/env.sh
# Build outputs and downloads live outside the clone, so a second clone or a second run reuses them.
ACE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
export ACE_CACHE="${ACE_CACHE:-$HOME/.cache/ace}"
# wasm-bindgen-cli must be the version of the wasm-bindgen crate in Cargo.lock.
ACE_WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' "$ACE_ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
# Debian's Chromium drives the browser tests; CHROMIUM points them (and this check) at another build.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

# The optimised `ace` command line (training, evaluation, benchmarks): builds it and sets $ACE.
ace_release() {
  cargo build --release --locked -p ace-train --bin ace
  ACE="$CARGO_TARGET_DIR/release/ace"
}

# Training and evaluation photo folders are arguments (never defaults outside the clone): each must exist.
require_photo_folders() {
  local dir
  for dir in "$@"; do
    [ -d "$dir" ] || { echo "error: no photo folder at $dir (README, \"Data\", says where AFHQ and DRIT come from)" >&2; exit 1; }
  done
}
