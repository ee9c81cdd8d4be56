#!/usr/bin/env bash
# The recipe ablation of experiments/recipe-ablation/RULE.md: five runs from the shipped weights, one after
# another (each resumes where it stopped: run this again after an interruption), each row's EMA
# weights exported and scored on half A of drit-dog with 2 seeds as soon as it has trained. Photo
# folders are arguments: AFHQ cats to train on and to compare with, DRIT dogs to translate (README, "Data").
#
#   bash experiments/recipe-ablation/run.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# ACE=<binary> uses an already built `ace` (default: the release build, made here); INIT_WEIGHTS=<file>
# starts the rows from a copy of the shipped weights (default: weights/ace-default.safetensors). Runs go under
# ~/.cache/ace/runs/recipe unless a runs folder is given; reports to experiments/recipe-ablation/<row>.
# ROWS="today bottleneck" trains and scores only those rows (in that order).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 3 ] || { sed -n 2,12p "$0" >&2; exit 2; }
CATS=$1 TARGET=$2 DOGS=$3 RUNS=${4:-$ACE_CACHE/runs/recipe}
require_photo_folders "$CATS" "$TARGET" "$DOGS"
ace_release
ROWS=(${ROWS:-today today-seed-2 bottleneck vgg-d both})

score() { # <row name> <weights>
  score_dogs_to_cats "$2" "$DOGS" experiments/recipe-ablation/drit-dog-half-a.txt "$TARGET" 2 "experiments/recipe-ablation/$1"
}

# Each row is scored as soon as it has trained: its report (committed) is what survives a lost
# machine, the checkpoint under $RUNS may not. A row with its reports is done and skipped.
scored() { [ -f "experiments/recipe-ablation/$1/report.json" ]; }
for row in "${ROWS[@]}"; do
  if scored "$row" && { [ "$row" != today ] || scored today-live; }; then
    echo "== $row: scored already (experiments/recipe-ablation/$row)"
    continue
  fi
  "$ACE" pretrain --backend cpu --data "$CATS" --config "experiments/recipe-ablation/configs/$row.json" \
    --init-weights "${INIT_WEIGHTS:-weights/ace-default.safetensors}" --out "$RUNS/$row" --resume
  if ! scored "$row"; then
    "$ACE" export --checkpoint "$RUNS/$row" --out "$RUNS/$row/ema.safetensors"
    score "$row" "$RUNS/$row/ema.safetensors"
  fi
  if [ "$row" = today ] && ! scored today-live; then # the one row also scored on its live weights
    "$ACE" export --live --checkpoint "$RUNS/today" --out "$RUNS/today/live.safetensors"
    score today-live "$RUNS/today/live.safetensors"
  fi
done
