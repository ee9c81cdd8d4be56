# Sourced by the drivers of stage 5's branches (scales.sh, crop128-scales.sh): a branch is a run folder
# under $RUNS trained --init-from a start folder under one config, its own steps exported and kept
# whole as it passes them, packed into carry/ at a session's end. Needs $ACE, $RUNS, $CATS (for
# training) and the caller's set -euo pipefail. The drivers that only score (page-route.sh,
# third-half-route.sh, working-side.sh) use `score_main` and `score_half` alone.

CARRY=experiments/stage-5/carry

# branch_carry <name>: the branch's latest checkpoint packed into carry/, to commit (RULE.md 13).
branch_carry() {
  "$ACE" pack --checkpoint "$RUNS/$1" --out "$CARRY"
  echo "$1" > "$CARRY/RUN"  # which run folder it continues (`pack` replaced the folder wholesale)
}

# branch_unpack_carry <name>: on a machine without the branch's folder, continue from carry/ when it holds that branch.
branch_unpack_carry() {
  if [ ! -e "$RUNS/$1/checkpoints/latest" ] && [ "$(cat "$CARRY/RUN" 2>/dev/null)" = "$1" ]; then
    "$ACE" unpack --packed "$CARRY" --out "$RUNS/$1"
  fi
}

# branch_train_to <name> <config> <start folder> <step>: trains the branch to its own <step> (unless its
# EMA weights there exist), exports them as ema-<step>.safetensors and keeps that checkpoint whole in
# kept/ (the trainer keeps only its newest two), to branch from later.
branch_train_to() {
  local run=$RUNS/$1 config=$2 start=$3 step=$4
  local ema=$run/ema-$step.safetensors checkpoint
  checkpoint=$(printf 'step-%08d' "$step")
  [ -f "$ema" ] && return
  "$ACE" pretrain --backend cpu --data "$CATS" --config "$config" --init-from "$start" --out "$run" --resume --steps "$step"
  [ "$(cat "$run/checkpoints/latest")" = "$checkpoint" ] ||
    { echo "$1 stopped at $(cat "$run/checkpoints/latest"), short of step $step: nothing scored (run this again to go on)" >&2; exit 3; }
  "$ACE" export --checkpoint "$run" --out "$ema"
  mkdir -p "$run/kept" && cp -r "$run/checkpoints/$checkpoint" "$run/kept/"
}

# branch_interim_start <name>: where the third and fourth halves begin, the interim model's run
# (phase2-pool2) at its step 1,500 with its critic and average, as commit c255cfe's carry/ holds it
# packed; unpacked into $RUNS/phase2-pool2-at-1500 unless the branch or that folder is already there.
# Prints the start folder.
branch_interim_start() {
  local start=$RUNS/phase2-pool2-at-1500 carried=c255cfe packed file
  if [ ! -e "$RUNS/$1/checkpoints/latest" ] && [ ! -e "$start/checkpoints/latest" ]; then
    git cat-file -e "$carried^{commit}" 2>/dev/null ||
      { echo "this clone lacks commit $carried, which holds the interim model's run packed (a shallow clone? git fetch --unshallow)" >&2; exit 1; }
    packed=$(mktemp -d)
    for file in state.json generator.bpk discriminator.bpk ema.bpk; do
      git show "$carried:$CARRY/$file" > "$packed/$file"
    done
    "$ACE" unpack --packed "$packed" --out "$start" >&2
    rm -r "$packed"
  fi
  echo "$start"
}

# score_half <weights> <half: a or b> <seeds> <report folder> [eval options]: dogs of that half of
# drit-dog translated to cats and judged, once (a report already written stays). Needs $DOGS and $TARGET.
score_half() {
  local weights=$1 half=experiments/recipe-ablation/drit-dog-half-$2.txt seeds=$3 out=$4; shift 4
  [ -f "$out/report.json" ] || score_dogs_to_cats "$weights" "$DOGS" "$half" "$TARGET" "$seeds" "$out" "$@"
}

# score_main <usage line> "$@": a scoring driver's arguments, `<afhq-cat/test> <drit-dog> [runs]` (the
# usage is that line of the driver): sets TARGET, DOGS, RUNS and HERE and checks them and $ACE_DATA. The
# driver then checks what it scores and builds or takes $ACE (`ace_release`), in that order.
score_main() {
  local usage=$1; shift
  [ $# -ge 2 ] || { sed -n "${usage}p" "$0" >&2; exit 2; }
  TARGET=$1 DOGS=$2 RUNS=${3:-$ACE_CACHE/runs/stage-5} HERE=experiments/stage-5
  require_photo_folders "$TARGET" "$DOGS"
  require_ace_data
}

# branch_score <weights> <report folder> [eval options]: half A, 2 seeds, as every step of the long run.
branch_score() {
  score_half "$1" a 2 "$2" "${@:3}"
}

# branch_scored <row> [sub-row ...]: whether a step's reports are all written (its row and each sub-row
# under it). A step scored before needs no weights: a new machine, which continues from carry/ past it,
# has none of its exports.
branch_scored() {
  local row=$1 sub; shift
  [ -f "$row/report.json" ] || return 1
  for sub; do [ -f "$row/$sub/report.json" ] || return 1; done
}

# branch_main <name> "$@": a driver's arguments. `carry [runs]` packs the branch into carry/ and exits;
# otherwise sets CATS, TARGET, DOGS and RUNS from `<afhq-cat/train> <afhq-cat/test> <drit-dog> [runs]`
# (the usage is lines 7-8 of the driver), checks them and $ACE_DATA, and builds or takes $ACE.
branch_main() {
  local name=$1; shift
  if [ "${1:-}" = carry ]; then
    ace_release
    RUNS=${2:-$ACE_CACHE/runs/stage-5}
    branch_carry "$name"
    exit
  fi
  [ $# -ge 3 ] || { sed -n 7,8p "$0" >&2; exit 2; }
  CATS=$1 TARGET=$2 DOGS=$3 RUNS=${4:-$ACE_CACHE/runs/stage-5}
  require_photo_folders "$CATS" "$TARGET" "$DOGS"
  require_ace_data
  ace_release
}
