#!/usr/bin/env bash
# The fuzzing campaign (docs/fuzzing.md): both targets of fuzz/ under AFL++ (cargo-afl, stable Rust),
# each on its own core for the same time, from the committed corpus; then the figures, and the
# minimised set of inputs that reached new code copied into fuzz/corpus/<target>/ for the replay in
# the test run (tests/fuzz_corpus.rs). A crash or a hang fails the script and is kept for replay.
#
#   [TARGETS="image weights"] bash scripts/fuzz/run.sh [minutes per target, default 30]
#
# Installs cargo-afl (crates.io) and builds its AFL++ on first use. Stop background work first: the
# executions per second are only comparable on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib/env.sh
MINUTES=${1:-30}
AFL_VERSION=0.18.2
read -ra TARGETS <<<"${TARGETS:-image weights}" # TARGETS="image" runs one

if [ "$(cargo afl --version 2>/dev/null | awk '{print $2}')" != "$AFL_VERSION" ]; then
  cargo install --locked cargo-afl --version "$AFL_VERSION"
fi
# cargo-afl builds AFL++ (afl-fuzz, afl-cmin, its runtime) from the source it ships, once.
if ! built=$(cargo afl config --build 2>&1) && ! grep -q "already built" <<<"$built"; then
  echo "$built" >&2
  exit 1
fi
export CARGO_TARGET_DIR="$ACE_CACHE/fuzz-target"
(cd fuzz && cargo afl build --release --locked)
bin="$CARGO_TARGET_DIR/release"

out="$ACE_CACHE/fuzz/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
echo "fuzzing ${TARGETS[*]} for $MINUTES min each, results in $out"
for target in "${TARGETS[@]}"; do
  # -m: a memory limit, so an allocation bomb is a crash, not a slow machine; -t: a hang is an
  # input that takes over a second.
  RUST_BACKTRACE=0 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 \
    cargo afl fuzz -V $((MINUTES * 60)) -m 4096 -t 1000 -i "fuzz/corpus/$target" -o "$out/$target" -- "$bin/$target" \
    > "$out/$target.log" 2>&1 &
done
wait

status=0
for target in "${TARGETS[@]}"; do
  stats="$out/$target/default/fuzzer_stats"
  field() { sed -n "s/^$1 *: *//p" "$stats"; }
  printf '%-8s %s executions in %s s (%s/s), corpus %s, edges %s, crashes %s, hangs %s\n' "$target" \
    "$(field execs_done)" "$(field run_time)" "$(field execs_per_sec)" "$(field corpus_count)" \
    "$(field bitmap_cvg)" "$(field saved_crashes)" "$(field saved_hangs)"
  for kind in crashes hangs; do
    for input in "$out/$target/default/$kind"/id:*; do
      [ -e "$input" ] || continue
      status=1
      kept="fuzz/corpus/$target/$kind-$(sha256sum "$input" | cut -c1-16)"
      cp "$input" "$kept"
      echo "  $kind: $input (kept as $kept)"
    done
  done
  # What the campaign learned, minimised to the inputs that each reach some edge no other reaches,
  # joins the committed corpus under content-addressed names (seeds keep their own names).
  min="$out/$target.min"
  cargo afl cmin -i "$out/$target/default/queue" -o "$min" -m 4096 -t 2000 -- "$bin/$target" >/dev/null 2>&1 || true
  known=$(sha256sum fuzz/corpus/"$target"/* | cut -c1-16)
  for input in "$min"/*; do
    [ -f "$input" ] || continue
    digest=$(sha256sum "$input" | cut -c1-16)
    if ! grep -qx "$digest" <<<"$known"; then
      cp "$input" "fuzz/corpus/$target/found-$digest"
      known+=$'\n'"$digest"
    fi
  done
  [ -n "$(ls "$min" 2>/dev/null)" ] || echo "  afl-cmin kept no input of the queue: nothing added (see $out)"
  echo "  corpus: $(ls "fuzz/corpus/$target" | wc -l) files in fuzz/corpus/$target"
done
exit "$status"
