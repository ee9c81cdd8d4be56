#!/usr/bin/env bash
# One training step from one checkpoint on the CPU and on wgpu (here: Mesa's llvmpipe), compared per
# tensor: the check a GPU build must pass before it trains (docs/gpu-correctness.md). The config is the
# shipped recipe at batch 2 and 32 px crops (configs/check/one-step.json), so every kernel of a real step
# runs, small enough for a CPU adapter.
#
#   bash scripts/check/gpu-step.sh <ace binary> [backend, default wgpu] [out folder]
#   CONFIG=<config.json> bash scripts/check/gpu-step.sh ...     # another recipe, to narrow a fault down
#
# e.g. the fused build: cargo build --release -p ace-train --features fusion, then this with its binary.
# Exit status 0 when the step agrees (diff-checkpoints' rule, and the losses within 1e-4 relative).
set -euo pipefail
cd "$(dirname "$0")/../.."
ace=$(realpath "${1:?the ace binary to check}")
backend=${2:-wgpu}
dir=${3:-$(mktemp -d /tmp/gpu-step-XXXX)}
common=(--data assets/samples --init-weights weights/ace-default.safetensors)
rm -rf "$dir" && mkdir -p "$dir"
"$ace" pretrain --backend cpu --config "${CONFIG:-configs/check/one-step.json}" "${common[@]}" --out "$dir/base" --max-steps-now 1 > "$dir/base.log" 2>&1
for b in cpu "$backend"; do
  cp -r "$dir/base" "$dir/$b"
  start=$(date +%s)
  "$ace" pretrain --backend "$b" --data assets/samples --out "$dir/$b" --resume --max-steps-now 1 > "$dir/$b.log" 2>&1
  echo "$b: $(grep -m1 '^backend' "$dir/$b.log" | cut -c1-90), one step in $(( $(date +%s) - start )) s"
done
status=0
"$ace" diff-checkpoints --base "$dir/base" "$dir/cpu" "$dir/$backend" --tolerance 0.01 --json "$dir/diff.json" || status=1
node -e '
const [a, b] = process.argv.slice(1).map((f) => JSON.parse(require("fs").readFileSync(f, "utf8").trim().split("\n").at(-1)));
const terms = Object.keys(a).filter((k) => !["step", "elapsed_s", "images_per_s"].includes(k));
const rel = (k) => Math.abs(a[k] - b[k]) / Math.max(Math.abs(a[k]), 1e-12);
const worst = terms.reduce((x, y) => (rel(y) > rel(x) ? y : x));
console.log(`losses of the step: largest relative difference ${rel(worst).toExponential(2)} (${worst}: ${a[worst]} vs ${b[worst]})`);
process.exit(rel(worst) <= 1e-4 ? 0 : 1);' "$dir/cpu/log.jsonl" "$dir/$backend/log.jsonl" || status=1
echo "$([ $status = 0 ] && echo agrees || echo DIFFERS): the step on $backend against the CPU's ($dir)"
exit $status
