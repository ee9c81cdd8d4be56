#!/usr/bin/env bash
# Runs on the lent GPU machine, from the repository root, in two calls to the same warm machine, because
# what training needs (the CLI, VGG, the photos: gpu-run/, 58 MiB) and the checkpoint it resumes
# (gpu-ck/, 39 MiB) do not fit the 64 MiB one call carries together (scripts/gpu/prepare.sh makes both):
#
#   run(command="OUT=$OUT bash scripts/gpu/device.sh stage", carry=["gpu-run"])
#       keeps gpu-run/ outside the checkout (a warm machine keeps it between calls), records the machine,
#       and times training from scratch in scratch folders on wgpu and on the CPU: the shipped model's
#       config (so the second call knows which backend to use and that wgpu training works there at all)
#       and BENCHMARKS.md's training config, configs/bench/train-step-128.json (128x128 crops, batch 8).
#   run(command="OUT=$OUT MINUTES=8 BACKEND=wgpu bash scripts/gpu/device.sh train", carry=["gpu-ck"])
#       resumes the run in gpu-ck/ (its latest checkpoint and log) under its own config for MINUTES of
#       wall clock, and sends back its new latest checkpoint, log.jsonl and last sample grid as one tar
#       split into 15 MiB parts (a call returns at most 8 files of 16 MiB, two folders deep):
#       cat run.tar.part-* | tar -x -C <the run folder>
#
#   locally, as a dry run on the CPU:  OUT=/tmp/gpu-dry KEEP=/tmp/gpu-keep PROBES="cpu 3 configs/shipped/stage-2.json,cpu 2 configs/bench/train-step-128.json" UNPACK_DEBS=0 bash scripts/gpu/device.sh stage
#                                      OUT=/tmp/gpu-dry KEEP=/tmp/gpu-keep MINUTES=0.2 BACKEND=cpu bash scripts/gpu/device.sh train
set -euo pipefail
cd "$(dirname "$0")/../.."
phase="${1:?stage or train}"
out="${OUT:?set OUT to the folder that comes back}"
keep="${KEEP:-/root/ace-gpu-run}"
mkdir -p "$out"
ace="$keep/ace"

# The stage phase's probes, and training, run the same command line on the carried photos and VGG.
pretrain=("$ace" pretrain --data "$keep/afhq-cat-128" --vgg "$keep/vgg.bin")
probe_config=configs/shipped/stage-2.json
nvidia_icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json

