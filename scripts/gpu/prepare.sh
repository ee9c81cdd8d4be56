#!/usr/bin/env bash
# Prepares the shipped model's GPU run (issue 3) on this machine, so a lent GPU spends its minutes
# training, not building: everything the device needs goes into gpu-run/ (git-ignored, under the 64 MiB
# a device call can carry), and scripts/gpu/device.sh runs it there.
#
#   bash scripts/gpu/prepare.sh          # needs: scripts/fetch-vgg.sh done, python3 with Pillow, apt
#   then, through the device tool:       run(command="bash scripts/gpu/device.sh", carry=["gpu-run"])
#   locally, as a dry run on the CPU:    OUT=/tmp/gpu-dry BACKEND=cpu MINUTES=0.5 bash scripts/gpu/device.sh
#
# gpu-run/ holds: ace.gz (the release CLI with wgpu, stripped and gzipped: 72 MB -> 18 MB), vgg.bin (the
# pinned VGG-19 source weights, 20 MB), afhq-cat-128/ (the 4320 training photos as 128 px JPEGs at quality 80,
# 20 MB, with the data README: AFHQ is CC BY-NC 4.0) and lib/libvulkan.so.1 (Debian's Vulkan
# loader: wgpu opens it at run time, and a bare GPU machine may have the NVIDIA driver's Vulkan ICD but
# not the loader).
set -euo pipefail
cd "$(dirname "$0")/../.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"
run=gpu-run
rm -rf "$run" && mkdir -p "$run/lib"

echo "== the ace CLI (release, default features: flex + wgpu)"
cargo build --locked --quiet --release -p ace-train --bin ace
strip -o "$run/ace" "$CARGO_TARGET_DIR/release/ace"
gzip -9 "$run/ace"

echo "== VGG-19 source weights"
vgg="${ACE_CACHE:-$HOME/.cache/ace}/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin"
[ -f "$vgg" ] || bash scripts/fetch-vgg.sh
cp "$vgg" "$run/vgg.bin"

echo "== Vulkan loader (Debian libvulkan1)"
scratch=$(mktemp -d)
(cd "$scratch" && apt-get download -q -o APT::Sandbox::User=root libvulkan1 >/dev/null && dpkg-deb -x libvulkan1_*.deb root)
cp -L "$scratch"/root/usr/lib/x86_64-linux-gnu/libvulkan.so.1 "$run/lib/"
rm -rf "$scratch"

echo "== afhq-cat/train at 128 px"
python3 - "$run/afhq-cat-128" <<'PY'
import pathlib, sys
from PIL import Image
src = pathlib.Path("../shared/data/afhq-cat/train")
dst = pathlib.Path(sys.argv[1]); dst.mkdir(parents=True)
photos = sorted(p for p in src.rglob("*") if p.suffix.lower() in {".jpg", ".jpeg", ".png"})
for p in photos:
    Image.open(p).convert("RGB").resize((128, 128), Image.LANCZOS).save(dst / (p.stem + ".jpg"), quality=80)
print(f"{len(photos)} photos")
PY
cp ../shared/data/README.md "$run/afhq-cat-128/DATA-README.md"  # sources and licences

du -sh "$run" "$run"/*
total=$(du -sb "$run" | cut -f1)
[ "$total" -lt $((64 * 1024 * 1024)) ] || { echo "gpu-run/ is $total bytes, over the 64 MiB a device call carries" >&2; exit 1; }
echo "ready: run(command=\"bash scripts/gpu/device.sh\", carry=[\"gpu-run\"])"
