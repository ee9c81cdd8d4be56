#!/usr/bin/env bash
# Stage 5 (experiments/stage-5/RULE.md): the candidate rows and the long run, each resumable at any
# moment (run the same command again), each scored as the rule says as soon as it has trained.
#
#   bash experiments/stage-5/run.sh rows <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/run.sh long <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/run.sh phase2 <afhq-cat/train> <afhq-cat/test> <drit-dog> [runs folder]
#   bash experiments/stage-5/run.sh carry [runs folder]
#
# rows: control-seed-6, pool4 and crop128 (ROWS="pool4" picks some), one after another, from the shipped
# stage-4 weights; each scored on half A with 2 seeds into experiments/stage-5/<row>.
# long: the control run to step 1,500 (scored on half A as the control row); then pool4, which won,
# from the stage-4 weights (run folder pool4-restart, RULE.md 12) to the first milestone (200,000 images
# = step 25,000; then the branch RULE.md 18 chose, to MILESTONE=50000, its steps every 2,500 scored on
# half A and the best chosen, RULE.md 20), scored once on half B with 10 seeds, at 128 px and at 256 px
# by the network's own translation and by the page's route (RULE.md 14), whose share of the photo's
# detail is first chosen on half A (RULE.md 17).
# phase2: RULE.md 18's branches of the first milestone (ROWS="phase2-pool2" picks some), each trained
# 1,500 steps and scored on half A with 2 seeds into experiments/stage-5/<row>, and its probe.
# carry: the long run's latest checkpoint, packed (no optimiser moments or frozen copies) into
# experiments/stage-5/carry, to commit: `long` continues from it on a machine without the run folder.
# Runs live under <runs> (default ~/.cache/ace/runs/stage-5). ACE=<binary> uses an ace already built;
# ACE_EVAL=<binary> scores what needs `--detail` when ACE is older than that.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
HERE=experiments/stage-5 CARRY=experiments/stage-5/carry
# The long run's folder: pool4-restart to the first milestone, then the branch RULE.md 18 chose, in the
# folder it trains in now (RULE.md 22: steps.mjs --current).
long_run() { if node "$HERE/phase2.mjs" --winner > /dev/null 2>&1; then node "$HERE/steps.mjs" --current; else echo pool4-restart; fi; }
# The folder that trained the long run's own step <S> of the second half (RULE.md 22), and where it began.
segment_of() { node "$HERE/steps.mjs" --segment "$1"; }
# A row's or run's config: the pool4 runs train under pool4.json, every other row under its own name.
config_of() { case $1 in pool4-restart | phase2-control) echo "$HERE/configs/pool4.json" ;; *) echo "$HERE/configs/$1.json" ;; esac; }
if [ "${1:-}" = carry ]; then
  ace_release
  name=$(long_run) RUNS=${2:-$ACE_CACHE/runs/stage-5}
  "$ACE" pack --checkpoint "$RUNS/$name" --out "$CARRY"
  echo "$name" > "$CARRY/RUN"  # which run folder it continues
  # RULE.md 20: the weights of the step the rule leads with so far travel too (the only earlier step it
  # can still choose: steps.mjs says why); `long` puts them back into the folder that trained it.
  if [ "$name" != pool4-restart ]; then
    lead=$(node "$HERE/steps.mjs" --leading)
    read -r folder _ <<< "$(segment_of "$lead")"
    cp "$RUNS/$folder/ema-$lead.safetensors"{,.json} "$CARRY/"
  fi
  exit
