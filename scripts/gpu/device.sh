#!/usr/bin/env bash
# Runs on a lent GPU machine, from the repository root, with gpu-run/ (scripts/gpu/prepare.sh) carried:
# one call does everything, so the machine's start is paid once and no idle minute is spent between
# calls, and every decision the window needs is taken by this script from what it measures:
#
#   run(command="OUT=$OUT DEADLINE_S=560 bash scripts/gpu/device.sh all", carry=["gpu-run"], timeout_s=600)
#
#   1. stage: unpack the CLI and the Vulkan loader; record the machine (machine.txt);
#   2. check: one training step from one checkpoint on the CPU at 1 and at all threads and on each GPU
#      backend, compared per tensor (`ace diff-checkpoints`; parity-*.txt): fusion and autotune have had
#      wrong-result bugs, and a GPU that trains wrongly wastes the window;
#   3. probe: ~30 steps at the recipe rows' shape on each GPU backend and on the CPU (the peer); the rate
#      over the second half is the steady state (probes.txt); the fastest GPU backend that passed the
#      check trains (none: the CPU does);
#   4. train: the recipe rows (RULE.md) side by side from the shipped weights until step 1,500 or the
#      deadline less RESERVE_S, each row's EMA exported at its last step (and `today`'s live weights);
#      with time left, every row continues and is exported again (`-final`);
#   5. in the reserve: the 128 px probes at batch 8 and 32 (BENCHMARKS.md), and inference timed at 256,
#      512 and 1024 px on the training backend and the CPU.
# Everything comes back in $OUT: *.txt, and results.tar split in 15 MiB parts (exports, logs, last grids):
#   cat results.tar.part-* | tar -x -C <folder>
#
# The CPU dry run (the rehearsal; no GPU, a short deadline):
#   OUT=/tmp/gpu-dry KEEP=/tmp/gpu-keep UNPACK_DEBS=0 GPU_BACKENDS=cpu DEADLINE_S=240 ROW_STEPS=4 PROBE_STEPS=4 bash scripts/gpu/device.sh all
#
# The stage-5 window (the guide's: checks first, then the long run from its latest checkpoint). Its
# checkpoint (41 MB) does not travel with gpu-run/ within one call's 64 MiB, so it is two calls, the
# second at once while the machine is warm (KEEP survives between them):
#   run(command="OUT=$OUT DEADLINE_S=240 ROWS= bash scripts/gpu/device.sh all", carry=["gpu-run"], timeout_s=300)
#   run(command="OUT=$OUT DEADLINE_S=500 bash scripts/gpu/device.sh stage5", carry=["gpu-stage5"], timeout_s=560)
# (prepare.sh with STAGE5_RUN=<run folder> makes gpu-stage5/). Back: stage5.txt, the run's stdout, and
# stage5.tar.part-* (the newest checkpoint and log.jsonl): cat stage5.tar.part-* | tar -x -C <run folder>
set -euo pipefail
cd "$(dirname "$0")/../.."
phase="${1:?stage, check, probe, train, infer, stage5 or all}"
out="${OUT:?set OUT to the folder that comes back}"
keep="${KEEP:-/root/ace-gpu-run}"
deadline_s="${DEADLINE_S:-560}"          # seconds after this script starts by which everything is in $OUT
gpu_backends="${GPU_BACKENDS:-vulkan vulkan-unfused}"   # checked and probed, best first on a tie
rows="${ROWS-today today-seed-2 bottleneck vgg-d both}"  # ROWS="" trains none
row_steps="${ROW_STEPS:-1500}"
probe_steps="${PROBE_STEPS:-30}"
mkdir -p "$out"
ace="$keep/ace"
start_s=$(date +%s)
left_s() { echo $(( deadline_s - ($(date +%s) - start_s) )); }
# A backend as this script names it -> the CLI's `--backend` and the environment it runs in. One fused
# binary serves fused and unfused: `<b>-unfused` is backend b with burn's fusion off at run time
# (`BURN_FUSION_MAX_EXPLORATIONS=0` runs every operation alone; burn-std's config reads it), the
# fallback when the fused step fails the check. `cpu-1`: the CPU on one thread.
cli_backend() { local b=${1%-unfused}; echo "${b%-1}"; }
backend_env() { case "$1" in *-unfused) echo BURN_FUSION_MAX_EXPLORATIONS=0 ;; cpu-1) echo RAYON_NUM_THREADS=1 ;; esac; }
# `$(runner <backend>) <subcommand> --backend "$(cli_backend <backend>)" ...`: the CLI in that backend's
# environment (left unquoted on purpose: the words split; $ace, under $KEEP, has no spaces).
runner() { echo env $(backend_env "$1") "$ace"; }
data=(--data "$keep/afhq-cat-128" --vgg "$keep/vgg.bin")

