#!/usr/bin/env bash
# Stage 5's rule 35: the interim model's own translation at working sides from 128 to 224 px (half A,
# 2 seeds), then the page's route from the largest side that keeps the 128 px rate, enlarged to 256 px
# with detail 0.25 or 0 (half A, 10 seeds, with the fine detail each holds), and the chosen one once on
# half B. Resumable: a report or measure already written is not made again.
#
#   bash experiments/stage-5/working-side.sh <afhq-cat/test> <drit-dog>
#
# ACE=<binary> uses an ace already built (it needs --style-side). `node experiments/stage-5/working-side.mjs`
# prints the tables and the decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
score_main 7 "$@"
ace_release

WEIGHTS=weights/ace-default.safetensors
CURVE=$HERE/interim-working-side
fine_detail() { # <out.json> <translate options>: rule 35's measure, once
  [ -f "$1" ] || node "$HERE/fine-detail.mjs" "$ACE" "$WEIGHTS" "$DOGS" "$@"
}

for side in $(node "$HERE/working-side.mjs" --sides); do
  score_half "$WEIGHTS" a 2 "$CURVE/side-$side" --side "$side" --style-side 128
done
side=$(node "$HERE/working-side.mjs" --side)
if [ "$side" = none ]; then
  echo "rule 35: no side above 128 px keeps the 128 px rate on half A; nothing more is scored" >&2
else
  # What the guard is read against (deciding nothing): the enlargement from 128 px and the photo's whole band.
  fine_detail "$CURVE/fine-detail-enlargement.json" --model-side 128 --detail 0
  fine_detail "$CURVE/fine-detail-photo-band.json" --model-side 128 --detail 1
  route=(--side 256 --model-side "$side" --style-side 128)
  for detail in $(node "$HERE/working-side.mjs" --details); do
    row=$HERE/interim-half-a-10-seeds/style-128-side-$side-detail-$detail
    score_half "$WEIGHTS" a 10 "$row" "${route[@]}" --detail "$detail"
    fine_detail "$row/fine-detail.json" --model-side "$side" --detail "$detail"
  done
  chosen=$(node "$HERE/working-side.mjs" --chosen)
  if [ "$chosen" = none ]; then
    echo "rule 35: neither detail from $side px reaches the 128 px rate on half A with the fine detail held; nothing is scored on half B" >&2
  else
    score_half "$WEIGHTS" b 10 "$HERE/restart-step-26500-256px-side-$side-detail-$chosen" "${route[@]}" --detail "$chosen"
  fi
fi
node "$HERE/working-side.mjs"
