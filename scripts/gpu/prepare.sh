#!/usr/bin/env bash
# Prepares a lent GPU's window on this machine, so the GPU spends its minutes checking and training, not
# building: what the device needs goes into three git-ignored folders, one per call of
# scripts/gpu/device.sh (its header has the calls), each checked against the 64 MiB a call carries.
#
#   bash scripts/gpu/prepare.sh $ACE_DATA/afhq-cat/train       # the first two calls' folders
#   bash scripts/gpu/prepare-stage5.sh ~/.cache/ace/runs/stage-5/pool4-restart   # the third's, right before
#   # needs: scripts/fetch/vgg.sh done, python3 with Pillow, apt-get, and for CUDA scripts/gpu/build-cuda.sh's LLVM
#
# The photo folder is the stage-5 run's own training folder (AFHQ cats: README, "Data"), so the run's
# data position means the same photos.
#
#   gpu-run/bin/     ace.xz (the release CLI with every GPU backend: GPU_FEATURES, stripped, xz),
#                    ace-plain.xz (the default build, what `--backend auto` gives a user: the inference
#                    sweep checks it too) and debs/ (Debian's Vulkan loader and glvnd: wgpu opens the loader
#                    at run time, and a bare GPU machine may have the NVIDIA driver's ICD but neither);
#   gpu-run/data/    vgg.bin.xz (the pinned VGG-19 source weights) and afhq-cat-128/ (the training photos
#                    as 128 px JPEGs, with the data README: AFHQ is CC BY-NC 4.0);
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
photos="${1:?the folder of training photos}"
quality="${QUALITY:-80}"
[ -d "$photos" ] || { echo "error: no photo folder at $photos (README, \"Data\", says where AFHQ comes from)" >&2; exit 1; }
for tool in xz strip python3 apt-get; do
  command -v "$tool" > /dev/null || { echo "error: $tool is missing (scripts/lib/prerequisites.sh)" >&2; exit 1; }
done
# Checked before the long build, not after it: the photos are resized with Pillow.
python3 -c 'import PIL' 2> /dev/null || { echo "error: python3 has no Pillow (apt-get install python3-pil)" >&2; exit 1; }
run=gpu-run
rm -rf "$run" && mkdir -p "$run/bin" "$run/data"

# Every GPU backend in one binary: Vulkan with SPIR-V, CUDA and burn's fusion. device.sh runs it fused
# and unfused (BURN_FUSION_MAX_EXPLORATIONS=0) and trains only on what passed its check. Not autotune:
# on the H200 (experiments/gpu-h200-2026-12-04/) no autotuned backend finished one training step in two
# minutes, and a 64 px translation took 22-31 s, nearly all of it tuning, in every process anew.
features="${GPU_FEATURES:-vulkan,fusion,cuda}"
echo "== the ace CLI (release, features $features)"
case ",$features," in
*,cuda,*) CUDA_FEATURES="$features" bash scripts/gpu/build-cuda.sh > /dev/null ;;
*) cargo build --locked --quiet --release -p ace-train --bin ace --features "$features" ;;
esac
strip -o "$run/bin/ace" "$CARGO_TARGET_DIR/release/ace"
echo "== the default CLI (what --backend auto gives a user)"
cargo build --locked --quiet --release -p ace-train --bin ace
strip -o "$run/bin/ace-plain" "$CARGO_TARGET_DIR/release/ace"
xz -9 -T2 "$run/bin/ace" "$run/bin/ace-plain"

echo "== Vulkan loader and glvnd (Debian debs, unpacked into / on the device)"
# The NVIDIA driver's Vulkan ICD is libGLX_nvidia, which needs glvnd's libGLdispatch: without these the
# loader finds no adapter on a bare machine (seen on the first lent H200).
debs="$PWD/$run/bin/debs" && mkdir -p "$debs" /tmp/ace-apt-lists/partial
apt=(apt-get -q -o APT::Sandbox::User=root -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/ace-apt-lists)
(cd "$debs" && "${apt[@]}" update > /dev/null && "${apt[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 > /dev/null)

echo "== VGG-19 source weights"
vgg="$ACE_CACHE/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
[ -f "$vgg" ] || bash scripts/fetch/vgg.sh
xz -9e -T2 -c "$vgg" > "$run/data/vgg.bin.xz"

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
cp -r "$resized" "$run/data/afhq-cat-128" && rm "$run/data/afhq-cat-128/.complete"
echo "AFHQ cat faces (Choi et al., StarGAN v2, CVPR 2020), CC BY-NC 4.0, resized to 128 px" > "$run/data/afhq-cat-128/DATA-README.md"

echo "== what each call carries (the limit is 64 MiB, the working tree included)"
tree_bytes=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 du -cb 2>/dev/null | awk 'END { print $1 }')
printf '%10d  the working tree (tracked and untracked files git does not ignore)\n' "$tree_bytes"
for carried in "$run/bin" "$run/data"; do
  for entry in "$carried"/*; do printf '%10d  %s\n' "$(du -sb "$entry" | cut -f1)" "$entry"; done
  total=$(( tree_bytes + $(du -sb "$carried" | cut -f1) ))
  printf '%10d  the call that carries %s\n' "$total" "$carried"
  [ "$total" -lt $((64 * 1024 * 1024)) ] || { echo "error: the call with $carried would carry $total bytes, over 64 MiB (QUALITY=70 makes the photos smaller)" >&2; exit 1; }
done
echo "ready for the first two calls (scripts/gpu/device.sh's header); right before the window: bash scripts/gpu/prepare-stage5.sh <run folder>"
