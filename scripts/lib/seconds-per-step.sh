#!/usr/bin/env bash
# Seconds per training step of an `ace` binary, over steps 2..N of a fresh run on assets/samples (the
# first step's start-up, VGG's import and the first allocations, left out), from log.jsonl's elapsed_s.
#   bash scripts/lib/seconds-per-step.sh <ace binary> <config> <threads> <steps>
set -euo pipefail
ace=$1 config=$2 threads=$3 steps=$4
cd "$(dirname "$0")/../.."
run=$(mktemp -d)
trap 'rm -rf "$run"' EXIT
RAYON_NUM_THREADS=$threads "$ace" pretrain --data assets/samples --out "$run" --backend cpu --config "$config" --max-steps-now "$steps" >/dev/null 2>&1
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
const [first, last] = [lines[0], lines.at(-1)];
console.log(((last.elapsed_s - first.elapsed_s) / (last.step - first.step)).toFixed(3));' "$run/log.jsonl"
