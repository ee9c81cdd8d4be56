#!/usr/bin/env bash
# The fine-tuning gain: `ace eval` of a pretrained model before and after a short
# `fine-tune` towards drit-cat (Birman cats), on dog photos neither run trained on.
#
#   bash experiments/fine-tune-birman/run.sh <drit-dog> <drit-cat> [weights=weights/ace-default.safetensors] [steps=300] [out=experiments/fine-tune-birman] \
#     [config=configs/shipped/stage-5-pool2.json: the shipped model's last training config, at its photo scale]
#
# Fine-tuning (paper 4.5) reads content from the source domain and style from the new one: content
# drit-dog/train, style drit-cat/train. The evaluation uses only drit-dog/test as S (never trained on by
# either model) and drit-cat/test as T and style pool, so before and after see the same inputs.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
DOGS=${1:?the drit-dog folder (README, "Data")}
BIRMAN=${2:?the drit-cat folder (README, "Data")}
WEIGHTS=${3:-weights/ace-default.safetensors}
STEPS=${4:-300}
OUT=${5:-experiments/fine-tune-birman}
# Fine-tune with the config the weights were last trained with (the default: the shipped model's stage 5,
# photos shrunk to 128 px before the 64 px crop, the VGG-feature discriminator, EMA). Another scale hurts more: the
# fourth interim model at 72 px (experiments/first-interim-models/cpu-interim.json) lost gap closed -0.019 -> -0.102, at 128 px
# -0.019 -> -0.040.
CONFIG=${6:-configs/shipped/stage-5-pool2.json}
RUN="$ACE_CACHE/runs/fine-tune-birman-$(sha256sum "$WEIGHTS" | cut -c1-12)-$(basename "$CONFIG" .json)"

ace_release
bash scripts/fetch/efficientnet.sh

eval_model() { # weights, report folder
  "$ACE" eval --backend cpu --weights "$1" --source "$DOGS/test" \
    --target "$BIRMAN/test" --out "$2"
}

eval_model "$WEIGHTS" "$OUT/before"
# --resume continues a run interrupted earlier; a finished one is not retrained.
RESUME=(); [ -f "$RUN/checkpoints/latest" ] && RESUME=(--resume)
"$ACE" fine-tune --backend cpu --from "$WEIGHTS" --content "$DOGS/train" \
  --style "$BIRMAN/train" --config "$CONFIG" --steps "$STEPS" --out "$RUN" "${RESUME[@]}"
"$ACE" export --checkpoint "$RUN" --out "$RUN/fine-tuned.safetensors"
eval_model "$RUN/fine-tuned.safetensors" "$OUT/after"
{ echo '# Fine-tuning gain (`bash experiments/fine-tune-birman/run.sh`)'; echo
  node scripts/lib/eval-table.mjs "$OUT/before/report.json" "$OUT/after/report.json"; } | tee "$OUT/README.md"
