#!/usr/bin/env bash
# Stage 5's rule 33 (decided: nothing on half B): the third half trained again from the interim model's
# run, its own steps 2,500 and 5,000 scored at 128 px on half A with 2 seeds, its step 5,000 then on
# rule 32's gated route with 10 seeds and, had it qualified, once on half B. Run again now, it prints
# the table and trains nothing (a report already written is never scored again).
#
#   bash experiments/stage-5/third-half-replay.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/third-half-replay.sh carry [runs folder]
#
# ACE=<binary> scores (it needs --detail-from guided); TRAIN_ACE=<binary> trains and exports, when the
# rule names another build (default: $ACE). `node experiments/stage-5/third-half-replay.mjs` prints the
# table and the decision. `carry` would pack the replay over the interim model's run that carry/ holds.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
HERE=experiments/stage-5 NAME=phase3-scales
branch_main "$NAME" "$@"
TRAIN_ACE=${TRAIN_ACE:-$ACE}

# Rule 33 decided on half A that nothing goes to half B: nothing left needs the replay's weights, so a new
# machine trains nothing again.
if [ "$(node "$HERE/third-half-replay.mjs" --chosen 2>/dev/null)" = none ]; then
  node "$HERE/third-half-replay.mjs"
  exit 0
fi

RUN=$RUNS/$NAME
# A machine without the run folder continues from the replay's packed copy (carry/RUN names it), else
# the replay starts from the interim model's run.
ACE=$TRAIN_ACE branch_unpack_carry "$NAME"
START=$(ACE=$TRAIN_ACE branch_interim_start "$NAME")
for step in 2500 5000; do
  row=$HERE/phase3-scales-replay-step-$step
  # A step scored before needs no weights (a new machine continues past it from carry/); step 5,000's
  # are scored again below.
  [ "$step" != 5000 ] && branch_scored "$row" && continue
  ACE=$TRAIN_ACE branch_train_to "$NAME" "$HERE/configs/phase3-scales.json" "$START" "$step"
  branch_score "$RUN/ema-$step.safetensors" "$row"
done

WEIGHTS=$RUN/ema-5000.safetensors
ROUTE=(--side 256 --model-side 128 --style-side 128 --detail-from guided)
score() { # <half: a or b> <report folder under experiments/stage-5> [eval options]: 10 seeds
  score_half "$WEIGHTS" "$1" 10 "$HERE/$2" "${@:3}"
}
A=phase3-scales-step-5000-10-seeds
score a "$A/replay-128px"
for detail in $(node "$HERE/third-half-replay.mjs" --candidates); do
  score a "$A/replay-style-128-guided-detail-$detail" "${ROUTE[@]}" --detail "$detail"
  carried=$HERE/$A/replay-style-128-guided-detail-$detail/carried.json
  [ -f "$carried" ] || node "$HERE/carried-share.mjs" "$ACE" "$WEIGHTS" "$DOGS" "$detail" "$carried"
done
chosen=$(node "$HERE/third-half-replay.mjs" --chosen)
if [ "$chosen" = none ]; then
  echo "rule 33: the replayed step 5,000 does not qualify on half A; nothing is scored on half B" >&2
else
  score b phase3-scales-replay-half-b
  score b phase3-scales-replay-half-b-256px-guided-style-128 "${ROUTE[@]}" --detail "$chosen"
fi
node "$HERE/third-half-replay.mjs"
