#!/usr/bin/env bash
# The recipe ablation's winner trained on (RULE.md, "The long run"): a copy of the row's ablation run
# continued to the rule's stopping step, resumable at any moment, then its EMA weights exported and
# scored on half B of drit-dog with 10 seeds (the ship decision; half A chose the recipe).
#
#   bash experiments/recipe-ablation/long-run.sh <row> <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# <row> is the winner that `node experiments/recipe-ablation/table.mjs` names. The run lives in
# <runs>/long-<row> (default ~/.cache/ace/runs/recipe); with no ablation checkpoint to copy (a machine
# that lost its cache) it starts from the shipped weights, or from INIT_WEIGHTS=<an exported file of
# an earlier long run> (generator only: a fresh discriminator and optimiser). ACE=<binary> as in
# recipe-ablation.sh; BACKEND=wgpu on a GPU.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 4 ] || { sed -n 2,12p "$0" >&2; exit 2; }
ROW=$1 CATS=$2 TARGET=$3 DOGS=$4 RUNS=${5:-$ACE_CACHE/runs/recipe}
[ -f "experiments/recipe-ablation/configs/$ROW.json" ] || { echo "error: no config experiments/recipe-ablation/configs/$ROW.json" >&2; exit 1; }
require_photo_folders "$CATS" "$TARGET" "$DOGS"
ace_release
# The stopping step, fixed in RULE.md before the run is scored: 12,500 steps x 8 = 100,000 images,
# the order of the images the issue's references train on at this scale.
STOP=12500
RUN="$RUNS/long-$ROW"
if [ ! -d "$RUN/checkpoints" ] && [ -d "$RUNS/$ROW/checkpoints" ] && [ -z "${INIT_WEIGHTS:-}" ]; then
  mkdir -p "$RUN" && cp -r "$RUNS/$ROW/checkpoints" "$RUNS/$ROW/log.jsonl" "$RUN/"
fi
"$ACE" pretrain --backend "${BACKEND:-cpu}" --data "$CATS" --config "experiments/recipe-ablation/configs/$ROW.json" --steps "$STOP" \
  --init-weights "${INIT_WEIGHTS:-weights/ace-default.safetensors}" --out "$RUN" --resume
"$ACE" export --checkpoint "$RUN" --out "$RUN/ema-$STOP.safetensors"
score_dogs_to_cats "$RUN/ema-$STOP.safetensors" "$DOGS" experiments/recipe-ablation/drit-dog-half-b.txt "$TARGET" 10 \
  "experiments/recipe-ablation/long-$ROW-step-$STOP"
