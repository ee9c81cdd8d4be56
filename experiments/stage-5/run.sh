#!/usr/bin/env bash
# Stage 5 (experiments/stage-5/RULE.md): the candidate rows and the long run, each resumable at any
# moment (run the same command again), each scored as the rule says as soon as it has trained.
#
#   bash experiments/stage-5/run.sh rows <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/run.sh long <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#
# rows: control-seed-6, pool4 and crop128 (ROWS="pool4" picks some), one after another, from the shipped
# stage-4 weights; each scored on half A with 2 seeds into experiments/stage-5/<row>.
# long: the control run to step 1,500 (scored on half A as the control row); from its step 4,800, where
# pool4 won, on as pool4 (run folder pool4-long) to the first milestone (200,000 images = step 25,000 in
# all, MILESTONE=50000 for the second), scored once on half B with 10 seeds, at 128 and 256 px.
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5). ACE=<binary> uses an ace already built.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 4 ] || { sed -n 2,13p "$0" >&2; exit 2; }
MODE=$1 CATS=$2 TARGET=$3 DOGS=$4 RUNS=${5:-$ACE_CACHE/runs/stage-5}
HERE=experiments/stage-5
HALF_A=experiments/recipe-ablation/drit-dog-half-a.txt HALF_B=experiments/recipe-ablation/drit-dog-half-b.txt
require_photo_folders "$CATS" "$TARGET" "$DOGS"
ace_release

scored() { [ -f "$HERE/$1/report.json" ]; }
train() { # <row> <config> [--steps N]: from the shipped stage-4 weights, resumable
  local row=$1 config=$2; shift 2
  "$ACE" pretrain --backend cpu --data "$CATS" --config "$config" \
    --init-weights weights/ace-default.safetensors --out "$RUNS/$row" --resume "$@"
}
score_on_a() { # <row> <weights>
  score_dogs_to_cats "$2" "$DOGS" "$HALF_A" "$TARGET" 2 "$HERE/$1"
}

case $MODE in
  rows)
    for row in ${ROWS:-control-seed-6 pool4 crop128}; do
      if scored "$row"; then echo "== $row: scored already ($HERE/$row)"; continue; fi
      train "$row" "$HERE/configs/$row.json"
      "$ACE" export --checkpoint "$RUNS/$row" --out "$RUNS/$row/ema.safetensors"
      score_on_a "$row" "$RUNS/$row/ema.safetensors"
    done
    ;;
  long)
    # The reference row costs no training: the shipped weights on half A.
    scored stage-4 || score_on_a stage-4 weights/ace-default.safetensors
    if ! scored control; then
      train control "$HERE/configs/control.json" --steps 1500
      "$ACE" export --checkpoint "$RUNS/control" --out "$RUNS/control/ema-1500.safetensors"
      score_on_a control "$RUNS/control/ema-1500.safetensors"
    fi
    # RULE.md 4: pool4 won while the control run stood at step 4,800; the long run goes on under
    # pool4's config from that checkpoint (networks, moments and average carried), and its steps count
    # on from there toward the milestone (RULE.md 5: 200,000 images of 64 px = step 25,000 in all).
    SWITCH=4800 MILESTONE=${MILESTONE:-25000}
    switched_from=$(printf '%s/control/checkpoints/step-%08d' "$RUNS" "$SWITCH")
    [ -d "$RUNS/pool4-long/checkpoints" ] || [ -d "$switched_from" ] ||
      { echo "run.sh: $switched_from is missing: the long run cannot switch to pool4" >&2; exit 1; }
    "$ACE" pretrain --backend cpu --data "$CATS" --config "$HERE/configs/pool4.json" \
      --init-from "$switched_from" --out "$RUNS/pool4-long" --resume --steps $((MILESTONE - SWITCH))
    out="$RUNS/pool4-long/ema-$MILESTONE.safetensors"
    "$ACE" export --checkpoint "$RUNS/pool4-long" --out "$out"
    score_dogs_to_cats "$out" "$DOGS" "$HALF_B" "$TARGET" 10 "$HERE/long-pool4-step-$MILESTONE"
    "$ACE" eval --backend cpu --weights "$out" --source "$DOGS" --source-list "$HALF_B" --target "$TARGET" \
      --seeds 10 --side 256 --showcase 6 --out "$HERE/long-pool4-step-$MILESTONE-256px"
    ;;
  *) sed -n 2,13p "$0" >&2; exit 2 ;;
esac