fi
[ $# -ge 4 ] || { sed -n 2,21p "$0" >&2; exit 2; }
MODE=$1 CATS=$2 TARGET=$3 DOGS=$4 RUNS=${5:-$ACE_CACHE/runs/stage-5}
HALF_A=experiments/recipe-ablation/drit-dog-half-a.txt HALF_B=experiments/recipe-ablation/drit-dog-half-b.txt
require_photo_folders "$CATS" "$TARGET" "$DOGS"
require_ace_data
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
# RULE.md 20: the long run to its own step <S> of the second half, that step's EMA weights exported
# (ema-<S>.safetensors in the folder that trained it, RULE.md 22) and scored on half A as
# <folder>-step-<S>. The folder now training ($name in $run, under $config) trains to it, from
# $INIT_FROM when it has no checkpoint yet; a step already passed is exported from a copy kept of its
# checkpoint (kept/), else from its checkpoint if the trainer still holds it; with neither its weights
# are gone, and lost.txt says so (not a candidate).
keep_step() {
  local step=$1 folder from
  read -r folder from <<< "$(segment_of "$step")"
  local dir row=$folder-step-$step ema=$RUNS/$folder/ema-$step.safetensors at=0
  dir=$(printf 'step-%08d' $((step - from)))
  if scored "$row" || [ -f "$HERE/$row/lost.txt" ]; then return; fi
  if [ ! -f "$ema" ]; then
    [ ! -f "$RUNS/$folder/checkpoints/latest" ] || at=$(sed 's/^step-0*//' "$RUNS/$folder/checkpoints/latest")
    if [ -d "$RUNS/$folder/kept/$dir" ]; then "$ACE" export --checkpoint "$RUNS/$folder/kept/$dir" --out "$ema"
    elif [ -d "$RUNS/$folder/checkpoints/$dir" ]; then "$ACE" export --checkpoint "$RUNS/$folder/checkpoints/$dir" --out "$ema"
    elif [ "$folder" = "$name" ] && [ "${at:-0}" -lt $((step - from)) ]; then
      "$ACE" pretrain --backend cpu --data "$CATS" --config "$config" --init-from "$INIT_FROM" --out "$run" --resume --steps $((step - from))
      [ "$(cat "$run/checkpoints/latest")" = "$dir" ] ||
        { echo "$name stopped at $(cat "$run/checkpoints/latest"), short of step $((step - from)): nothing scored (run this again to go on)" >&2; exit 3; }
      "$ACE" export --checkpoint "$run" --out "$ema"
    else
      mkdir -p "$HERE/$row"
      echo "its weights were lost: the run passed step $step on a machine that did not keep them" > "$HERE/$row/lost.txt"
      return
    fi
  fi
  score_on_a "$row" "$ema"
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
    # RULE.md 12: the long run's folder was lost with a machine; it restarts as pool4 (which won, rule
    # 4) from the shipped stage-4 weights, and its own steps count toward the milestones (RULE.md 5:
    # 200,000 images of 64 px = its step 25,000). RULE.md 13: on a machine without the run folder it
    # continues from the packed checkpoint committed in $CARRY (`bash $0 carry` refreshes that).
    # RULE.md 18: once its branches are scored, the long run is the winning branch of step 25,000, and
    # the second milestone (MILESTONE=50000, 400,000 images) is that branch's own step 25,000.
    MILESTONE=${MILESTONE:-25000} name=pool4-restart now=$(long_run)
    own_step=$MILESTONE  # the first milestone's; the second's steps are rule 20's (steps.mjs)
    if [ "$MILESTONE" != 25000 ]; then
      [ "$now" != pool4-restart ] || { echo "rule 18 has not chosen the branch that goes on to step $MILESTONE yet" >&2; exit 1; }
      name=$now
    fi
    run=$RUNS/$name config=$(config_of "$name")
    if [ ! -e "$run/checkpoints/latest" ] && [ -f "$CARRY/state.json" ] && [ "$(cat "$CARRY/RUN" 2>/dev/null || echo pool4-restart)" = "$name" ]; then
      "$ACE" unpack --packed "$CARRY" --out "$run"
    fi
    # The carried step's weights (RULE.md 20; see `carry`), into the folder that trained it.
    if [ "$(cat "$CARRY/RUN" 2>/dev/null)" = "$name" ]; then
      for ema in "$CARRY"/ema-*.safetensors; do
        [ -f "$ema" ] || continue
        step=$(basename "$ema" .safetensors) step=${step#ema-}
        read -r folder _ <<< "$(segment_of "$step")"
        mkdir -p "$RUNS/$folder"
        [ -f "$RUNS/$folder/ema-$step.safetensors" ] || cp "$ema" "$ema.json" "$RUNS/$folder/"
      done
    fi
    if [ "$name" = pool4-restart ]; then
      # Once rule 18 has decided, this folder is past its milestone: it is never started again.
      if [ ! -e "$run/checkpoints/latest" ] && [ "$now" != pool4-restart ]; then
        echo "no run folder at $run: the first milestone's run is gone (the long run is $now now)" >&2; exit 1
      fi
      train pool4-restart "$config" --steps "$MILESTONE"
    else
      # A branch only continues (no start from the stage-4 weights): its folder, the carried copy of it,
      # or (RULE.md 22) the checkpoint of the folder before it at the step where this one began.
      read -r _ began <<< "$(segment_of 25000)"
      read -r before _ <<< "$(segment_of "$began")"
      INIT_FROM=$RUNS/$before/kept/$(printf 'step-%08d' "$began")
      [ -e "$run/checkpoints/latest" ] || [ -d "$INIT_FROM" ] ||
        { echo "no run folder at $run, no carried copy of it in $CARRY, and no $INIT_FROM to begin it from" >&2; exit 1; }
      # RULE.md 20: the branch stops at every step rule 20 keeps (steps.mjs --steps, the last its own
      # step 25,000), and that step's EMA weights are exported and scored on half A before it trains on.
      for step in $(node "$HERE/steps.mjs" --steps); do keep_step "$step"; done
    fi
    # Scored at the milestone itself and nowhere else (RULE.md 5): a signal makes `ace pretrain` stop
    # early with a checkpoint, and the long run's own build (c5a0c2a) then exits 0 (later ones 130).
    if [ "$name" = pool4-restart ]; then
      reached=$(cat "$run/checkpoints/latest")
      [ "$reached" = "$(printf 'step-%08d' "$own_step")" ] ||
        { echo "$name stopped at $reached, short of step $own_step: nothing scored (run this again to go on)" >&2; exit 3; }
      S=$MILESTONE out="$run/ema-$MILESTONE.safetensors"
      "$ACE" export --checkpoint "$run" --out "$out"
    else
      # RULE.md 20: the second milestone's model is the step chosen on half A, named by the restart's step.
      own=$(node "$HERE/steps.mjs" --choice)
      read -r folder _ <<< "$(segment_of "$own")"
      S=$((25000 + own)) out="$RUNS/$folder/ema-$own.safetensors"
      echo "rule 20 chose the long run's own step $own ($folder): the second milestone is restart step $S"
    fi
    # RULE.md 5, 6 and 14: once each, 128 px, the network's own 256 px, and the page's 256 px route
    # (translated at 128, carried up); `node $HERE/milestone.mjs --write --step $S` applies the ship test.
    at=restart-step-$S
    scored "$at" || score_dogs_to_cats "$out" "$DOGS" "$HALF_B" "$TARGET" 10 "$HERE/$at"
    # RULE.md 17: the share of the photo's detail the page's route carries, chosen on half A (2 seeds)
    # before that route is scored on half B. --detail needs a build of bed249c or later, --style-side
    # one of 607f383 or later (ACE_EVAL; the run's own build scores the rest).
    eval_ace=${ACE_EVAL:-$ACE} sweep=$HERE/detail-step-$S
    scored "detail-step-$S/128px" || "$eval_ace" eval --backend cpu --weights "$out" --source "$DOGS" \
      --source-list "$HALF_A" --target "$TARGET" --seeds 2 --showcase 6 --out "$sweep/128px"
    # RULE.md 21: past the first milestone the sweep is scored again with the style photo at 128 px.
    style_sides=256
    [ "$S" = 25000 ] || style_sides="256 128"
    for style_side in $style_sides; do
      for detail in $(node "$HERE/detail.mjs" --candidates); do
        row=detail-$detail style=()  # the style at 256 px is the evaluation's own (its side)
        [ "$style_side" = 256 ] || row=style-$style_side-detail-$detail style=(--style-side "$style_side")
        scored "detail-step-$S/$row" || "$eval_ace" eval --backend cpu --weights "$out" \
          --source "$DOGS" --source-list "$HALF_A" --target "$TARGET" --seeds 2 --side 256 --model-side 128 \
          --detail "$detail" "${style[@]}" --showcase 6 --out "$sweep/$row"
      done
    done
    read -r detail style_side <<< "$(node "$HERE/detail.mjs" --step "$S" --route)"
    style=()
    [ "$style_side" = 256 ] || style=(--style-side "$style_side")
    at_256() { # <binary> <report folder> [--model-side 128 --detail D --style-side S]
      scored "$2" || "$1" eval --backend cpu --weights "$out" --source "$DOGS" --source-list "$HALF_B" \
        --target "$TARGET" --seeds 10 --side 256 --showcase 6 --out "$HERE/$2" "${@:3}"
    }
    at_256 "$eval_ace" "$at-256px-carried" --model-side 128 --detail "$detail" "${style[@]}"  # what decides, first
    at_256 "$ACE" "$at-256px"  # reported only, and the slowest (about half an hour)
    ;;
  phase2)
    # RULE.md 18: branches of the long run's step-25,000 checkpoint, 1,500 steps each, scored on half A;
    # beside them the milestone's weights decoded with the content pooled by 2 (decides nothing).
    from=$RUNS/pool4-restart/checkpoints/step-00025000
    [ -d "$from" ] || { echo "no step-25,000 checkpoint at $from (RULE.md 18 branches from it)" >&2; exit 1; }
    for row in ${ROWS:-phase2-probe-pool2 phase2-control phase2-pool2 phase2-content3}; do
      if scored "$row"; then echo "== $row: scored already ($HERE/$row)"; continue; fi
      if [ "$row" = phase2-probe-pool2 ]; then
        "$ACE" eval --backend cpu --weights "$RUNS/pool4-restart/ema-25000.safetensors" --source "$DOGS" \
          --source-list "$HALF_A" --target "$TARGET" --seeds 2 --showcase 6 --content-pool 2 --out "$HERE/$row"
        continue
      fi
      "$ACE" pretrain --backend cpu --data "$CATS" --config "$(config_of "$row")" --init-from "$from" --out "$RUNS/$row" \
        --resume --steps 1500
      [ "$(cat "$RUNS/$row/checkpoints/latest")" = step-00001500 ] ||
        { echo "$row stopped short of step 1,500: nothing scored (run this again to go on)" >&2; exit 3; }
      "$ACE" export --checkpoint "$RUNS/$row" --out "$RUNS/$row/ema-1500.safetensors"
      score_on_a "$row" "$RUNS/$row/ema-1500.safetensors"
    done
    ;;
  *) sed -n 2,21p "$0" >&2; exit 2 ;;
esac
