#!/usr/bin/env bash
# The independent ONNX reference (scripts/check/onnx/): a venv with the pinned packages (kept in ~/.cache/ace),
# then the parity check (fails on a mismatch) and a smoke run of the native speed comparison.
#   bash scripts/check/onnx.sh            # parity + bench smoke (CI)
#   BENCH=1 bash scripts/check/onnx.sh    # parity + the real timings (for BENCHMARKS.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
venv="$ACE_CACHE/venv-onnx"
if ! cmp -s scripts/check/onnx/requirements.txt "$venv/requirements.txt" 2>/dev/null; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r scripts/check/onnx/requirements.txt
  cp scripts/check/onnx/requirements.txt "$venv/requirements.txt"
fi
py="$venv/bin/python"

# The workspace's own test build (the one `cargo test --workspace --all-targets` made: a no-op after it).
# A build of one package would resolve burn's features differently and compile it all again.
cargo build --locked --quiet --workspace --all-targets
"$py" scripts/check/onnx/parity.py --ace "$CARGO_TARGET_DIR/debug/ace" --weights weights/ace-default.safetensors \
  --photos assets/samples/chelsea.png assets/samples/coffee.png assets/samples/astronaut.png
# The content bottleneck (average-pooled, repeated back) has no shipped model yet: an untrained one
# with k = 2 checks those two ops, which the ONNX graph writes from the math.
pooled=$(mktemp -d)
"$CARGO_TARGET_DIR/debug/ace" init --preset tiny --content-pool 2 --out "$pooled/pooled.safetensors" >/dev/null
"$py" scripts/check/onnx/parity.py --ace "$CARGO_TARGET_DIR/debug/ace" --weights "$pooled/pooled.safetensors" \
  --photos assets/samples/chelsea.png assets/samples/coffee.png
rm -rf "$pooled"

if [ "${BENCH:-0}" = 1 ]; then
  cargo build --locked --quiet --release -p ace-train --example time_translate
  "$py" scripts/check/onnx/bench.py --timer "$CARGO_TARGET_DIR/release/examples/time_translate" --weights weights/ace-default.safetensors
else
  "$py" scripts/check/onnx/bench.py --timer "$CARGO_TARGET_DIR/debug/examples/time_translate" --weights weights/ace-default.safetensors --smoke
fi
