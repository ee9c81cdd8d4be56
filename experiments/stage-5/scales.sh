#!/usr/bin/env bash
# Stage 5's third half (RULE.md 24): the interim model trained on with each face's short side drawn
# from 128 to 256 px, its own steps 2,500, 5,000, 7,500 and 10,000 exported and scored on half A as soon
# as the run has passed each: at 128 px, at 256 px by the network's own translation, and at 256 px by
# the page's route (carried up from 128 px with detail 0.25). Resumable at any moment: run it again.
#
#   bash experiments/stage-5/scales.sh <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/scales.sh carry [runs folder]
#
# carry: the run's latest checkpoint, packed into experiments/stage-5/carry to commit (RULE.md 13); on
# a machine without the run folder the first form continues from it.
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5); ACE=<binary> uses an ace already built
# (it needs `resize_max`, so one built from this commit or later). `node experiments/stage-5/scales.mjs`
# prints the table and rule 24's decision.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
HERE=experiments/stage-5 CARRY=experiments/stage-5/carry NAME=phase3-scales
if [ "${1:-}" = carry ]; then
  ace_release
  RUNS=${2:-$ACE_CACHE/runs/stage-5}
  "$ACE" pack --checkpoint "$RUNS/$NAME" --out "$CARRY"
  echo "$NAME" > "$CARRY/RUN"  # which run folder it continues (`pack` replaced the folder wholesale)
  exit
fi
[ $# -ge 3 ] || { sed -n 7,8p "$0" >&2; exit 2; }
CATS=$1 TARGET=$2 DOGS=$3 RUNS=${4:-$ACE_CACHE/runs/stage-5}
HALF_A=experiments/recipe-ablation/drit-dog-half-a.txt
require_photo_folders "$CATS" "$TARGET" "$DOGS"
# The reports committed here name photos as $ACE_DATA/...; without it they would name this machine's folders.
[ -n "${ACE_DATA:-}" ] || { echo "error: set ACE_DATA to the photo collection these folders are in (README, \"Data\")" >&2; exit 2; }
ace_release

RUN=$RUNS/$NAME START=$RUNS/phase2-pool2-at-1500
# Where the third half begins: the interim model's run (phase2-pool2) at its step 1,500 with its critic
# and average, as the commit that carried it holds it packed.
CARRIED=c255cfe
# A machine without the run folder continues from the run's own packed copy, when one is committed.
if [ ! -e "$RUN/checkpoints/latest" ] && [ "$(cat "$CARRY/RUN" 2>/dev/null)" = "$NAME" ]; then
  "$ACE" unpack --packed "$CARRY" --out "$RUN"
fi
if [ ! -e "$RUN/checkpoints/latest" ] && [ ! -e "$START/checkpoints/latest" ]; then
  git cat-file -e "$CARRIED^{commit}" 2>/dev/null ||
    { echo "this clone lacks commit $CARRIED, which holds the third half's start (a shallow clone? git fetch --unshallow)" >&2; exit 1; }
  packed=$(mktemp -d)
  for file in state.json generator.bpk discriminator.bpk ema.bpk; do
    git show "$CARRIED:$HERE/carry/$file" > "$packed/$file"
  done
  "$ACE" unpack --packed "$packed" --out "$START"
  rm -r "$packed"
fi

score() { # <weights> <report folder> [eval options]: half A, 2 seeds, as every step of the long run
  local weights=$1 out=$2; shift 2
  [ -f "$out/report.json" ] || score_dogs_to_cats "$weights" "$DOGS" "$HALF_A" "$TARGET" 2 "$out" "$@"
}

for step in 2500 5000 7500 10000; do
  row=$HERE/phase3-scales-step-$step ema=$RUN/ema-$step.safetensors
  checkpoint=$(printf 'step-%08d' "$step")
  if [ ! -f "$ema" ]; then
    "$ACE" pretrain --backend cpu --data "$CATS" --config "$HERE/configs/phase3-scales.json" --init-from "$START" \
      --out "$RUN" --resume --steps "$step"
    [ "$(cat "$RUN/checkpoints/latest")" = "$checkpoint" ] ||
      { echo "phase3-scales stopped at $(cat "$RUN/checkpoints/latest"), short of step $step: nothing scored (run this again to go on)" >&2; exit 3; }
    "$ACE" export --checkpoint "$RUN" --out "$ema"
    # The trainer keeps its newest two checkpoints; a scored step stays whole, to branch from later.
    mkdir -p "$RUN/kept" && cp -r "$RUN/checkpoints/$checkpoint" "$RUN/kept/"
  fi
  score "$ema" "$row"
  score "$ema" "$row/256px" --side 256
  score "$ema" "$row/256px-carried" --side 256 --model-side 128 --detail 0.25
done
