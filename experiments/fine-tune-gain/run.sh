#!/usr/bin/env bash
# Fine-tuning that gains (experiments/fine-tune-gain/RULE.md): the candidates trained and scored on a
# split of the training folders, then the chosen one trained twice and scored once on the held-out dogs.
# Every step is resumable: run the same command again.
#
#   bash experiments/fine-tune-gain/run.sh speed <drit-dog> <drit-cat>            # RULE.md 2: steps per minute
#   bash experiments/fine-tune-gain/run.sh candidates <drit-dog> <drit-cat>       # RULE.md 3-4
#   bash experiments/fine-tune-gain/run.sh final <drit-dog> <drit-cat> <row>      # RULE.md 5 (and 6)
#   bash experiments/fine-tune-gain/run.sh round-two <drit-dog> <drit-cat>        # RULE.md 6: 30 minutes on the split
#   bash experiments/fine-tune-gain/run.sh winter <summer> <winter> <row>         # RULE.md 7: a target that is not a cat
#   bash experiments/fine-tune-gain/run.sh one-folder <drit-dog> <drit-cat> <row> # RULE.md 8: style photos only
#   bash experiments/fine-tune-gain/run.sh shipped <drit-dog> <drit-cat> <row>    # the final procedure, seed 1, on the model shipped now
#
# Runs live under $ACE_CACHE/runs/fine-tune-gain, the split's links under $ACE_CACHE/splits.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 3 ] || { sed -n 2,11p "$0" >&2; exit 2; }
MODE=$1 DOGS=$2 CATS=$3
HERE=experiments/fine-tune-gain
RUNS=$ACE_CACHE/runs/fine-tune-gain
WEIGHTS=weights/ace-default.safetensors
# RULE.md 2: 8 minutes at the speed README.md records (the warm-up rows' configs say N/4 = 84); rows
# named *-30 get RULE.md 6's 30 minutes (their configs say N30/4 = 316).
steps_of() { case $1 in *-30 | *-30-*) echo 1264 ;; *) echo 336 ;; esac; }
STEPS=$(steps_of "")
require_photo_folders "$DOGS/train" "$CATS/train"
ace_release
bash scripts/fetch/efficientnet.sh

# <folder> <list> <out>: links in <out> to the photos of <folder> that <list> does not name (RULE.md 1).
fit_part() {
  local folder=$1 list=$2 out=$3 name
  [ -d "$out" ] && return
  mkdir -p "$out.partial"
  while IFS= read -r name; do
    grep -qxF "$name" "$list" || ln -s "$(realpath "$folder/$name")" "$out.partial/$name"
  done < <(cd "$folder" && find . -type f | sed 's|^\./||' | sort)
  mv "$out.partial" "$out"
}

# <row config> <content> <style> <run> [more fine-tune flags]: the row's steps from the shipped weights.
fine_tune() {
  local config=$1 content=$2 style=$3 run=$4; shift 4
  local resume=(); [ -f "$run/checkpoints/latest" ] && resume=(--resume)
  "$ACE" fine-tune --backend cpu --from "$WEIGHTS" --content "$content" --style "$style" \
    --config "$config" --steps "$(steps_of "$(basename "$config" .json)")" --out "$run" "${resume[@]}" "$@"
}

# <weights> <report folder>: RULE.md 1's scoring on the held-out part of the training folders.
score_on_split() {
  [ -f "$2/report.json" ] && return
  "$ACE" eval --backend cpu --weights "$1" --source "$DOGS/train" --source-list "$HERE/dog-val.txt" \
    --target "$CATS/train" --target-list "$HERE/cat-val.txt" --seeds 2 --showcase 6 --out "$2"
}

SPLIT=$ACE_CACHE/splits/fine-tune-gain
if [ "$MODE" = winter ]; then # RULE.md 7: no split, other folders
  row=${4:?the row that RULE.md 6 leaves standing}
  SUMMER=$2 WINTER=$3 run="$RUNS/winter-$row"
  mkdir -p "$RUNS"
  [ -f "$HERE/winter-zero-shot/report.json" ] ||
    "$ACE" eval --backend cpu --weights "$WEIGHTS" --source "$SUMMER/test" --target "$WINTER/test" --showcase 6 --out "$HERE/winter-zero-shot"
  cp "$HERE/configs/$row.json" "$RUNS/winter-$row.json"
  [ -f "$HERE/winter-$row/report.json" ] || {
    fine_tune "$RUNS/winter-$row.json" "$SUMMER/train" "$WINTER/train" "$run"
    "$ACE" export --checkpoint "$run" --out "$run/ema.safetensors"
    "$ACE" eval --backend cpu --weights "$run/ema.safetensors" --source "$SUMMER/test" --target "$WINTER/test" --showcase 6 --out "$HERE/winter-$row"
  }
  exit 0
fi
fit_part "$DOGS/train" "$HERE/dog-val.txt" "$SPLIT/dogs-fit"
fit_part "$CATS/train" "$HERE/cat-val.txt" "$SPLIT/cats-fit"

