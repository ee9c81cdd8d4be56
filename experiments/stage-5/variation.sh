#!/usr/bin/env bash
# Stage 5's rule 42: the shipped file on the page's route (256 px from 128, its upscaler by default) at
# variation 0.6 and 1.0 on half A with 10 seeds, beside rule 41's row at 0.3; `node
# experiments/stage-5/variation.mjs` prints the table and the default it chooses.
# Resumable: a report already written is not made again.
#
#   bash experiments/stage-5/variation.sh <afhq-cat/test> <drit-dog>
#
# ACE=<binary> uses an ace already built (from 32d94f8 on: the upscaler on by default).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
score_main 7 "$@"
ace_release

for variation in $(node "$HERE/variation.mjs" --candidates); do
  score_half weights/ace-default.safetensors a 10 "$HERE/interim-half-a-10-seeds/page-route-variation-$variation" \
    --side 256 --model-side 128 --style-side 128 --variation "$variation"
done
node "$HERE/variation.mjs"
