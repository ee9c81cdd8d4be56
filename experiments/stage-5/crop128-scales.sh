#!/usr/bin/env bash
# Stage 5's fourth half (RULE.md 26): the interim model trained on with 128 px crops of faces whose short
# side is drawn from 128 to 256 px, its own steps 1,000 to 6,000 exported and scored on half A as soon as
# the run has passed each: at 128 px and at 256 px by the network's own translation. Resumable at any
# moment: run it again.
#
#   bash experiments/stage-5/crop128-scales.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/crop128-scales.sh carry [runs folder]
#
# carry: the run's latest checkpoint, packed into experiments/stage-5/carry to commit (RULE.md 13); on
# a machine without the run folder the first form continues from it, and without either it starts from
# the interim model's run as commit c255cfe carried it. Runs live under <runs> (default
# ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built (it needs `resize_max` and
# `content-spread`).
# `node experiments/stage-5/crop128-scales.mjs` prints the table and rule 26's decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5 NAME=phase4-crop128
branch_main "$NAME" "$@"

branch_unpack_carry "$NAME"
START=$(branch_interim_start "$NAME")
for step in 1000 2000 3000 4000 5000 6000; do
  row=$HERE/phase4-crop128-step-$step ema=$RUNS/$NAME/ema-$step.safetensors
  branch_scored "$row" 256px && continue
  branch_train_to "$NAME" "$HERE/configs/phase4-crop128.json" "$START" "$step"
  branch_score "$ema" "$row"
  branch_score "$ema" "$row/256px" --side 256
  bash "$HERE/content-spread.sh" "$DOGS" "$RUNS"  # rule 27's diagnostic
done
