#!/usr/bin/env bash
# Prepares the shipped model's GPU run on this machine, so a lent GPU spends its minutes
# training, not building: everything the device needs goes into gpu-run/ (git-ignored, under the 64 MiB
# a device call can carry), and scripts/gpu/device.sh runs it there.
#
#   bash scripts/gpu/prepare.sh PHOTOS RUN [CONFIG]   # needs: scripts/fetch/vgg.sh done, python3 with Pillow, apt
#   then, through the device tool, the two calls that scripts/gpu/device.sh describes.
#
# PHOTOS is the folder of training photos (AFHQ cats: README, "Data"), RUN the training run to continue there
# (or an exported weights file to start a new run from, when a checkpoint with its discriminators is too big) (its latest checkpoint and log.jsonl go into gpu-ck/, 39 MiB),
# CONFIG its config (default configs/shipped/stage-2.json, the shipped model's second stage).
#
# gpu-run/ holds: ace.xz (the release CLI with wgpu, stripped and xz-compressed: 72 MB -> 13 MB; gzip's 18 MB
# put the call over its limit), vgg.bin (the
# pinned VGG-19 source weights, 20 MB), afhq-cat-128/ (the 4320 training photos as 128 px JPEGs at quality 80,
# 20 MB, with the data README: AFHQ is CC BY-NC 4.0) and debs/ (Debian's Vulkan loader and glvnd:
# wgpu opens the loader at run time, and a bare GPU machine may have the NVIDIA driver's Vulkan ICD but
# neither of them).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
photos="${1:?the folder of training photos}"
source_run="${2:?the run folder to continue on the GPU}"
config="${3:-configs/shipped/stage-2.json}"
[ -d "$photos" ] || { echo "error: no photo folder at $photos (README, \"Data\", says where AFHQ comes from)" >&2; exit 1; }
run=gpu-run
rm -rf "$run" && mkdir -p "$run/lib"

echo "== the ace CLI (release, default features: flex + wgpu)"
cargo build --locked --quiet --release -p ace-train --bin ace
strip -o "$run/ace" "$CARGO_TARGET_DIR/release/ace"
xz -9e -T2 "$run/ace"

echo "== VGG-19 source weights"
vgg="$ACE_CACHE/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
[ -f "$vgg" ] || bash scripts/fetch/vgg.sh
cp "$vgg" "$run/vgg.bin"

echo "== Vulkan loader and glvnd (Debian debs, unpacked into / on the device)"
# The NVIDIA driver's Vulkan ICD is libGLX_nvidia, which needs glvnd's libGLdispatch: without these the
# loader finds no adapter on a bare machine (seen on the first lent H200).
debs="$PWD/$run/debs" && mkdir -p "$debs" /tmp/ace-apt-lists/partial
(cd "$debs" && apt-get -q -o APT::Sandbox::User=root -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/ace-apt-lists update >/dev/null \
  && apt-get -q -o APT::Sandbox::User=root -oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists=/tmp/ace-apt-lists \
     download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null)

echo "== afhq-cat/train at 128 px"
python3 - "$photos" "$run/afhq-cat-128" <<'PY'
import pathlib, sys
from PIL import Image
src = pathlib.Path(sys.argv[1])
dst = pathlib.Path(sys.argv[2]); dst.mkdir(parents=True)
photos = sorted(p for p in src.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
for p in photos:
    Image.open(p).convert("RGB").resize((128, 128), Image.LANCZOS).save(dst / (p.stem + ".jpg"), quality=80)
print(f"{len(photos)} photos")
PY
echo "AFHQ cat faces (Choi et al., StarGAN v2, CVPR 2020), CC BY-NC 4.0, resized to 128 px" > "$run/afhq-cat-128/DATA-README.md"

rm -rf gpu-ck && mkdir -p gpu-ck/checkpoints
if [ -f "$source_run" ]; then
  echo "== the weights file to start from: $source_run"
  cp "$source_run" gpu-ck/init.safetensors
else
  echo "== the run to continue: $source_run"
  latest=$(cat "$source_run/checkpoints/latest")
  cp -r "$source_run/checkpoints/$latest" gpu-ck/checkpoints/ && echo "$latest" > gpu-ck/checkpoints/latest
  gzip -c "$source_run/log.jsonl" > gpu-ck/log.jsonl.gz
fi
echo "$config" > gpu-ck/config-path
ck_total=$(du -sb gpu-ck | cut -f1)
[ "$ck_total" -lt $((64 * 1024 * 1024)) ] || { echo "gpu-ck/ is $ck_total bytes, over the 64 MiB a device call carries: pass an exported weights file instead" >&2; exit 1; }

du -sh "$run" "$run"/* gpu-ck
total=$(du -sb "$run" | cut -f1)
[ "$total" -lt $((64 * 1024 * 1024)) ] || { echo "gpu-run/ is $total bytes, over the 64 MiB a device call carries" >&2; exit 1; }
echo "ready: the two calls in scripts/gpu/device.sh"