case "$phase" in
stage)
  rm -rf "$keep" && cp -r gpu-run "$keep"
  # Python's lzma where the machine has no xz.
  python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$keep/ace.xz" "$ace"
  chmod +x "$ace" && rm "$keep/ace.xz"
  if [ "${UNPACK_DEBS:-1}" = 1 ]; then
    for deb in "$keep"/debs/*.deb; do dpkg -x "$deb" /; done
    ldconfig
  fi
  # wgpu opens Vulkan through the unpacked loader and glvnd. If the loader still finds no adapter through
  # its default ICD list, the driver's own ICD file (where the container mounts it) may: the train phase
  # reads the choice from $keep/env.
  if ! "${pretrain[@]}" --backend wgpu --config "$probe_config" --out /tmp/probe-adapter --max-steps-now 0 > "$out/adapter.txt" 2>&1 \
      && [ -f "$nvidia_icd" ]; then
    echo "export VK_DRIVER_FILES=$nvidia_icd" > "$keep/env"
    . "$keep/env"
    VK_LOADER_DEBUG=error,warn "${pretrain[@]}" --backend wgpu --config "$probe_config" --out /tmp/probe-adapter2 --max-steps-now 0 \
      >> "$out/adapter.txt" 2>&1 || true
  fi
  {
    date -u
    nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv 2>&1 || true
    echo "Vulkan ICDs:"; ls /usr/share/vulkan/icd.d /etc/vulkan/icd.d /usr/local/nvidia/share/vulkan/icd.d 2>&1 || true
    echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-}"
    echo "cores: $(nproc)"
    ldconfig -p | grep -E 'libvulkan|GLX_nvidia|GLdispatch' || true
  } > "$out/machine.txt"
  cat "$out/machine.txt"
  # Each probe: backend, steps, config. The rate over the second half of the steps leaves out start-up,
  # the first batch's calibration and wgpu's shader compilation: the steady-state figure BENCHMARKS.md wants.
  IFS=, read -ra probes <<< "${PROBES:-wgpu 30 $probe_config,cpu 10 $probe_config,wgpu 40 configs/bench/train-step-128.json,cpu 6 configs/bench/train-step-128.json}"
  for i in "${!probes[@]}"; do
    set -- ${probes[$i]}
    name="probe-$i-$1-$(basename "$3" .json)"
    rm -rf "/tmp/$name"  # a fresh run: an old log.jsonl there would be appended to
    start=$(date +%s%N)
    if "${pretrain[@]}" --backend "$1" --config "$3" --out "/tmp/$name" --max-steps-now "$2" > "$out/$name.txt" 2>&1; then
      echo "$name: $2 steps in $(( ($(date +%s%N) - start) / 1000000 )) ms (start-up, first-batch calibration and shader compilation included)" | tee -a "$out/machine.txt"
      python3 - "/tmp/$name/log.jsonl" <<'PY' | tee -a "$out/machine.txt"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
if len(lines) < 2:  # say so without failing the pipeline (set -e would end the stage phase)
    print("  (fewer than 2 steps: no steady-state rate)")
    sys.exit(0)
first, last = lines[len(lines) // 2 - 1], lines[-1]
done = lambda line: line["images_per_s"] * line["elapsed_s"]  # images since the start of this invocation
rate = (done(last) - done(first)) / (last["elapsed_s"] - first["elapsed_s"])
print(f"  steady state, steps {first['step'] + 1}-{last['step']}: {rate:.2f} images/s")
PY
    else
      echo "$name failed:" | tee -a "$out/machine.txt"; tail -n 20 "$out/$name.txt" | tee -a "$out/machine.txt"
    fi
    head -n 3 "$out/$name.txt" >> "$out/machine.txt"
  done
  ;;
train)
  [ -x "$ace" ] || { echo "$ace is missing: run the stage phase first, on this same warm machine" >&2; exit 2; }
  [ -f "$keep/env" ] && . "$keep/env"
  minutes="${MINUTES:?set MINUTES}"
  backend="${BACKEND:-wgpu}"
  run="$keep/run"
  rm -rf "$run" && mkdir -p "$run"
  config=$(cat gpu-ck/config-path)
  # A carried checkpoint is resumed; a carried weights file (3 MB, when a checkpoint with its
  # discriminators would not fit the call) starts a new run from its generator.
  if [ -f gpu-ck/init.safetensors ]; then
    start_from=(--init-weights gpu-ck/init.safetensors)
  else
    cp -r gpu-ck/checkpoints "$run/" && gunzip -c gpu-ck/log.jsonl.gz > "$run/log.jsonl"
    start_from=(--resume)
  fi
  start=$(date +%s)
  set -o pipefail
  "${pretrain[@]}" --backend "$backend" --config "$config" --out "$run" "${start_from[@]}" --max-minutes "$minutes" 2>&1 | tail -n 60 | tee "$out/train.txt"
  echo "wall: $(( $(date +%s) - start )) s" | tee -a "$out/train.txt"
  latest=$(cat "$run/checkpoints/latest")
  last_grid=$(cd "$run" && ls samples-step-*.png 2>/dev/null | tail -n 1 || true)
  tail -n 1 "$run/log.jsonl" | tee -a "$out/train.txt"
  "$ace" export --checkpoint "$run" --out "$out/ema.safetensors" | tee -a "$out/train.txt"
  tar -C "$run" -c checkpoints/latest "checkpoints/$latest" log.jsonl $last_grid | split -b 15M - "$out/run.tar.part-"
  ls -la "$out"
  ;;
*) echo "unknown phase $phase (stage or train)" >&2; exit 2 ;;
esac
