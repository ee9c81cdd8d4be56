#!/usr/bin/env bash
# Makes a trained checkpoint the shipped default model: exports it to weights/ace-default.safetensors
# (f16, with its manifest), redraws the model card's sample grid, re-runs `ace eval` into
# reports/ace-default, and prints the loss-curve table for the card. The card's prose (config, steps,
# time, hardware, what the numbers mean) is written by hand after reading what this prints.
#
#   bash scripts/ship-model.sh <run folder or checkpoint folder> [run folder for the log=the first argument]
#
# Ship only a model whose `ace eval` beats the one it replaces (issue 3 asks that it beat both baselines).
set -euo pipefail
cd "$(dirname "$0")/.."
CHECKPOINT=${1:?usage: bash scripts/ship-model.sh <run or checkpoint folder> [run folder]}
RUN=${2:-$CHECKPOINT}
FIXTURES=../shared/data/fixtures
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
[ -f "$RUN/log.jsonl" ] || { echo "no log.jsonl in $RUN: name the run folder as the second argument" >&2; exit 2; }

cargo build --release --locked -p ace-train --bin ace
ACE="$CARGO_TARGET_DIR/release/ace"
bash scripts/fetch-efficientnet.sh

"$ACE" export --checkpoint "$CHECKPOINT" --out weights/ace-default.safetensors
# The card's picture: permissively licensed fixtures only (DRIT and AFHQ stay out of the history).
"$ACE" grid --backend cpu --weights weights/ace-default.safetensors --side 96 \
  --content "$FIXTURES/chelsea.png" "$FIXTURES/astronaut.png" "$FIXTURES/coffee.png" \
  --seeds 0 1 2 3 --out weights/ace-default-samples.jpg
"$ACE" eval --backend cpu --out reports/ace-default
echo
echo "loss curve for the card (means over 50-step windows):"
node scripts/loss-table.mjs "$RUN/log.jsonl" 50 "$(( $(wc -l < "$RUN/log.jsonl") / 50 / 7 + 1 ))"
