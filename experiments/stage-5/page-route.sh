#!/usr/bin/env bash
# Stage 5's rule 25: the page's route with the style photo encoded at the network's side (128 px),
# its detail chosen on half A with 10 seeds (0.25 or 0.125, whichever larger reaches the 128 px
# translation's target rate) and, when one does, scored once on half B. Resumable: a report already
# written is not scored again.
#
#   bash experiments/stage-5/page-route.sh <afhq-cat/test> <drit-dog>
#
# ACE=<binary> uses an ace already built (it needs --style-side). `node experiments/stage-5/page-route.mjs`
# prints the table and the decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -eq 2 ] || { sed -n 7p "$0" >&2; exit 2; }
TARGET=$1 DOGS=$2 HERE=experiments/stage-5
require_photo_folders "$TARGET" "$DOGS"
# The reports committed here name photos as $ACE_DATA/...; without it they would name this machine's folders.
[ -n "${ACE_DATA:-}" ] || { echo "error: set ACE_DATA to the photo collection these folders are in (README, \"Data\")" >&2; exit 2; }
ace_release

# The interim model as it ships (rule 25 keeps its weights).
WEIGHTS=weights/ace-default.safetensors
ROUTE=(--side 256 --model-side 128 --style-side 128)
score() { # <half list> <report folder under experiments/stage-5> [eval options]: 10 seeds
  local half=experiments/recipe-ablation/drit-dog-half-$1.txt out=$HERE/$2; shift 2
  [ -f "$out/report.json" ] || score_dogs_to_cats "$WEIGHTS" "$DOGS" "$half" "$TARGET" 10 "$out" "$@"
}

score a interim-half-a-10-seeds/128px
for detail in $(node "$HERE/page-route.mjs" --candidates); do
  score a "interim-half-a-10-seeds/style-128-detail-$detail" "${ROUTE[@]}" --detail "$detail"
done
chosen=$(node "$HERE/page-route.mjs" --chosen)
if [ "$chosen" = none ]; then
  echo "rule 25: neither detail reaches the 128 px rate on half A; nothing is scored on half B" >&2
else
  score b restart-step-26500-256px-carried-style-128 "${ROUTE[@]}" --detail "$chosen"
fi
node "$HERE/page-route.mjs"
