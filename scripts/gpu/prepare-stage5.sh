#!/usr/bin/env bash
# The third call of a GPU window (scripts/gpu/device.sh stage5): a training run's newest checkpoint and
# its log up to it, in gpu-stage5/ (git-ignored). Made right before the window, so the GPU continues
# from the newest step; stop the run here while the GPU trains, and take the GPU's checkpoint back.
#
#   bash scripts/gpu/prepare-stage5.sh ~/.cache/ace/runs/stage-5/pool4-restart
set -euo pipefail
cd "$(dirname "$0")/../.."
source_run="${1:?the run folder}"
[ -f "$source_run/checkpoints/latest" ] || { echo "error: no checkpoint in $source_run/checkpoints" >&2; exit 1; }
latest=$(cat "$source_run/checkpoints/latest")
rm -rf gpu-stage5 && mkdir -p gpu-stage5
# xz -1: the weights' float bytes pack to two thirds in seconds; -9 gains little more.
tar -C "$source_run" -c checkpoints/latest "checkpoints/$latest" | xz -1 -T2 > gpu-stage5/checkpoint.tar.xz
# The log runs past the checkpoint: cut at it, so a resume that never starts is not read as steps made.
python3 -c 'import json, sys; [print(l, end="") for l in open(sys.argv[1]) if json.loads(l)["step"] <= int(sys.argv[2])]' \
  "$source_run/log.jsonl" "$(( 10#${latest#step-} ))" > gpu-stage5/log.jsonl
tree_bytes=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 du -cb 2>/dev/null | awk 'END { print $1 }')
total=$(( tree_bytes + $(du -sb gpu-stage5 | cut -f1) ))
echo "gpu-stage5/: $latest of $source_run; the call carries $total bytes with the working tree"
[ "$total" -lt $((64 * 1024 * 1024)) ] || { echo "error: over the 64 MiB a call carries" >&2; exit 1; }
