#!/usr/bin/env bash
# Stage 5's third half (RULE.md 24): the interim model trained on with each face's short side drawn
# from 128 to 256 px, its own steps 2,500, 5,000, 7,500 and 10,000 exported and scored on half A as soon
# as the run has passed each: at 128 px, at 256 px by the network's own translation, and at 256 px by
# the page's route (carried up from 128 px with detail 0.25). Resumable at any moment: run it again.
#
#   bash experiments/stage-5/scales.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/scales.sh carry [runs folder]
#
# carry: the run's latest checkpoint, packed into experiments/stage-5/carry to commit (RULE.md 13); on
# a machine without the run folder the first form continues from it.
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built
# (it needs `resize_max`, so one built from this commit or later). `node experiments/stage-5/scales.mjs`
# prints the table and rule 24's decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5 NAME=phase3-scales
branch_main "$NAME" "$@"

RUN=$RUNS/$NAME
# A machine without the run folder continues from the run's own packed copy, when one is committed;
# without either it starts from the interim model's (branch.sh).
branch_unpack_carry "$NAME"
START=$(branch_interim_start "$NAME")

for step in 2500 5000 7500 10000; do
  row=$HERE/phase3-scales-step-$step ema=$RUN/ema-$step.safetensors
  branch_scored "$row" 256px 256px-carried && continue
  branch_train_to "$NAME" "$HERE/configs/phase3-scales.json" "$START" "$step"
  branch_score "$ema" "$row"
  branch_score "$ema" "$row/256px" --side 256
  branch_score "$ema" "$row/256px-carried" --side 256 --model-side 128 --detail 0.25
done
