#!/usr/bin/env bash
# Stage 5's rule 31: the third half's own step 5,000 on rule 25's route (the style photo encoded at 128
# px, the photo's detail at 0.25 or 0.125), chosen on half A with 10 seeds and, when it qualifies,
# decided once on half B. Resumable: a report already written is not scored again.
#
#   bash experiments/stage-5/third-half-route.sh <afhq-cat/test> <drit-dog> [runs folder]
#
# The weights are the third half's export (`phase3-scales/ema-5000.safetensors` under the runs folder,
# default ~/.cache/ace/runs/stage-5). ACE=<binary> uses an ace already built (it needs --style-side).
# `node experiments/stage-5/third-half-route.mjs` prints the table and the decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
score_main 6 "$@"
WEIGHTS=$RUNS/phase3-scales/ema-5000.safetensors
[ -f "$WEIGHTS" ] || { echo "error: no $WEIGHTS (the third half's step 5,000, RULE.md 24)" >&2; exit 1; }
ace_release
ROUTE=(--side 256 --model-side 128 --style-side 128)
score() { # <half: a or b> <report folder under experiments/stage-5> [eval options]: 10 seeds
  score_half "$WEIGHTS" "$1" 10 "$HERE/$2" "${@:3}"
}

A=phase3-scales-step-5000-10-seeds
score a "$A/128px"
for detail in 0.25 0.125; do score a "$A/style-128-detail-$detail" "${ROUTE[@]}" --detail "$detail"; done
chosen=$(node "$HERE/third-half-route.mjs" --chosen)
if [ "$chosen" = none ]; then
  echo "rule 31: the third half's step 5,000 does not qualify on half A; nothing is scored on half B" >&2
else
  score b phase3-scales-step-5000-half-b
  score b phase3-scales-step-5000-half-b-256px-carried-style-128 "${ROUTE[@]}" --detail "$chosen"
fi
node "$HERE/third-half-route.mjs"
