#!/usr/bin/env bash
# Builds `ace` with burn's CUDA backend on a machine that reaches package registries only.
#
#   bash scripts/gpu/build-cuda.sh        # then: $CARGO_TARGET_DIR/release/ace ... --backend cuda
#
# burn 0.22's CUDA backend compiles kernels through LLVM (cubecl-llvm, llvm-sys 231), which the crate
# `tracel-llvm-bundler` provides by downloading an LLVM 23 build from GitHub in its build script; offline
# that panics. The bundler skips the download when its marker file exists in
# ${XDG_DATA_HOME:-~/.local/share}/tracel/tracel-llvm-23.1.0-4 and then only calls that folder's
# bin/llvm-config. PyPI ships LLVM 23.1.1's static libraries with a working llvm-config, in two pinned
# wheels (the second adds the NVPTX backend); this script puts them there, checksummed, once.
# Idempotent: a present, marked install is kept. The H200's driver 580 is CUDA 13.0: CUDARC_CUDA_VERSION.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh

version=23.1.1.post0
wheels=(
  "mlc_llvm_static-$version-py3-none-manylinux_2_28_x86_64.whl dcfec888abfaa418be77d41af585805f31463584cf9c90582992c00f392c1ac5"
  "mlc_llvm_static_extra_targets-$version-py3-none-manylinux_2_28_x86_64.whl c36e834d9a4e9cf9759f27fece65711ece7a2fc2b5a96dbb15d66f5e9e787929"
)
llvm="${XDG_DATA_HOME:-$HOME/.local/share}/tracel/tracel-llvm-23.1.0-4"
downloads="$ACE_CACHE/llvm-wheels"

for tool in python3 unzip sha256sum cargo; do
  command -v "$tool" > /dev/null || { echo "error: $tool is missing" >&2; exit 1; }
done
[ "$(uname -m)" = x86_64 ] || { echo "error: the pinned LLVM wheels are for x86_64 Linux, this is $(uname -m)" >&2; exit 1; }

if [ -f "$llvm/.tracel-llvm-installed" ] && [ -x "$llvm/bin/llvm-config" ]; then
  echo "LLVM for the CUDA backend: present at $llvm"
else
  mkdir -p "$downloads"
  for entry in "${wheels[@]}"; do
    set -- $entry
    if [ ! -f "$downloads/$1" ] || ! echo "$2  $downloads/$1" | sha256sum --check --status; then
      python3 -m pip download --quiet --no-deps --only-binary=:all: --platform manylinux_2_28_x86_64 --python-version 3.12 \
        "$(echo "$1" | cut -d- -f1 | tr _ -)==$version" -d "$downloads"
    fi
    echo "$2  $downloads/$1" | sha256sum --check --quiet || { echo "error: $1 does not have the pinned sha256" >&2; exit 1; }
  done
  staging=$(mktemp -d)
  trap 'rm -rf "$staging"' EXIT
  # unzip keeps the executable bit of bin/llvm-config; the extra-targets wheel merges into the same tree.
  for entry in "${wheels[@]}"; do set -- $entry; unzip -q -o "$downloads/$1" 'mlc_llvm_static/static/*' -d "$staging"; done
  "$staging/mlc_llvm_static/static/bin/llvm-config" --version > /dev/null || { echo "error: the unpacked llvm-config does not run" >&2; exit 1; }
  "$staging/mlc_llvm_static/static/bin/llvm-config" --targets-built | grep -q NVPTX || { echo "error: the unpacked LLVM lacks the NVPTX backend" >&2; exit 1; }
  rm -rf "$llvm" && mkdir -p "$(dirname "$llvm")"
  mv "$staging/mlc_llvm_static/static" "$llvm"
  touch "$llvm/.tracel-llvm-installed"
  echo "LLVM for the CUDA backend: installed at $llvm ($("$llvm/bin/llvm-config" --version))"
fi

export CUDARC_CUDA_VERSION="${CUDARC_CUDA_VERSION:-13000}"
cargo build --locked --release -p ace-train --bin ace --features "${CUDA_FEATURES:-cuda,autotune}"
echo "built: $CARGO_TARGET_DIR/release/ace (--backend cuda)"
