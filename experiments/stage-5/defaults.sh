#!/usr/bin/env bash
# RULE.md 8 and 9, the defaults measured under the rule: the shipped model on half A of drit-dog with
# 2 seeds at variation 0.3 (today's), 0.6 and 1.0, and at 256 px beside 128. Reports go to
# experiments/stage-5/defaults/<setting>; `node experiments/stage-5/defaults-table.mjs` reads them.
#
#   bash experiments/stage-5/defaults.sh <afhq-cat/test> <drit-dog> [weights file]
#
# ACE=<binary> uses an ace already built. A setting whose report exists is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 2 ] || { sed -n 2,8p "$0" >&2; exit 2; }
TARGET=$1 DOGS=$2 WEIGHTS=${3:-weights/ace-default.safetensors}
require_photo_folders "$TARGET" "$DOGS"
ace_release
OUT=experiments/stage-5/defaults
score() { # <setting> <ace eval flags...>
  local setting=$1; shift
  [ -f "$OUT/$setting/report.json" ] && { echo "== $setting: scored already"; return; }
  "$ACE" eval --backend cpu --weights "$WEIGHTS" --source "$DOGS" --source-list experiments/recipe-ablation/drit-dog-half-a.txt \
    --target "$TARGET" --seeds 2 --showcase 6 --out "$OUT/$setting" "$@"
}
score variation-0.3 --variation 0.3
score variation-0.6 --variation 0.6
score variation-1.0 --variation 1.0
score side-256 --variation 0.3 --side 256
score side-256-carried --variation 0.3 --side 256 --model-side 128
# Rule 10: the native default, at 512 px.
score side-512 --variation 0.3 --side 512
score side-512-carried --variation 0.3 --side 512 --model-side 128
