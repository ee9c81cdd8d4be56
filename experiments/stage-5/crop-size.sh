#!/usr/bin/env bash
# Stage 5's rules 36 to 38: what breaks at 128 px crops. The interim model's run trained on for 400
# steps with 128 px crops of whole faces at 128 px (crop128-whole-faces) and with its own 64 px crops
# (crop64-control), and for 200 with 128 px crops and one crop-dependent part changed: the content
# window's shift doubled (crop128-shift6, rule 37), the critics' view or the style encoder's at 64 px
# windows (crop128-critic64, crop128-style64) and, when neither alone reaches 0.40, both
# (crop128-critic64-style64, rule 38), the content code pooled by 4 at both crops (crop64-pool4,
# crop128-pool4, rule 39 b) and 128 px crops of faces 144 px across (crop128-resize144, rule 40); each
# from the same start, their EMA weights scored on half A at 128 px with 2 seeds at own steps 200 and
# 400 (the others at 200). Resumable at any moment: run it again.
#
#   bash experiments/stage-5/crop-size.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built.
# `node experiments/stage-5/crop-size.mjs` prints the table and the readings rules 36 to 40 fixed. Nothing
# is carried to another machine (`carry` has no run to pack): each run trains again in under an hour.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5
branch_main crop-size "$@"

# All three start where every half started: the interim model's run at its step 1,500, critic and average.
START=$(branch_interim_start crop128-whole-faces)
# train_and_score <run>:<config>:<steps scored>: each step trained to (unless scored) and scored.
train_and_score() {
  local name config steps step row
  IFS=: read -r name config steps <<< "$1"
  config=$HERE/configs/$config.json
  for step in ${steps//,/ }; do
    row=$HERE/crop-size/$name-step-$step
    [ -f "$row/report.json" ] && continue
    branch_train_to "$name" "$config" "$START" "$step"
    branch_score "$RUNS/$name/ema-$step.safetensors" "$row"
  done
}

# Rule 36's two runs, rule 37's, then rule 38's (its config fields need a build of its commit or later).
for run in crop128-whole-faces:crop128-whole-faces:200,400 crop64-control:phase2-pool2:200,400 crop128-shift6:crop128-shift6:200 \
  crop128-critic64:crop128-critic64:200 crop128-style64:crop128-style64:200; do
  train_and_score "$run"
done
if [ "$(node "$HERE/crop-size.mjs" --pair-needed)" = yes ]; then
  train_and_score crop128-critic64-style64:crop128-critic64-style64:200
fi
# Rule 39 (b): the content code pooled by 4 at both crops; rule 40: 128 px crops of faces 144 px across.
for run in crop64-pool4:crop64-pool4:200 crop128-pool4:crop128-pool4:200 crop128-resize144:crop128-resize144:200; do
  train_and_score "$run"
done
node "$HERE/crop-size.mjs"
