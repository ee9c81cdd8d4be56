#!/usr/bin/env bash
# Makes a trained checkpoint (or the weights exported from one) the shipped default model: exports it
# to weights/ace-default.safetensors (f16, with its manifest), redraws the model card's sample grid,
# re-runs `ace eval` into reports/ace-default (128 px, the protocol's) and reports/ace-default-256 (the
# page's route: 256 px carried up from 128, with the file's upscaler where it has one), and prints the
# loss-curve table for the card. The card's prose (config, steps, time, hardware, what the numbers
# mean) is written by hand after reading it.
#
#   bash scripts/ship-model.sh <run or checkpoint folder, or exported weights> <drit-dog> <afhq-cat/test> [run folder for the loss table]
#
# The two photo folders are the evaluation's source and target (README, "Data", says where they come from).
# ACE=<binary> uses an `ace` already built (the dev profile is optimised too) instead of a release build.
#
# Ship only a model whose `ace eval` beats the one it replaces and both baselines.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh
[ $# -ge 3 ] || { sed -n 9,12p "$0" >&2; exit 2; }
FROM=$1 DOGS=$2 CATS=$3 RUN=${4:-}
FIXTURES=assets/samples
# The loss table reads the run's log: the first argument's when it is a folder, else a named run folder;
# exported weights alone (a run folder lost with a machine) ship without one.
case $FROM in *.safetensors) ;; *) RUN=${RUN:-$FROM} ;; esac
[ -z "$RUN" ] || [ -f "$RUN/log.jsonl" ] || { echo "no log.jsonl in $RUN: name the run folder as the fourth argument" >&2; exit 2; }

ace_release
bash scripts/fetch/efficientnet.sh

# A step that a run kept only as exported weights (stage 5's rule 20) ships from that file, re-written
# under the shipped name with its own manifest.
case $FROM in
  *.safetensors) "$ACE" export --weights "$FROM" --out weights/ace-default.safetensors ;;
  *) "$ACE" export --checkpoint "$FROM" --out weights/ace-default.safetensors ;;
esac
# The card's picture: permissively licensed fixtures only (DRIT and AFHQ stay out of the history).
"$ACE" grid --backend cpu --weights weights/ace-default.safetensors --side 256 \
  --content "$FIXTURES/chelsea.png" "$FIXTURES/astronaut.png" "$FIXTURES/coffee.png" \
  --seeds 0 1 2 3 --out weights/ace-default-samples.jpg
"$ACE" eval --backend cpu --source "$DOGS" --target "$CATS" --out reports/ace-default
"$ACE" eval --backend cpu --source "$DOGS" --target "$CATS" --side 256 --model-side 128 --style-side 128 --out reports/ace-default-256
echo
if [ -n "$RUN" ]; then
  echo "loss curve for the card (means over 50-step windows):"
  node scripts/lib/loss-table.mjs "$RUN/log.jsonl" 50 "$(( $(wc -l < "$RUN/log.jsonl") / 50 / 7 + 1 ))"
else
  echo "no run folder named: no loss table (the card takes the losses from where the run kept them)"
fi
