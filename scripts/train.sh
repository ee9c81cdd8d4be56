#!/usr/bin/env bash
# Trains the shipped default model from nothing on this machine's CPU, then ships it (export to
# weights/, the card's grid, `ace eval`, the loss table): the one command weights/MODEL_CARD.md names.
# Every stage is bit-identical on the CPU and resumable: run it again after a stop and it continues.
#
#   bash scripts/train.sh <afhq-cat/train> <drit-dog> <afhq-cat/test> [runs folder, default runs]
#                                                  # about 26.5 hours on 2 cores; README, "Data", names the photos
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/env.sh
[ $# -ge 3 ] || { sed -n 6,7p "$0" >&2; exit 2; }
DATA=$1 DOGS=$2 CATS=$3 RUNS=${4:-runs}
ace_release

# Stage 1: 64 px crops of faces shrunk to 72 px, nearly whole faces: the content path, the
# autoencoder and a first adversarial pass, cheaply.
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-1.json \
  --out "$RUNS/cpu-r10" --resume
# Stage 2: the same networks and optimiser moments on 64 px crops of faces shrunk to 128 px, the scale
# `ace eval` translates at (and half the page's default), so the decoder paints fur at the size it is used.
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-2.json \
  --init-from "$RUNS/cpu-r10" --out "$RUNS/cpu-s2" --resume
# Stage 3: reconstruction weight 10 -> 3. Past about 7k steps weight 10 made the model an autoencoder of
# its input (reconstruction kept falling, cat rate and diversity fell); with the content code settled,
# a lower weight lets the adversarial and style terms move the output towards the target domain.
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-3.json \
  --init-from "$RUNS/cpu-s2" --out "$RUNS/cpu-s3" --resume
# Stage 4: the recipe ablation's winner (experiments/recipe-ablation): the content code average-pooled by 2
# before decoding, so the decoder has to draw the target's geometry from a coarser layout, judged by a
# discriminator on frozen VGG-19 features instead of the pixel PatchGAN; the EMA weights are exported.
# Like the ablation it starts from stage 3's exported generator, with a fresh discriminator and optimiser.
"$ACE" export --checkpoint "$RUNS/cpu-s3" --out "$RUNS/stage-3.safetensors"
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-4.json \
  --init-weights "$RUNS/stage-3.safetensors" --out "$RUNS/cpu-s4" --resume
# Stage 5 (experiments/stage-5, chosen step by step by its RULE.md): from stage 4's exported weights
# (a fresh critic again), 25,000 steps with the content code pooled by 4, which turned far more dogs
# into cats but kept too little of their layout; then, carrying networks, critic and moments, 1,500
# steps pooled by 2 again, which gave the layout back. The second part's EMA weights ship.
"$ACE" export --checkpoint "$RUNS/cpu-s4" --out "$RUNS/stage-4.safetensors"
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-5-pool4.json \
  --init-weights "$RUNS/stage-4.safetensors" --out "$RUNS/cpu-s5-pool4" --resume
"$ACE" pretrain --backend cpu --data "$DATA" --config configs/shipped/stage-5-pool2.json \
  --init-from "$RUNS/cpu-s5-pool4" --out "$RUNS/cpu-s5-pool2" --resume
# Stage 5's upscaler (its rule 41): a learned 2x enlargement of the 128 px translation, trained apart on
# the cat photos alone (4,000 steps of 8 crops of 128 px from faces 256 px across, L1 on pixels and 0.1
# x the model's VGG-19 features) and written into a copy of the generator's file; the generator is
# neither changed nor run. It has no --resume: a stopped run starts again (`finished` marks a done one).
"$ACE" export --checkpoint "$RUNS/cpu-s5-pool2" --out "$RUNS/stage-5.safetensors"
if [ ! -f "$RUNS/stage-5-upscaler/finished" ]; then
  "$ACE" train-upscaler --backend cpu --weights "$RUNS/stage-5.safetensors" --photos "$DATA" --photo-side 256 \
    --crop 128 --batch 8 --steps 4000 --lr 2e-4 --max-blur 1 --seed 0 --feature-weight 0.1 \
    --run "$RUNS/stage-5-upscaler" --out "$RUNS/stage-5-upscaler/with-upscaler.safetensors"
  touch "$RUNS/stage-5-upscaler/finished"
fi
bash scripts/ship-model.sh "$RUNS/stage-5-upscaler/with-upscaler.safetensors" "$DOGS" "$CATS" "$RUNS/cpu-s5-pool2"
