# The environment every script shares; sourced from the repository root, never run: source scripts/lib/env.sh
# Build outputs and downloads live outside the clone, so a second clone or a second run reuses them.
ACE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
export ACE_CACHE="${ACE_CACHE:-$HOME/.cache/ace}"
# wasm-bindgen-cli must be the version of the wasm-bindgen crate in Cargo.lock.
ACE_WASM_BINDGEN_VERSION=$(grep -A1 '^name = "wasm-bindgen"$' "$ACE_ROOT/Cargo.lock" | sed -n 's/^version = "\(.*\)"/\1/p')
# Debian's Chromium drives the browser tests; CHROMIUM points them (and this check) at another build.
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

# The optimised `ace` command line (training, evaluation, benchmarks): builds it and sets $ACE, unless
# ACE=<binary> already names one (a dev-profile build is optimised too; a run uses the binary it started with).
ace_release() {
  [ -n "${ACE:-}" ] && return
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

# Reports committed under experiments/ name photos as $ACE_DATA/...; without it they would name this
# machine's folders.
require_ace_data() {
  [ -n "${ACE_DATA:-}" ] || { echo "error: set ACE_DATA to the photo collection these folders are in (README, \"Data\")" >&2; exit 2; }
}

# A model scored the way the recipe ablation and its long run score (RULE.md): dogs from a committed
# half of drit-dog translated to cats, judged by `ace eval` on the CPU, six showcase rows.
#   score_dogs_to_cats <weights> <drit-dog> <half list> <afhq-cat/test> <seeds> <report folder> [eval options: --side 256 ...]
score_dogs_to_cats() {
  "$ACE" eval --backend cpu --weights "$1" --source "$2" --source-list "$3" --target "$4" --seeds "$5" \
    --showcase 6 --out "$6" "${@:7}"
}
