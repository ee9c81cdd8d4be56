#!/usr/bin/env bash
# Stage 5's rule 39 (a): the interim model's own translation at the page's 256 px with its content code
# pooled by 2 (as shipped) and by 4 (the share of the face it reads at 128 px), half A, 2 seeds, the style
# photo encoded at 128 px; the pool-4 route on half A with 10 seeds only if it reaches rule 35's side-128
# row. Resumable: a report already written is not made again.
#
#   bash experiments/stage-5/pool-probe.sh <afhq-cat/test> <drit-dog>
#
# ACE=<binary> uses an ace already built (it needs --style-side). `node experiments/stage-5/pool-probe.mjs`
# prints the table and the decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
source experiments/stage-5/branch.sh
score_main 7 "$@"
ace_release

WEIGHTS=weights/ace-default.safetensors
for pool in 2 4; do
  score_half "$WEIGHTS" a 2 "$HERE/interim-pool-probe/side-256-pool-$pool" --side 256 --style-side 128 --content-pool "$pool"
done
if [ "$(node "$HERE/pool-probe.mjs" --qualifies)" = yes ]; then
  score_half "$WEIGHTS" a 10 "$HERE/interim-half-a-10-seeds/style-128-side-256-pool-4" --side 256 --style-side 128 --content-pool 4
fi
node "$HERE/pool-probe.mjs"
