#!/usr/bin/env bash
# Stage 5's rule 41: a learned 2x enlargement trained on cat photos alone (`ace train-upscaler`), two
# candidates that differ only in the loss (pixels alone; pixels and the model's VGG-19 features), each
# added to the interim model's weights file and scored on the page's route (256 px from 128 px,
# --upscale) on half A with 10 seeds, with the fine detail it holds; the chosen one once on half B.
# Resumable: a finished upscaler, a report or a measure already written is not made again.
#
#   bash experiments/stage-5/upscaler.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# ACE=<binary> uses an ace already built (it needs train-upscaler). Each run (log.jsonl, the weights file)
# lives in <runs>/upscaler-<candidate>; `node experiments/stage-5/upscaler.mjs` prints the table and the
# decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
[ $# -ge 3 ] || { sed -n 8p "$0" >&2; exit 2; }
CATS=$1; shift
require_photo_folders "$CATS"
score_main 8 "$@"
ace_release

ROUTE=(--side 256 --model-side 128 --style-side 128 --upscale)
# trained <candidate> <feature weight>: rule 41's training of that candidate, unless it finished before;
# prints its weights file. A stopped run starts again (the command has no --resume): `finished` is
# written only when all its steps are done.
trained() {
  local run=$RUNS/upscaler-$1
  if [ ! -f "$run/finished" ]; then
    "$ACE" train-upscaler --backend cpu --weights weights/ace-default.safetensors --photos "$CATS" --photo-side 256 \
      --crop 128 --batch 8 --steps 4000 --lr 2e-4 --max-blur 1 --seed 0 --feature-weight "$2" \
      --run "$run" --out "$run/with-upscaler.safetensors" >&2
    touch "$run/finished"
  fi
  echo "$run/with-upscaler.safetensors"
}

for candidate in $(node "$HERE/upscaler.mjs" --candidates); do
  weights=$(trained "${candidate%%:*}" "${candidate#*:}")
  row=$HERE/interim-half-a-10-seeds/style-128-upscaler-${candidate%%:*}
  score_half "$weights" a 10 "$row" "${ROUTE[@]}"
  [ -f "$row/fine-detail.json" ] || node "$HERE/fine-detail.mjs" "$ACE" "$weights" "$DOGS" "$row/fine-detail.json" --model-side 128 --upscale
done
chosen=$(node "$HERE/upscaler.mjs" --chosen)
if [ "$chosen" = none ]; then
  echo "rule 41: no upscaler reaches the 128 px rate on half A with the fine detail held; nothing is scored on half B" >&2
else
  score_half "$RUNS/upscaler-$chosen/with-upscaler.safetensors" b 10 "$HERE/restart-step-26500-256px-upscaler-$chosen" "${ROUTE[@]}"
fi
node "$HERE/upscaler.mjs"