stage() {
  rm -rf "$keep" && cp -r gpu-run "$keep"
  # Python's lzma where the machine has no xz. (A dry run may stage them uncompressed.)
  local file
  for file in "$keep/ace.xz" "$keep/vgg.bin.xz"; do
    [ -f "$file" ] || continue
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$file" "${file%.xz}"
    rm "$file"
  done
  chmod +x "$ace"
  # The weights the runs start from: prepare.sh's choice, else the shipped file.
  [ -f "$keep/init.safetensors" ] || cp weights/ace-default.safetensors "$keep/init.safetensors"
  if [ "${UNPACK_DEBS:-1}" = 1 ]; then
    for deb in "$keep"/debs/*.deb; do dpkg -x "$deb" /; done
    ldconfig
  fi
  {
    date -u
    nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv 2>&1 || true
    echo "cores: $(nproc)"
    ldconfig -p | grep -E 'libvulkan|GLX_nvidia|GLdispatch' || true
  } > "$out/machine.txt"
  # The loader may find no adapter through its default list; the driver's own ICD file (where the
  # container mounts it) then does: later phases read the choice from $keep/env.
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  : > "$keep/env"
  # The adapter check translates one photo: with autotune, a minute of tuning every kernel shape. Where
  # the carried loader is known to find the adapter (the H200s so far), ADAPTER_CHECK=0 skips it.
  for backend in $gpu_backends; do
    [ "$backend" = cpu ] || [ "${backend%-unfused}" != "$backend" ] || [ "${ADAPTER_CHECK:-1}" = 0 ] && continue
    if ! "$ace" translate --backend "$backend" --weights "$keep/init.safetensors" --content assets/samples/chelsea.png \
        --out /tmp/adapter.png >> "$out/machine.txt" 2>&1 && [ -f "$icd" ]; then
      echo "export VK_DRIVER_FILES=$icd" > "$keep/env"
    fi
  done
  cat "$out/machine.txt"
}

# One step from one checkpoint on each backend, against the CPU's; two CPU runs at 1 and at all
# threads show what floating-point noise alone does. The configs: the pixel discriminator (today) and
# the VGG one with the content bottleneck (both), so every row's kernels are checked. All side by side.
check() {
  . "$keep/env"
  mkdir -p "$keep/results"
  : > "$keep/wrong"
  local configs="${CHECK_CONFIGS:-today both}" name backend
  # A step that has not ended by then (autotune tunes every new shape when first met) is stopped.
  local step_timeout=$(( ($(left_s) - 40) / 2 ))
  for name in $configs; do
    local dir="/tmp/parity-$name" && rm -rf "$dir"
    timeout "$step_timeout" "$ace" pretrain --backend cpu --config "experiments/recipe-ablation/configs/$name.json" --init-weights "$keep/init.safetensors" "${data[@]}" \
      --out "$dir/base" --max-steps-now 1 > "$dir.log" 2>&1 &
  done
  wait
  for name in $configs; do
    for backend in cpu cpu-1 $gpu_backends; do
      local dir="/tmp/parity-$name"
      cp -r "$dir/base" "$dir/$backend"
      timeout "$step_timeout" $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" "${data[@]}" \
        --out "$dir/$backend" --resume --max-steps-now 1 > "$dir-$backend.log" 2>&1 &
    done
  done
  wait || true
  for name in $configs; do
    for backend in cpu-1 $gpu_backends; do
      [ "$backend" = cpu ] && continue
      local dir="/tmp/parity-$name"
      echo "== $name: one step on $backend against the CPU at $(nproc) threads ($(grep -m1 '^backend' "$dir-$backend.log" | cut -c1-100))"
      # A backend that fails either half trains nothing in this window (it goes into $keep/wrong).
      "$ace" diff-checkpoints --base "$dir/base" "$dir/cpu" "$dir/$backend" --tolerance 0.01 \
        --json "$keep/results/parity-$name-$backend.json" 2>&1 || { tail -n 5 "$dir-$backend.log"; echo "$backend" >> "$keep/wrong"; }
      # The step's losses come from the forward pass alone: on a correct backend they agree to rounding.
      python3 - "$dir/cpu/log.jsonl" "$dir/$backend/log.jsonl" <<'PY' || echo "$backend" >> "$keep/wrong"
import json, sys
a, b = (json.loads(open(path).readlines()[-1]) for path in sys.argv[1:3])
terms = [k for k in a if k not in ("step", "elapsed_s", "images_per_s")]
worst = max(terms, key=lambda k: abs(a[k] - b[k]) / max(abs(a[k]), 1e-12))
relative = abs(a[worst] - b[worst]) / max(abs(a[worst]), 1e-12)
print(f"losses of the step: largest relative difference {relative:.2e} ({worst}: {a[worst]:.7g} vs {b[worst]:.7g})")
sys.exit(0 if relative <= 1e-3 else 1)
PY
    done
  done | tee "$out/parity.txt"
}

# The steady-state images/s of `--max-steps-now N` on a backend: the rate over the second half of
# the steps leaves out start-up, the first batch's calibration, shader compilation and autotune.
rate() {
  python3 - "$1" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
if len(lines) < 2:
    print("nan"); sys.exit(0)
first, last = lines[len(lines) // 2 - 1], lines[-1]
done = lambda line: line["images_per_s"] * line["elapsed_s"]
print(f"{(done(last) - done(first)) / (last['elapsed_s'] - first['elapsed_s']):.2f}")
PY
}

# PROBE_CONFIGS on each GPU backend, and the first on the CPU as the peer; the fastest GPU backend at
# the rows' shape (probe-64-b8) trains them.
probe() {
  . "$keep/env"
  local configs="$1" best="" best_rate=0 spec minutes
  # Each probe gets at most PROBE_MINUTES, and no more than its share of what the deadline leaves.
  local count; count=$(( $(echo $gpu_backends | wc -w) * $(echo $configs | wc -w) + 1 ))
  for spec in $(for b in $gpu_backends; do for c in $configs; do echo "$b,$c"; done; done) "cpu,${configs%% *}"; do
    local backend=${spec%,*} config=${spec#*,} steps=$probe_steps dir t0 r
    [ "$backend" = cpu ] && [ "$gpu_backends" != cpu ] && steps=$(( (probe_steps + 2) / 3 ))
    dir="/tmp/probe-$backend-$config" && rm -rf "$dir" && t0=$(date +%s)
    minutes=$(python3 -c "print(min(${PROBE_MINUTES:-0.75}, ($(left_s) - 20) / 60 / $count))")
    count=$(( count - 1 ))
    python3 -c "import sys; sys.exit(0 if $minutes >= 0.15 else 1)" || { echo "$backend $config: no time left" | tee -a "$out/probes.txt"; continue; }
    # --max-minutes ends a run only after a step: the timeout ends one whose first steps outlast it.
    if timeout "$(python3 -c "print(int($minutes * 60 + 30))")" $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" --config "configs/gpu/$config.json" --init-weights "$keep/init.safetensors" "${data[@]}" \
        --out "$dir" --max-steps-now "$steps" --max-minutes "$minutes" > "$dir.log" 2>&1; then
      r=$(rate "$dir/log.jsonl")
      echo "$backend $config: $(wc -l < "$dir/log.jsonl") steps in $(( $(date +%s) - t0 )) s, steady state $r images/s; $(grep -m1 '^backend' "$dir.log" | cut -c1-110)" | tee -a "$out/probes.txt"
      if [ "$config" = probe-64-b8 ] && [ "$backend" != cpu ] && ! grep -qx "$backend" "$keep/wrong" 2>/dev/null \
          && python3 -c "import sys; sys.exit(0 if float('$r') > float('$best_rate') else 1)"; then
        best=$backend best_rate=$r
      fi
    else
      echo "$backend $config: failed" | tee -a "$out/probes.txt"; tail -n 8 "$dir.log" | tee -a "$out/probes.txt"
    fi
  done
  if [ ! -f "$keep/best-backend" ]; then
    echo "${best:-cpu}" > "$keep/best-backend"
    echo "training backend: ${best:-cpu} ($best_rate images/s at the rows' shape, one process; failed the check: $(sort -u "$keep/wrong" 2>/dev/null | tr '\n' ' '))" | tee -a "$out/probes.txt"
  fi
}

# The step a run's log ends at (0 before its first).
last_step() {
  tail -n 1 "$1/log.jsonl" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["step"])' 2>/dev/null || echo 0
}

# The rows side by side on one GPU: each process alone keeps the GPU mostly idle (one small batch
# at a time), so five share it at little cost each.
train_rows() {
  . "$keep/env"
  local backend; backend=$(cat "$keep/best-backend" 2>/dev/null || echo "${gpu_backends%% *}")
  local runs="$keep/runs" minutes
  mkdir -p "$runs" /tmp/row-configs
  # Leave time for exports, inference timing and the tar.
  minutes=$(python3 -c "print(max(0.2, ($(left_s) - ${RESERVE_S:-140}) / 60))")
  echo "rows on $backend for at most $minutes min, to step $row_steps" | tee -a "$out/train.txt"
  for row in $rows; do
    # readback_every 20: fewer stalls while the GPU runs; it changes no arithmetic.
    python3 -c 'import json, sys; c = json.load(open(sys.argv[1])); c.update(readback_every=20, steps=int(sys.argv[3]), loader_threads=3); json.dump(c, open(sys.argv[2], "w"))' \
      "experiments/recipe-ablation/configs/$row.json" "/tmp/row-configs/$row.json" "$row_steps"
    $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" --config "/tmp/row-configs/$row.json" --init-weights "$keep/init.safetensors" "${data[@]}" \
      --out "$runs/$row" --max-minutes "$minutes" > "$runs/$row.log" 2>&1 &
  done
  wait || true
  mkdir -p "$keep/results"
  for row in $rows; do
    local step; step=$(last_step "$runs/$row")
    echo "$row: step $step; $(tail -n 1 "$runs/$row.log")" | tee -a "$out/train.txt"
    "$ace" export --checkpoint "$runs/$row" --out "$keep/results/$row-step-$step.safetensors" >> "$out/train.txt" 2>&1 || true
    [ "$row" = today ] && { "$ace" export --checkpoint "$runs/$row" --live --out "$keep/results/today-live-step-$step.safetensors" >> "$out/train.txt" 2>&1 || true; }
  done
  # Time left: every row goes on (the rule scores step 1,500; a longer run is the long run's first part).
  if [ "$(left_s)" -gt $(( ${RESERVE_S:-140} + 50 )) ]; then
    minutes=$(python3 -c "print(($(left_s) - ${RESERVE_S:-140}) / 60)")
    echo "rows continue on $backend for $minutes min" | tee -a "$out/train.txt"
    for row in $rows; do
      $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" "${data[@]}" --out "$runs/$row" --resume --steps 1000000 --max-minutes "$minutes" \
        >> "$runs/$row.log" 2>&1 &
    done
    wait || true
    for row in $rows; do
      local step; step=$(last_step "$runs/$row")
      echo "$row: final step $step" | tee -a "$out/train.txt"
      "$ace" export --checkpoint "$runs/$row" --out "$keep/results/$row-final-step-$step.safetensors" >> "$out/train.txt" 2>&1 || true
    done
  fi
  for row in $rows; do
    cp "$runs/$row/log.jsonl" "$keep/results/$row-log.jsonl" 2>/dev/null || true
    cp "$runs/$row.log" "$keep/results/$row-stdout.txt" 2>/dev/null || true
    local grid; grid=$(ls "$runs/$row"/samples-step-*.png 2>/dev/null | tail -n 1 || true)
    [ -n "$grid" ] && cp "$grid" "$keep/results/$row-$(basename "$grid")"
  done
}

# Steady-state translation time (the median of the passes after the first) at each side, on the
# training backend and on the CPU, from one photo upscaled to 1024 px (translation only downscales).
infer() {
  . "$keep/env"
  local backend; backend=$(cat "$keep/best-backend" 2>/dev/null || echo "${gpu_backends%% *}")
  python3 -c 'import sys; from PIL import Image; Image.open(sys.argv[1]).convert("RGB").resize((1024, 681), Image.LANCZOS).save(sys.argv[2])' \
    assets/samples/chelsea.png /tmp/chelsea-1024.png
  for side in 256 512 1024; do
    for b in $backend cpu; do
      [ "$(left_s)" -gt 15 ] || break 2
      timeout $(( $(left_s) - 10 )) $(runner "$b") translate --backend "$(cli_backend "$b")" --weights "$keep/init.safetensors" --content /tmp/chelsea-1024.png \
        --style assets/samples/chelsea.png --max-side "$side" --model-side "$side" --repeat "$([ "$b" = cpu ] && echo 3 || echo 6)" --out "/tmp/infer-$side.png" 2>&1 \
        | grep -E '^(backend|timing)' | sed "s/^/$side px, /" | tee -a "$out/inference.txt" || true
    done
  done
}

# The stage-5 run from the checkpoint carried in gpu-stage5/run, on the backend that passed the check
# and was fastest (`all` chose it in the call before; the CPU when none did), until the deadline less
# STAGE5_RESERVE_S; back come its newest checkpoint, its log and its rate.
stage5() {
  . "$keep/env"
  local backend run="$keep/stage-5" from target step minutes
  backend=$(cat "$keep/best-backend" 2>/dev/null || echo cpu)
  [ -f gpu-stage5/run/checkpoints/latest ] || { echo "no gpu-stage5/run: prepare.sh with STAGE5_RUN=<run folder>" >&2; return 1; }
  rm -rf "$run" && cp -r gpu-stage5/run "$run"
  # The checkpoint's step (the log runs past it; a resume cuts it back), and the run's own last step:
  # a resume stops where its command line says, the default 10,000 without --steps.
  from=$(( 10#$(sed 's/^step-//' "$run/checkpoints/latest") ))
  target=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["steps"])' "$run/checkpoints/$(cat "$run/checkpoints/latest")/state.json")
  minutes=$(python3 -c "print(max(0.2, ($(left_s) - ${STAGE5_RESERVE_S:-45}) / 60))")
  echo "stage 5 on $backend from step $from (of $target) for at most $minutes min ($(date -u +%T))" | tee "$out/stage5.txt"
  $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" "${data[@]}" --out "$run" --resume --steps "$target" --max-minutes "$minutes" \
    > "$out/stage5-stdout.txt" 2>&1 || echo "pretrain stopped: $?" | tee -a "$out/stage5.txt"
  step=$(last_step "$run")
  python3 - "$run/log.jsonl" "$from" <<'PY' | tee -a "$out/stage5.txt"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
new = [l for l in lines if l["step"] > int(sys.argv[2])]
if len(new) < 2:
    sys.exit(print(f"{len(new)} new steps: no rate"))
# The second half of the window's steps: shader compilation and autotune left out.
first, last = new[len(new) // 2 - 1], new[-1]
done = lambda l: l["images_per_s"] * l["elapsed_s"]
print(f"steps {new[0]['step']}-{last['step']}; steady state {(done(last) - done(first)) / (last['elapsed_s'] - first['elapsed_s']):.2f} images/s")
PY
  tar -C "$run" -c checkpoints/latest "checkpoints/$(cat "$run/checkpoints/latest")" log.jsonl | split -b 16000000 - "$out/stage5.tar.part-"
  echo "stage 5: step $from -> $step; $(ls "$out"/stage5.tar.part-* | wc -l) parts back" | tee -a "$out/stage5.txt"
}

# A call brings back at most 8 files of 16 MiB: five .txt reports and up to three parts of one tar.
pack() {
  mkdir -p "$keep/results"
  tar -C "$keep/results" -c . | split -b 16000000 - "$out/results.tar.part-"
  ls -la "$out"
}

case "$phase" in
stage) stage ;;
check) check ;;
probe) probe "probe-64-b8 probe-128-b8 probe-128-b32" ;;
train) train_rows; pack ;;
infer) infer ;;
stage5) stage5 ;;
all)
  stage
  check || echo "check failed: $?" | tee -a "$out/parity.txt"
  probe probe-64-b8 || echo "probe failed: $?" | tee -a "$out/probes.txt"
  train_rows || echo "train failed: $?" | tee -a "$out/train.txt"
  pack
  # What is left of the window (RESERVE_S): the 128 px rates (BENCHMARKS.md) and inference.
  [ "$(left_s)" -gt 60 ] && { probe "probe-128-b8 probe-128-b32" || true; }
  [ "$(left_s)" -gt 30 ] && { infer || true; }
  echo "done with $(left_s) s to spare"
  ;;
*) echo "unknown phase $phase (stage, check, probe, train, infer, stage5 or all)" >&2; exit 2 ;;
esac
