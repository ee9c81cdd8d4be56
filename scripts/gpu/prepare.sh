#!/usr/bin/env bash
# Prepares a lent GPU's window on this machine, so the GPU spends its minutes training, not building:
# everything the device needs goes into gpu-run/ (git-ignored), and scripts/gpu/device.sh runs it there
# in one call.
#
#   bash scripts/gpu/prepare.sh PHOTOS [WEIGHTS]   # needs: scripts/fetch/vgg.sh done, python3 with Pillow, apt
#   STAGE5_RUN=~/.cache/ace/runs/stage-5/pool4-long bash scripts/gpu/prepare.sh $ACE_DATA/afhq-cat/train
#
# PHOTOS is the folder of training photos (AFHQ cats: README, "Data"; for STAGE5_RUN, the run's own
# training folder, so its data position means the same photos); WEIGHTS the weights file the runs
# start from (default: the shipped weights/ace-default.safetensors, which travels with the tree).
# STAGE5_RUN: also gpu-stage5/run, the run's newest checkpoint and log, for device.sh's second call.
#
# gpu-run/ holds: ace.xz (the release CLI with GPU_FEATURES, stripped, xz-compressed), vgg.bin.xz (the pinned VGG-19 source weights), afhq-cat-128/ (the training
# photos as 128 px JPEGs, with the data README: AFHQ is CC BY-NC 4.0) and debs/ (Debian's Vulkan loader
# and glvnd: wgpu opens the loader at run time, and a bare GPU machine may have the NVIDIA driver's
# Vulkan ICD but neither of them). A call carries the whole working tree too: the total is checked
# against the 64 MiB a call carries, and every carried entry is listed with its size.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
photos="${1:?the folder of training photos}"
weights="${2:-}"
quality="${QUALITY:-80}"
[ -d "$photos" ] || { echo "error: no photo folder at $photos (README, \"Data\", says where AFHQ comes from)" >&2; exit 1; }
for tool in xz strip python3 apt-get; do
  command -v "$tool" > /dev/null || { echo "error: $tool is missing (scripts/lib/prerequisites.sh)" >&2; exit 1; }
done
# Checked before the long build, not after it: the photos are resized with Pillow.
python3 -c 'import PIL' 2> /dev/null || { echo "error: python3 has no Pillow (apt-get install python3-pil)" >&2; exit 1; }
run=gpu-run
rm -rf "$run" && mkdir -p "$run"

# The features: SPIR-V on Vulkan, autotune and burn's fusion. The fused step was wrong on the H200 and
# agrees on llvmpipe since the LSGAN loss avoids burn's fused fault (docs/gpu-correctness.md); device.sh
# checks it against the CPU before it trains, and the same binary runs unfused (vulkan-unfused,
# BURN_FUSION_MAX_EXPLORATIONS=0) where the fused step fails.
features="${GPU_FEATURES:-vulkan,autotune,fusion}"
echo "== the ace CLI (release, features $features)"
cargo build --locked --quiet --release -p ace-train --bin ace --features "$features"
strip -o "$run/ace" "$CARGO_TARGET_DIR/release/ace"
xz -9e -T2 "$run/ace"

echo "== VGG-19 source weights"
vgg="$ACE_CACHE/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
[ -f "$vgg" ] || bash scripts/fetch/vgg.sh
xz -9e -T2 -c "$vgg" > "$run/vgg.bin.xz"

echo "== Vulkan loader and glvnd (Debian debs, unpacked into / on the device)"
# The NVIDIA driver's Vulkan ICD is libGLX_nvidia, which needs glvnd's libGLdispatch: without these the
# loader finds no adapter on a bare machine (seen on the first lent H200).
debs="$PWD/$run/debs" && mkdir -p "$debs" /tmp/ace-apt-lists/partial
apt=(apt-get -q -o APT::Sandbox::User=root -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/ace-apt-lists)
(cd "$debs" && "${apt[@]}" update > /dev/null && "${apt[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 > /dev/null)

echo "== the training photos at 128 px, JPEG quality $quality"
# Kept between preparations (keyed by the folder and the quality): 4,320 resizes take minutes on 2 cores.
resized="$ACE_CACHE/gpu/$(echo "$(realpath "$photos")" | sha256sum | cut -c1-12)-128-q$quality"
if [ ! -f "$resized/.complete" ]; then
  rm -rf "$resized"
  python3 - "$photos" "$resized" "$quality" <<'PY'
import pathlib, sys
from PIL import Image
src, dst, quality = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
dst.mkdir(parents=True)
photos = sorted(p for p in src.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
for p in photos:
    Image.open(p).convert("RGB").resize((128, 128), Image.LANCZOS).save(dst / (p.stem + ".jpg"), quality=quality)
print(f"{len(photos)} photos")
PY
  touch "$resized/.complete"
fi
cp -r "$resized" "$run/afhq-cat-128" && rm "$run/afhq-cat-128/.complete"
echo "AFHQ cat faces (Choi et al., StarGAN v2, CVPR 2020), CC BY-NC 4.0, resized to 128 px" > "$run/afhq-cat-128/DATA-README.md"

if [ -n "$weights" ]; then
  echo "== the weights file to start from: $weights"
  cp "$weights" "$run/init.safetensors"
fi

if [ -n "${STAGE5_RUN:-}" ]; then
  echo "== the stage-5 run's newest checkpoint and log: $STAGE5_RUN"
  latest=$(cat "$STAGE5_RUN/checkpoints/latest")
  rm -rf gpu-stage5 && mkdir -p gpu-stage5/run/checkpoints
  cp "$STAGE5_RUN/checkpoints/latest" gpu-stage5/run/checkpoints/
  cp -r "$STAGE5_RUN/checkpoints/$latest" gpu-stage5/run/checkpoints/
  cp "$STAGE5_RUN/log.jsonl" gpu-stage5/run/
else
  rm -rf gpu-stage5
fi

echo "== what one call carries (the limit is 64 MiB)"
tree_bytes=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 du -cb 2>/dev/null | awk 'END { print $1 }')
printf '%10d  the working tree (tracked and untracked files git does not ignore)\n' "$tree_bytes"
for entry in "$run"/*; do printf '%10d  %s\n' "$(du -sb "$entry" | cut -f1)" "$entry"; done
total=$(( tree_bytes + $(du -sb "$run" | cut -f1) ))
printf '%10d  in all\n' "$total"
[ "$total" -lt $((64 * 1024 * 1024)) ] || { echo "error: one call would carry $total bytes, over 64 MiB (QUALITY=70 makes the photos smaller)" >&2; exit 1; }
if [ -d gpu-stage5 ]; then
  stage5=$(( tree_bytes + $(du -sb gpu-stage5 | cut -f1) ))
  printf '%10d  the second call: the working tree and gpu-stage5/\n' "$stage5"
  [ "$stage5" -lt $((64 * 1024 * 1024)) ] || { echo "error: the stage-5 call would carry $stage5 bytes, over 64 MiB" >&2; exit 1; }
  echo "ready, two calls: run(command=\"OUT=\$OUT DEADLINE_S=240 ROWS= bash scripts/gpu/device.sh all\", carry=[\"gpu-run\"], timeout_s=300)"
  echo "then, at once: run(command=\"OUT=\$OUT DEADLINE_S=500 bash scripts/gpu/device.sh stage5\", carry=[\"gpu-stage5\"], timeout_s=560)"
else
  echo "ready: run(command=\"OUT=\$OUT DEADLINE_S=560 bash scripts/gpu/device.sh all\", carry=[\"gpu-run\"], timeout_s=600)"
fi
