#!/usr/bin/env bash
# RULE.md's measurements: each photo, each of the four outputs (coffee.png and no style, seeds 0 and 1),
# the carry-up route (`ace translate --full-size`) and the bicubic reference, measured by
# `examples/full_size_measures.rs`; time and peak RSS of the full-size command from `/usr/bin/time -v`,
# median of 3 runs; and the network's own cost at 1024 px, the floor under any route that runs it over
# the whole photo (tiles). Pause any training run first (kill -STOP); the table says whether it was.
#
#   bash scripts/fetch/full-size-photos.sh
#   bash experiments/full-resolution/run.sh [photo.jpg ...]    # default: the three fetched photos
#
# Then the largest fetched photo's time and memory alone, and the network's own cost at 1024 px.
#
# Output: one JSON line per photo, style, seed and route on stdout, and the pictures under
# ${ACE_CACHE:-$HOME/.cache/ace}/full-resolution/.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${ACE_CACHE:-$HOME/.cache/ace}"
photos=("$@")
[ ${#photos[@]} -gt 0 ] || photos=("$cache"/full-size-photos/{Dragonfly_by_Bolly,sunset_by_Aitzol_Berasategi,seeding_by_Clements_Engelhardt}.jpg)
out="$cache/full-resolution"
mkdir -p "$out"
export RAYON_NUM_THREADS=2
cargo build --release --locked -p ace-train --bin ace --example full_size_measures >&2
bin="${CARGO_TARGET_DIR:-target}/release"
weights=weights/ace-default.safetensors

# Runs `ace translate "$@"` three times; prints "<median seconds> <largest peak RSS in MB>".
timed() {
  local times=() peak=0
  for _ in 1 2 3; do
    /usr/bin/time -f "%e %M" -o "$out/time.txt" "$bin/ace" translate "$@" > /dev/null
    read -r seconds kib < "$out/time.txt"
    times+=("$seconds")
    [ "$kib" -gt "$peak" ] && peak=$kib
  done
  echo "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 2p) $((peak / 1024))"
}

for photo in "${photos[@]}"; do
  name=$(basename "$photo" .jpg)
  for style in coffee none; do
    style_args=()
    [ "$style" = none ] || style_args=(--style "assets/samples/$style.png")
    for seed in 0 1; do
      stem="$out/$name-$style-$seed"
      common=(--weights "$weights" --content "$photo" "${style_args[@]}" --seed "$seed")
      "$bin/ace" translate "${common[@]}" --max-side 1024 --out "$stem-direct.png" > /dev/null
      read -r seconds mb < <(timed "${common[@]}" --full-size --out "$stem-full.png")
      for route in carry-up bicubic; do
        output=()
        [ "$route" = bicubic ] || output=(--output "$stem-full.png")
        measures=$("$bin/examples/full_size_measures" --photo "$photo" --direct "$stem-direct.png" "${output[@]}")
        extra=""
        [ "$route" = bicubic ] || extra=", \"seconds\": $seconds, \"peak_mb\": $mb"
        echo "{\"photo\": \"$name\", \"style\": \"$style\", \"seed\": $seed, \"route\": \"$route\", ${measures:1:-1}$extra}"
      done
    done
  done
done
# The memory bound on the largest real photo found (RULE.md 1: 20.4 MP stands in for 8000 x 6000).
largest="$cache/full-size-photos/Kleiber_by_Lukas_Baubkus.jpg"
if [ -f "$largest" ]; then
  read -r seconds mb < <(timed --weights "$weights" --content "$largest" --style assets/samples/coffee.png --full-size --out "$out/kleiber-full.png")
  echo "{\"photo\": \"Kleiber_by_Lukas_Baubkus\", \"style\": \"coffee\", \"seed\": 0, \"route\": \"carry-up\", \"seconds\": $seconds, \"peak_mb\": $mb}"
fi
# The network itself over a 1024 px picture: a route that runs it over all of a 12-megapixel photo
# (tiles) pays this about twelve times, whatever its seams.
photo=${photos[0]}
read -r seconds mb < <(timed --weights "$weights" --content "$photo" --max-side 1024 --model-side 1024 --out "$out/network-1024.png")
echo "{\"photo\": \"$(basename "$photo" .jpg)\", \"route\": \"network at 1024 px\", \"seconds\": $seconds, \"peak_mb\": $mb}"
