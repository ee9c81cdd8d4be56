#!/usr/bin/env bash
# Every benchmark, each against its peer in the same run, and the tables in BENCHMARKS.md rewritten
# (between <!-- bench:NAME --> markers) with the figures, the command and the machine.
#
#   bash scripts/bench.sh           # all of it (tens of minutes on 2 cores; run on an idle machine)
#   bash scripts/bench.sh --smoke   # CI: each script starts and produces one row; nothing is rewritten
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"

if [ "${1:-}" = --smoke ]; then
  bash scripts/check/onnx.sh
  node scripts/bench/browser.mjs --smoke
  node scripts/bench/live.mjs --smoke
  exit 0
fi

machine="$(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
write() { node scripts/bench/write.mjs "$1"; }

# Native CPU inference: ours (flex) vs ONNX Runtime on the same graph, 1 thread and all cores.
{
  echo "Command: \`BENCH=1 bash scripts/check/onnx.sh\` (part of \`scripts/bench.sh\`). $machine."
  echo
  BENCH=1 bash scripts/check/onnx.sh | sed -n '/^| threads/,$p'
} | write native-ort

# The browser: the package and the demo page in headless Chromium.
bash scripts/build-wasm.sh >/dev/null
(cd www && npm run build >/dev/null)
ace_release  # the native peer, built from this source (a stale or dev build would flatter the wasm)
{
  echo "Command: \`node scripts/bench/browser.mjs --runs 3\` (part of \`scripts/bench.sh\`). $machine."
  ACE_BIN="$ACE" node scripts/bench/browser.mjs --runs 3 | sed -n '/^headless Chromium/,$p'
} | write browser

# Live mode: frames per second per size and backend, beside one translate() of the same size; memory.
{
  echo "Command: \`node scripts/bench/live.mjs --memory\` (part of \`scripts/bench.sh\`). $machine."
  node scripts/bench/live.mjs --memory | sed -n '/^headless Chromium/,$p'
} | write live

# Training: one 128x128 batch-8 step of the default config (configs/bench/train-step-128.json) on the CPU, ours (seconds per step from log.jsonl
# over steps 2-4) and PyTorch's on the same networks and objective (scripts/bench/torch/train_step.py),
# on one thread and on every core. PyTorch is whatever `python3` imports (Debian's python3-torch here);
# it is never installed by this script or by CI (the PyPI wheels pull gigabytes of CUDA).
cargo build --locked --quiet --release -p ace-train --bin ace
ours_step() { # seconds per step over steps 2-4 (the first step's start-up left out)
  bash scripts/lib/seconds-per-step.sh "$CARGO_TARGET_DIR/release/ace" configs/bench/train-step-128.json "$1" 4
}
# The first Python that imports torch (pyenv's python3 may shadow Debian's /usr/bin/python3).
torch_python=""
for py in python3 /usr/bin/python3; do
  if "$py" -c 'import torch' 2>/dev/null; then torch_python=$py; break; fi
done
torch_step() {
  "$torch_python" scripts/bench/torch/train_step.py --threads "$1" --steps 4 | node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8")).seconds_per_step.toFixed(2))'
}
has_torch=$([ -n "$torch_python" ] && "$torch_python" -c 'import torch; print(torch.__version__)' || true)
{
  echo "Command: \`ace pretrain --backend cpu\` with \`configs/bench/train-step-128.json\` (128x128, batch 8), seconds per step over steps 2-4; peer \`python3 scripts/bench/torch/train_step.py --steps 4\` (part of \`scripts/bench.sh\`). $machine."
  echo
  echo "| threads | ours (burn flex + autodiff), s/step | PyTorch ${has_torch:-(not installed)} CPU, s/step | ours / PyTorch |"
  echo "|---|---|---|---|"
  for threads in 1 "$(nproc)"; do
    ours=$(ours_step "$threads")
    if [ -n "$has_torch" ]; then
      theirs=$(torch_step "$threads")
      echo "| $threads | $ours | $theirs | $(node -e "console.log(($ours / $theirs).toFixed(2))") |"
    else
      echo "| $threads | $ours | - | - |"
    fi
  done
} | write training
