#!/usr/bin/env bash
# What continuing the long run from its packed checkpoint costs against continuing it from the full one
# (RULE.md 13): both branches start from the run's latest checkpoint and train the same steps on the
# same photos; printed are the mean losses of each branch over those steps and `ace diff-checkpoints`
# (how far apart the branches ended, per tensor, against how far the steps moved it). The yardstick is
# a third branch, the full checkpoint continued with burn's convolution instead of ours
# (ACE_CPU_CONV=burn): the same arithmetic in another float order, which is all it changes. Pause the
# long run first (kill -STOP) if the timings matter; nothing here writes into the run folder.
#
#   bash experiments/stage-5/packed-cost.sh <afhq-cat/train> [steps, default 100] [run folder]
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
[ $# -ge 1 ] || { sed -n 2,8p "$0" >&2; exit 2; }
CATS=$1 STEPS=${2:-100} RUN=${3:-$ACE_CACHE/runs/stage-5/pool4-restart}
require_photo_folders "$CATS"
ace_release
work=$(mktemp -d "${TMPDIR:-/tmp}/ace-packed-cost.XXXXXX")
trap 'rm -rf "$work"' EXIT

start=$(cat "$RUN/checkpoints/latest")
step=$((10#${start#step-}))
for branch in full float-order; do
  mkdir -p "$work/$branch/checkpoints"
  cp -r "$RUN/checkpoints/$start" "$work/$branch/checkpoints/"
  echo "$start" > "$work/$branch/checkpoints/latest"
done
cp -r "$RUN/checkpoints/$start" "$work/base"
"$ACE" pack --checkpoint "$work/full" --out "$work/packed"
"$ACE" unpack --packed "$work/packed" --out "$work/from-packed"
for branch in full from-packed float-order; do
  [ $branch = float-order ] && export ACE_CPU_CONV=burn
  "$ACE" pretrain --backend cpu --data "$CATS" --out "$work/$branch" --resume --steps $((step + STEPS)) >/dev/null
done
unset ACE_CPU_CONV
node -e '
  const fs = require("fs");
  const keys = ["gan", "discriminator", "reconstruction", "content", "style", "contrastive"];
  for (const branch of process.argv.slice(1)) {
    const rows = fs.readFileSync(branch + "/log.jsonl", "utf8").trim().split("\n").map(JSON.parse);
    const mean = (k) => rows.reduce((s, r) => s + r[k], 0) / rows.length;
    console.log(branch.split("/").pop().padEnd(12), `steps ${rows[0].step}-${rows.at(-1).step}`, keys.map((k) => `${k} ${mean(k).toFixed(4)}`).join("  "));
  }' "$work/full" "$work/from-packed" "$work/float-order"
for branch in from-packed float-order; do
  echo "== full against $branch"
  "$ACE" diff-checkpoints --base "$work/base" "$work/full" "$work/$branch" | head -4
done
