#!/usr/bin/env bash
# The README's first command: the demo page on the shipped default weights, served on localhost.
# Builds the npm package (wasm + TypeScript wrapper + weights, scripts/build-wasm.sh), then the page in
# www/ (Vite), then serves the production build: open the printed URL.
#
#   bash scripts/demo.sh            # http://localhost:5173
#   PORT=8080 bash scripts/demo.sh
#   bash scripts/demo.sh --cli      # the same translation on the command line, on this machine's CPU:
#                                   # a bundled photo into out/demo.png (SEED=n picks another)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh

if [ "${1:-}" = --cli ]; then
  mkdir -p out
  cargo run --quiet --release -p ace-train --bin ace -- translate \
    --weights weights/ace-default.safetensors \
    --content assets/samples/chelsea.png \
    --style assets/samples/coffee.png \
    --seed "${SEED:-1}" \
    --out out/demo.png
  echo "Open out/demo.png (content: assets/samples/chelsea.png, style: assets/samples/coffee.png)."
  exit 0
fi

source scripts/lib/prerequisites.sh
require_prerequisites
wasm_bindgen_cli_install
bash scripts/build-wasm.sh
cd www
npm ci --no-audit --no-fund
npm run build
echo "Serving the demo page: open http://127.0.0.1:${PORT:-5173}/"
exec npx vite preview --host 127.0.0.1 --port "${PORT:-5173}" --strictPort
