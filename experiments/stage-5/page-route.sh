#!/usr/bin/env bash
# Stage 5's rules 25, 28, 29, 32 and 34: the page's route with the style photo encoded at the network's side
# (128 px), the detail band from the photo (rule 25: 0.25 or 0.125), from the network's own translation
# at 256 px (rule 28: 1 or 0.5), from the decoder drawing at 256 px on the 128 px layout (rule 29: 1
# or 0.5) or the photo's gated by the translation (rule 32: 1 or 0.5, each also measured for the share
# of the band it carries), the share chosen on half A with 10 seeds (the larger that reaches the 128
# px translation's target rate) and, when one does, scored once on half B; and the enlargement with no
# band (rule 34, half A only, deciding nothing). Resumable: a report already written is not scored again.
#
#   bash experiments/stage-5/page-route.sh <afhq-cat/test> <drit-dog>
#
# ACE=<binary> uses an ace already built (it needs --style-side and --detail-from guided). `node experiments/stage-5/page-route.mjs`
# prints the table and the decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
score_main 10 "$@"
ace_release

# The interim model as it ships (rule 25 keeps its weights).
WEIGHTS=weights/ace-default.safetensors
ROUTE=(--side 256 --model-side 128 --style-side 128)
score() { # <half: a or b> <report folder under experiments/stage-5> [eval options]: 10 seeds
  score_half "$WEIGHTS" "$1" 10 "$HERE/$2" "${@:3}"
}

score a interim-half-a-10-seeds/128px
for from in photo network decoder guided; do
  # Rule 25's rows (the photo's band) were scored before --detail-from existed: the flag is given only for the other sources.
  case $from in
    photo) row=style-128-detail flags=() b=restart-step-26500-256px-carried-style-128 ;;
    network) row=style-128-network-detail flags=(--detail-from network) b=restart-step-26500-256px-network-detail ;;
    decoder) row=style-128-decoder-detail flags=(--detail-from decoder) b=restart-step-26500-256px-decoder-detail ;;
    guided) row=style-128-guided-detail flags=(--detail-from guided) b=restart-step-26500-256px-guided-detail ;;
  esac
  for detail in $(node "$HERE/page-route.mjs" --candidates $from); do
    score a "interim-half-a-10-seeds/$row-$detail" "${ROUTE[@]}" --detail "$detail" "${flags[@]}"
    # Rule 32: how much of the band the gate lets through (measured once, beside the report).
    carried=$HERE/interim-half-a-10-seeds/$row-$detail/carried.json
    if [ "$from" = guided ] && [ ! -f "$carried" ]; then
      node "$HERE/carried-share.mjs" "$ACE" "$WEIGHTS" "$DOGS" "$detail" "$carried"
    fi
  done
  chosen=$(node "$HERE/page-route.mjs" --chosen $from)
  if [ "$chosen" = none ]; then
    echo "detail from the $from: no share reaches the 128 px rate on half A; nothing is scored on half B" >&2
  else
    score b "$b" "${ROUTE[@]}" --detail "$chosen" "${flags[@]}"
  fi
done
# Rule 34: the enlargement alone, what every route above adds its band to.
score a interim-half-a-10-seeds/style-128-detail-0 "${ROUTE[@]}" --detail 0
node "$HERE/page-route.mjs"
