#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, with gpu-run/ carried (scripts/gpu/prepare.sh):
# pretrains the shipped model's config (configs/gpu-128.json) for MINUTES of wall clock, exports the
# browser weights file, and leaves under $OUT what comes back: the weights, log.jsonl, the sample grids,
# the last checkpoint (to resume or fine-tune here), the machine's description and the run's output.
#
#   OUT=... MINUTES=8 bash scripts/gpu/device.sh      # BACKEND=auto (default) must find a GPU adapter
#   OUT=... MINUTES=0.5 BACKEND=cpu bash scripts/gpu/device.sh   # the CPU dry run
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${OUT:?set OUT to the folder that comes back}"
minutes="${MINUTES:-8}"
backend="${BACKEND:-auto}"
run=gpu-run
mkdir -p "$out"
gunzip -c "$run/ace.gz" > "$run/ace" && chmod +x "$run/ace"
export LD_LIBRARY_PATH="$PWD/$run/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
{
  date -u
  nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || true
  echo "Vulkan ICDs:"; ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d 2>&1 || true
  nproc
} > "$out/machine.txt"
cat "$out/machine.txt"

# Which device `auto` takes, before the minutes start: a machine whose GPU wgpu cannot open (no Vulkan
# ICD in the container) would otherwise train on the CPU, or on Mesa's llvmpipe, for the whole box.
train=("$run/ace" pretrain --backend "$backend" --data "$run/afhq-cat-128" --config configs/gpu-128.json --vgg "$run/vgg.bin")
probe=$("${train[@]}" --out "$out/probe" --max-steps-now 0 2>&1) || { echo "$probe" >&2; exit 2; }
chosen=${probe%%$'\n'*}
chosen=${chosen%%;*}
rm -rf "$out/probe"
echo "$chosen" | tee -a "$out/machine.txt"
if [ "$backend" != cpu ] && ! echo "$chosen" | grep -q '^backend: wgpu'; then
  echo "no GPU adapter for wgpu ($chosen); nothing trained. See machine.txt for the driver and Vulkan ICDs." >&2
  exit 2
fi

start=$(date +%s)
"${train[@]}" --out "$out/run" --max-minutes "$minutes" 2>&1 | tail -n 40 | tee "$out/pretrain.txt"
echo "wall: $(( $(date +%s) - start )) s" | tee -a "$out/pretrain.txt"
"$run/ace" export --checkpoint "$out/run" --out "$out/ace-gpu.safetensors" | tee -a "$out/pretrain.txt"
# One checkpoint is enough to come back; keep the newest.
latest=$(cat "$out/run/checkpoints/latest")
find "$out/run/checkpoints" -mindepth 1 -maxdepth 1 -type d ! -name "$latest" -exec rm -rf {} +
tail -n 1 "$out/run/log.jsonl"
