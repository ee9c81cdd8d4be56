#!/usr/bin/env bash
# The README's first command: the demo page on the shipped default weights, served on localhost.
# Builds the npm package (wasm + TypeScript wrapper + weights, scripts/build-wasm.sh), then the page in
# www/ (Vite), then serves the production build: open the printed URL.
#
#   bash scripts/demo.sh            # http://localhost:5173
#   PORT=8080 bash scripts/demo.sh
#
# (The same translation on the command line: bash scripts/demo-cli.sh.)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ace/target}"

rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
wb_version=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
if [ "$(wasm-bindgen --version 2>/dev/null | cut -d' ' -f2)" != "$wb_version" ]; then
  cargo install wasm-bindgen-cli --version "$wb_version"
fi
npm ci --no-audit --no-fund
bash scripts/build-wasm.sh
cd www
npm ci --no-audit --no-fund
npm run build
echo "Serving the demo page: open http://127.0.0.1:${PORT:-5173}/"
exec npx vite preview --host 127.0.0.1 --port "${PORT:-5173}" --strictPort
