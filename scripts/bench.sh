#!/usr/bin/env bash
# Every benchmark, each against its peer in the same run, and the tables in BENCHMARKS.md rewritten
# (between <!-- bench:NAME --> markers) with the figures, the command and the machine.
#
#   bash scripts/bench.sh           # all of it (tens of minutes on 2 cores; run on an idle machine)
#   bash scripts/bench.sh --smoke   # CI: each script starts and produces one row; nothing is rewritten
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

if [ "${1:-}" = --smoke ]; then
  bash scripts/onnx-check.sh
  node scripts/bench-browser.mjs --smoke
  exit 0
fi

machine="$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
write() { node scripts/bench-write.mjs "$1"; }

# Native CPU inference: ours (flex) vs ONNX Runtime on the same graph, 1 thread and all cores.
{
  echo "Command: \`BENCH=1 bash scripts/onnx-check.sh\` (part of \`scripts/bench.sh\`). $machine."
  echo
  BENCH=1 bash scripts/onnx-check.sh | sed -n '/^| threads/,$p'
} | write native-ort

# The browser: the package and the demo page in headless Chromium.
bash scripts/build-wasm.sh >/dev/null
(cd www && npm run build >/dev/null)
{
  echo "Command: \`node scripts/bench-browser.mjs --runs 3\` (part of \`scripts/bench.sh\`). $machine."
  node scripts/bench-browser.mjs --runs 3 | sed -n '/^headless Chromium/,$p'
} | write browser

# Training: one 128x128 batch-8 step of the default config on the CPU, images/s from log.jsonl.
cargo build --locked --quiet --release -p ace-train --bin ace
run=$(mktemp -d)
"$CARGO_TARGET_DIR/release/ace" pretrain --data ../shared/data/afhq-cat/train --out "$run" --backend cpu \
  --config <(echo '{"crop": 128, "resize": 144, "batch_size": 8, "checkpoint_every": 1000, "sample_every": 1000}') \
  --max-steps-now 4 >/dev/null
{
  echo "Command: \`ace pretrain --backend cpu\` with the default config at 128x128, batch 8, 4 steps (part of \`scripts/bench.sh\`). $machine."
  echo
  echo "| step | images/s | seconds/step |"
  echo "|---|---|---|"
  tail -n 2 "$run/log.jsonl" | node -e '
    for (const line of require("fs").readFileSync(0, "utf8").trim().split("\n")) {
      const r = JSON.parse(line);
      console.log(`| ${r.step} | ${r.images_per_s.toFixed(3)} | ${(8 / r.images_per_s).toFixed(1)} |`);
    }'
} | write training
rm -rf "$run"
