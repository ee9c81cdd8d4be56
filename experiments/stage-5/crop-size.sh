#!/usr/bin/env bash
# Stage 5's rules 36 and 37: what breaks at 128 px crops. The interim model's run trained on for 400
# steps with 128 px crops of whole faces at 128 px (crop128-whole-faces) and with its own 64 px crops
# (crop64-control), and for 200 with 128 px crops and the content window's shift doubled
# (crop128-shift6), each from the same start, their EMA weights scored on half A at 128 px with 2 seeds
# at own steps 200 and 400 (the last at 200). Resumable at any moment: run it again.
#
#   bash experiments/stage-5/crop-size.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built.
# `node experiments/stage-5/crop-size.mjs` prints the table and the readings rules 36 and 37 fixed. Nothing
# is carried to another machine (`carry` has no run to pack): each run trains again in under an hour.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5
branch_main crop-size "$@"

# All three start where every half started: the interim model's run at its step 1,500, critic and average.
START=$(branch_interim_start crop128-whole-faces)
# <run>:<config>:<steps scored> (rule 36's two runs, then rule 37's).
for run in crop128-whole-faces:crop128-whole-faces:200,400 crop64-control:phase2-pool2:200,400 crop128-shift6:crop128-shift6:200; do
  IFS=: read -r name config steps <<< "$run"
  config=$HERE/configs/$config.json
  for step in ${steps//,/ }; do
    row=$HERE/crop-size/$name-step-$step
    [ -f "$row/report.json" ] && continue
    branch_train_to "$name" "$config" "$START" "$step"
    branch_score "$RUNS/$name/ema-$step.safetensors" "$row"
  done
done
node "$HERE/crop-size.mjs"