case $MODE in
  speed)
    rm -rf "$RUNS/speed"
    fine_tune "$HERE/configs/today.json" "$SPLIT/dogs-fit" "$SPLIT/cats-fit" "$RUNS/speed" --max-steps-now 12
    node -e '
      const steps = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").map(JSON.parse);
      const [a, b] = [steps[1], steps[steps.length - 1]];
      const perStep = (b.elapsed_s - a.elapsed_s) / (b.step - a.step);
      console.log(`${perStep.toFixed(2)} s per step (steps ${a.step + 1}-${b.step}); 8 minutes = ${Math.floor(480 / perStep / 8) * 8} steps (a multiple of 8)`);
    ' "$RUNS/speed/log.jsonl"
    ;;
  candidates)
    score_on_split "$WEIGHTS" "$HERE/zero-shot"
    for row in today today-seed-2 warmup warmup-slow warmup-paper; do
      run="$RUNS/$row"
      if [ "$row" = today ]; then # the diagnosis (RULE.md 4): scored at N/8 and N/2 on the way
        for at in $((STEPS / 8)) $((STEPS / 2)); do
          [ -f "$HERE/today-step-$at/report.json" ] && continue
          done_steps=$(tail -n 1 "$run/log.jsonl" 2>/dev/null | node -pe 'JSON.parse(require("fs").readFileSync(0)).step' 2>/dev/null || echo 0)
          fine_tune "$HERE/configs/$row.json" "$SPLIT/dogs-fit" "$SPLIT/cats-fit" "$run" --max-steps-now $((at - done_steps))
          "$ACE" export --checkpoint "$run" --out "$run/ema-$at.safetensors"
          score_on_split "$run/ema-$at.safetensors" "$HERE/today-step-$at"
        done
      fi
      [ -f "$HERE/$row/report.json" ] && { echo "== $row: scored already"; continue; }
      fine_tune "$HERE/configs/$row.json" "$SPLIT/dogs-fit" "$SPLIT/cats-fit" "$run"
      "$ACE" export --checkpoint "$run" --out "$run/ema.safetensors"
      score_on_split "$run/ema.safetensors" "$HERE/$row"
    done
    ;;
  round-two)
    row=warmup-paper-30
    [ -f "$HERE/$row/report.json" ] && { echo "== $row: scored already"; exit 0; }
    fine_tune "$HERE/configs/$row.json" "$SPLIT/dogs-fit" "$SPLIT/cats-fit" "$RUNS/$row"
    "$ACE" export --checkpoint "$RUNS/$row" --out "$RUNS/$row/ema.safetensors"
    score_on_split "$RUNS/$row/ema.safetensors" "$HERE/$row"
    ;;
  one-folder)
    row=${4:?the row that RULE.md 6 leaves standing}
    [ -f "$HERE/one-folder-$row/report.json" ] && { echo "== one-folder-$row: scored already"; exit 0; }
    run="$RUNS/one-folder-$row"
    # What `ace fine-tune --style <folder>` alone does: the style photos are the content photos too.
    fine_tune "$HERE/configs/$row.json" "$SPLIT/cats-fit" "$SPLIT/cats-fit" "$run"
    "$ACE" export --checkpoint "$run" --out "$run/ema.safetensors"
    score_on_split "$run/ema.safetensors" "$HERE/one-folder-$row"
    ;;
  final)
    row=${4:?the chosen row (node $HERE/table.mjs names it)}
    for seed in 1 2; do
      out="$HERE/final-$row-seed-$seed"
      [ -f "$out/report.json" ] && continue
      run="$RUNS/final-$row-seed-$seed"
      mkdir -p "$RUNS"
      sed "s/\"seed\": 1/\"seed\": $seed/" "$HERE/configs/$row.json" > "$RUNS/final-$row-seed-$seed.json"
      fine_tune "$RUNS/final-$row-seed-$seed.json" "$DOGS/train" "$CATS/train" "$run"
      "$ACE" export --checkpoint "$run" --out "$run/ema.safetensors"
      "$ACE" eval --backend cpu --weights "$run/ema.safetensors" --source "$DOGS/test" --target "$CATS/test" --showcase 6 --out "$out"
    done
    ;;
  shipped)
    # RULE.md 5's procedure, one training seed, on whatever weights ship now (the rule chose it on stage
    # 4): what a user fine-tuning the default model gets. Named by the weights' digest; decides nothing.
    row=${4:?the chosen row (node $HERE/table.mjs names it)}
    digest=$(sha256sum "$WEIGHTS" | cut -c1-8)
    out="$HERE/shipped-$digest-$row-seed-1" run="$RUNS/shipped-$digest-$row-seed-1"
    [ -f "$HERE/shipped-$digest-zero-shot/report.json" ] ||
      "$ACE" eval --backend cpu --weights "$WEIGHTS" --source "$DOGS/test" --target "$CATS/test" --showcase 6 --out "$HERE/shipped-$digest-zero-shot"
    if [ ! -f "$out/report.json" ]; then
      mkdir -p "$RUNS"
      fine_tune "$HERE/configs/$row.json" "$DOGS/train" "$CATS/train" "$run"
      "$ACE" export --checkpoint "$run" --out "$run/ema.safetensors"
      "$ACE" eval --backend cpu --weights "$run/ema.safetensors" --source "$DOGS/test" --target "$CATS/test" --showcase 6 --out "$out"
    fi
    ;;
  *) sed -n 2,11p "$0" >&2; exit 2 ;;
esac
