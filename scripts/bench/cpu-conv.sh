#!/usr/bin/env bash
# burn-flex's convolution against the project's own (src/nn/cpu_conv), in one release binary
# (ACE_CPU_CONV=burn turns ours off): training steps of the shipped config and of the PyTorch peer's
# 128 px config, then 256 px inference against ONNX Runtime. Two rounds, the two alternating.
# Stop any training beside it first (kill -STOP); BENCHMARKS.md, "The project's own CPU convolution".
#   bash scripts/bench/cpu-conv.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
cargo build --locked --quiet --release -p ace-train --bin ace --example time_translate
ace="$CARGO_TARGET_DIR/release/ace"
seconds_per_step() { bash scripts/lib/seconds-per-step.sh "$ace" "$@"; } # <config> <threads> <steps>
echo "$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%FT%TZ)"
for round in 1 2; do
  for threads in 1 2; do
    for conv in burn ours; do
      echo "round $round, $threads thread(s), $conv: stage-4 64 px $(ACE_CPU_CONV=$conv seconds_per_step configs/shipped/stage-4.json "$threads" 12) s/step," \
        "128 px bench $(ACE_CPU_CONV=$conv seconds_per_step configs/bench/train-step-128.json "$threads" 4) s/step"
    done
  done
  for conv in burn ours; do
    echo "round $round, inference at 256 px, $conv:"
    ACE_CPU_CONV=$conv "$ACE_CACHE/venv-onnx/bin/python" scripts/check/onnx/bench.py \
      --timer "$CARGO_TARGET_DIR/release/examples/time_translate" --weights weights/ace-default.safetensors | tail -2
  done
done
