#!/usr/bin/env bash
# Translate a bundled photo with the default model on the command line, on this machine's CPU
# (the README's first command, scripts/demo.sh, serves the demo page instead).
#
# Until a trained model ships in weights/, this builds an UNTRAINED model file (real ImageNet VGG-19,
# randomly initialised ACE networks, BatchNorm calibrated on photos) and says so: the pipeline, the
# file format and the CLI all run for real, but the picture is not a translation yet.
set -euo pipefail
cd "$(dirname "$0")/.."

source scripts/lib/env.sh
bash scripts/fetch/vgg.sh

mkdir -p out
WEIGHTS=weights/ace-default.safetensors
if [ ! -f "$WEIGHTS" ]; then
  WEIGHTS=out/ace-untrained.safetensors
  CALIBRATE=assets/samples
  if [ ! -f "$WEIGHTS" ]; then
    cargo run --quiet -p ace-train --bin ace -- init --out "$WEIGHTS" --calibrate "$CALIBRATE"
  fi
  echo "NOTE: no trained model is shipped yet; using the UNTRAINED $WEIGHTS (expect noise, not a translation)."
fi

cargo run --quiet -p ace-train --bin ace -- translate \
  --weights "$WEIGHTS" \
  --content assets/samples/chelsea.png \
  --style assets/samples/coffee.png \
  --seed "${SEED:-1}" \
  --out out/demo.png
echo "Open out/demo.png (content: assets/samples/chelsea.png, style: assets/samples/coffee.png)."
