#!/usr/bin/env bash
# Stage 5's rule 27, a diagnostic deciding nothing: `ace content-spread` on half A's photos at 128 px
# for each model of the table below whose weights this machine has, into content-spread/<name>.json
# (a model already measured is not measured again). `node experiments/stage-5/content-spread.mjs --write`
# puts the table into README.md.
#
#   bash experiments/stage-5/content-spread.sh <drit-dog> [runs folder]
#
# ACE=<binary> uses an ace already built (it needs `content-spread`).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 1 ] || { sed -n 7p "$0" >&2; exit 2; }
DOGS=$1 RUNS=${2:-$ACE_CACHE/runs/stage-5} OUT=experiments/stage-5/content-spread
require_photo_folders "$DOGS"
ace_release
mkdir -p "$OUT"

measure() { # <name> <weights>
  [ -f "$OUT/$1.json" ] || [ ! -f "$2" ] && return
  "$ACE" content-spread --weights "$2" --photos "$DOGS" --list experiments/recipe-ablation/drit-dog-half-a.txt \
    | sed "s|\"weights\": \".*\"|\"weights\": \"$1\"|" > "$OUT/$1.json.part"
  mv "$OUT/$1.json.part" "$OUT/$1.json"
}

if [ ! -f "$OUT/stage-4.json" ]; then
  stage4=$(mktemp)
  git show 8470e72^:weights/ace-default.safetensors > "$stage4"  # stage 4 as it shipped
  measure stage-4 "$stage4"
  rm "$stage4"
fi
measure interim weights/ace-default.safetensors
for step in 7500 10000 12500; do measure "phase2-pool2-content3-step-$step" "$RUNS/phase2-pool2-content3/ema-$step.safetensors"; done
for step in 2500 5000 7500 10000; do measure "phase3-scales-step-$step" "$RUNS/phase3-scales/ema-$step.safetensors"; done
for step in 1000 2000 3000 4000 5000 6000; do measure "phase4-crop128-step-$step" "$RUNS/phase4-crop128/ema-$step.safetensors"; done
for step in 1500 2500 3500 4500 5500 6500; do measure "phase5-crop128-warmup-step-$step" "$RUNS/phase5-crop128-warmup/ema-$step.safetensors"; done
