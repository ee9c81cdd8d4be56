#!/usr/bin/env bash
# Stage 5's fourth half (RULE.md 26): the interim model trained on with 128 px crops of faces whose short
# side is drawn from 128 to 256 px, its own steps 1,000 to 6,000 exported and scored on half A as soon as
# the run has passed each: at 128 px and at 256 px by the network's own translation. Rule 30 stops it at
# its step 3,000 if it is under 0.30 at 128 px there, and then the fifth half trains in its place (the
# same recipe, its critics alone for the first 500 steps; own steps 1,500 to 6,500, stopped in turn if
# its step 1,500 is under 0.30). Resumable at any moment: run it again.
#
#   bash experiments/stage-5/crop128-scales.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/crop128-scales.sh carry [runs folder]
#
# carry: the training half's latest checkpoint, packed into experiments/stage-5/carry to commit (RULE.md
# 13); on a machine without the run folder the first form continues from it, and without either it
# starts from the interim model's run as commit c255cfe carried it. Runs live under <runs> (default
# ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built (it needs `resize_max` and
# `content-spread`). `node experiments/stage-5/crop128-scales.mjs` prints the tables and the decisions.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5
stopped() { [ "$(node "$HERE/crop128-scales.mjs" --stopped "$1")" = yes ]; }
if stopped phase4-crop128; then NAME=phase5-crop128-warmup; else NAME=phase4-crop128; fi
branch_main "$NAME" "$@"

# half <name> <checked step> <steps...>: trains, exports and scores each step (one already scored is
# skipped), until rule 30 stops the half at its checked step. (Called outside any condition, so that
# set -e holds inside it.)
half() {
  local name=$1 check=$2 step row ema start; shift 2
  branch_unpack_carry "$name"
  start=$(branch_interim_start "$name")
  for step; do
    row=$HERE/$name-step-$step ema=$RUNS/$name/ema-$step.safetensors
    if ! branch_scored "$row" 256px; then
      branch_train_to "$name" "$HERE/configs/$name.json" "$start" "$step"
      branch_score "$ema" "$row"
      branch_score "$ema" "$row/256px" --side 256
      bash "$HERE/content-spread.sh" "$DOGS" "$RUNS"  # rule 27's diagnostic
    fi
    if [ "$step" = "$check" ] && stopped "$name"; then
      echo "$name stops at its step $step: under 0.30 at 128 px on half A (rule 30)" >&2
      return
    fi
  done
}

if [ "$NAME" = phase4-crop128 ]; then
  half phase4-crop128 3000 1000 2000 3000 4000 5000 6000
fi
if stopped phase4-crop128; then
  half phase5-crop128-warmup 1500 1500 2500 3500 4500 5500 6500
fi
node "$HERE/crop128-scales.mjs"
