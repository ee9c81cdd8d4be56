#!/usr/bin/env bash
# Runs on a lent GPU machine, from the repository root, with what scripts/gpu/prepare.sh wrote here.
# A window is three calls to the same warm machine, one right after the other (it goes back after 30 s
# idle), because the CLI, the data and the stage-5 checkpoint do not fit one call's 64 MiB together:
#
#   run(command="OUT=$OUT bash scripts/gpu/device.sh bin", carry=["gpu-run/bin"], timeout_s=120)
#   run(command="OUT=$OUT DEADLINE_S=300 bash scripts/gpu/device.sh check", carry=["gpu-run/data"], timeout_s=360)
#   run(command="OUT=$OUT DEADLINE_S=<what is left> bash scripts/gpu/device.sh stage5", carry=["gpu-stage5"], timeout_s=...)
#
#   bin:    unpack the CLIs (every GPU backend in one build, and the default build users get) and the
#           Vulkan loader into $KEEP, record the machine, and start the inference size sweep in the
#           background (setsid: it outlives the call and runs while the next one carries the data);
#   sweep:  (the background job) each backend translates one photo at 64 ... 1024 px with the network at
#           that size, against the CPU: worst channel within 2/255, mean within 0.1/255 (sweep.txt);
#   check:  one training step from one checkpoint on the CPU at 1 and at all threads and on each GPU
#           backend, compared per tensor (`ace diff-checkpoints`; parity.txt); then each backend that
#           passed trains the stage-5 config for 1.5 minutes, side by side, and the fastest is chosen;
#           a few profiled steps on it name its most expensive kernels (probes.txt);
#   stage5: the stage-5 run from its carried checkpoint on the chosen backend (the next one that passed
#           if it fails to start) until the deadline; back come its newest checkpoint, log and rate.
# Each call brings back every report written so far ($KEEP/reports/*.txt), so a lost call loses little:
# six reports and the two parts of the checkpoint are the 8 files a call may bring back, so a command
# adds no file of its own to $OUT.
# The stage-5 checkpoint comes back as stage5.tar.xz.part-*: cat them | xz -d | tar -x -C <run folder>
#
# The CPU rehearsal (llvmpipe's wgpu stands in for the card, CUDA fails to start as it should; python3
# needs Pillow and numpy):
#   K=/tmp/gpu-keep; OUT=/tmp/gpu-dry/1 KEEP=$K UNPACK_DEBS=0 SWEEP_SIDES="64 192" GPU_BACKENDS="wgpu-plain cuda" bash scripts/gpu/device.sh bin
#   OUT=/tmp/gpu-dry/2 KEEP=$K GPU_BACKENDS="wgpu-plain cuda" DEADLINE_S=300 bash scripts/gpu/device.sh check
#   OUT=/tmp/gpu-dry/3 KEEP=$K DEADLINE_S=120 bash scripts/gpu/device.sh stage5
set -euo pipefail
cd "$(dirname "$0")/../.."
phase="${1:?bin, sweep, check or stage5}"
out="${OUT:?set OUT to the folder that comes back}"
keep="${KEEP:-/root/ace-gpu-run}"
deadline_s="${DEADLINE_S:-300}"          # seconds after this script starts by which everything is in $OUT
# Checked, probed and swept, in the order a tie is broken: the fused builds first (the fastest if right).
gpu_backends="${GPU_BACKENDS:-vulkan cuda vulkan-unfused cuda-unfused wgpu-plain}"
mkdir -p "$out"
start_s=$(date +%s)
left_s() { echo $(( deadline_s - ($(date +%s) - start_s) )); }
reports="$keep/reports"
# A backend as this script names it -> the binary, the CLI's `--backend` and the environment it runs in.
# `$keep/ace` holds every GPU backend, built with burn's fusion; `<b>-unfused` is backend b
# with fusion off at run time (`BURN_FUSION_MAX_EXPLORATIONS=0` runs every operation alone; burn-std's
# config reads it). `wgpu-plain` is the default build (WGSL, neither fusion nor autotune): what
# `ace translate --backend auto` runs for a user with a GPU. `cpu-1`: the CPU on one thread.
binary() { case "$1" in wgpu-plain) echo "$keep/ace-plain" ;; *) echo "$keep/ace" ;; esac; }
cli_backend() { local b=${1%-unfused}; b=${b%-plain}; echo "${b%-1}"; }
backend_env() { case "$1" in *-unfused) echo BURN_FUSION_MAX_EXPLORATIONS=0 ;; cpu-1) echo RAYON_NUM_THREADS=1 ;; esac; }
# `$(runner <backend>) <subcommand> --backend "$(cli_backend <backend>)" ...` (left unquoted on purpose:
# the words split; $KEEP has no spaces).
runner() { echo env $(backend_env "$1") "$(binary "$1")"; }
data=(--data "$keep/afhq-cat-128" --vgg "$keep/vgg.bin")
# How the probes and stage 5 train on a GPU (`key=value`, JSON values): losses read back every 20 steps
# instead of every step, so the GPU is not stalled each step (no arithmetic changes), and more loader threads.
on_gpu="readback_every=20 loader_threads=4"
unxz() { python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; }
# Every report so far into this call's $OUT (at most 8 files come back: the reports are 6 at most).
bring_back() { cp "$reports"/*.txt "$out"/ 2> /dev/null || true; ls -la "$out"; }

bin() {
  rm -rf "$keep" && mkdir -p "$keep/assets" "$reports"
  unxz gpu-run/bin/ace.xz "$keep/ace"
  unxz gpu-run/bin/ace-plain.xz "$keep/ace-plain"
  chmod +x "$keep/ace" "$keep/ace-plain"
  # The background job reads its own copies: the next call rewrites the working tree under it.
  cp weights/ace-default.safetensors assets/samples/chelsea.png assets/samples/coffee.png scripts/gpu/device.sh "$keep/assets/"
  # The NVIDIA driver's Vulkan ICD is libGLX_nvidia, which needs glvnd's libGLdispatch: a bare machine
  # may have the driver but neither of them nor the loader.
  if [ "${UNPACK_DEBS:-1}" = 1 ]; then
    for deb in gpu-run/bin/debs/*.deb; do dpkg -x "$deb" /; done
    ldconfig
  fi
  {
    date -u
    nvidia-smi --query-gpu=name,memory.total,driver_version,clocks.max.sm --format=csv 2>&1 || true
    echo "cores: $(nproc)"
    ldconfig -p | grep -E 'libvulkan|GLX_nvidia|GLdispatch|libcuda\.so' || true
    ls /usr/local/cuda*/nvvm/libdevice/ 2>&1 | head -n 3 || true
  } > "$reports/machine.txt"
  : > "$keep/env"
  (cd "$keep" && OUT="$reports" KEEP="$keep" DEADLINE_S="${SWEEP_S:-420}" setsid nohup bash "$keep/assets/device.sh" sweep \
    > "$keep/sweep.log" 2>&1 < /dev/null &)
  bring_back
}

# One photo translated with the network at each side (chelsea, enlarged past its own 451 px as
# native-train/tests/wgpu_parity.rs does), on the CPU and on each backend, every backend's sides in
# order in one stream, the streams side by side.
sweep() {
  local sides="${SWEEP_SIDES:-64 192 256 320 512 1024}" dir="$keep/sweep" backend side
  mkdir -p "$dir"
  python3 - "$keep/assets/chelsea.png" "$dir" $sides <<'PY'
import sys
from PIL import Image
photo, folder = Image.open(sys.argv[1]).convert("RGB"), sys.argv[2]
for side in map(int, sys.argv[3:]):
    (photo if side <= photo.width else photo.resize((side, side * 2 // 3), Image.BILINEAR)).save(f"{folder}/content-{side}.png")
PY
  # Where the carried loader finds no adapter, the driver's own ICD file (where the container mounts it) may.
  local icd=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  if ! timeout 120 "$keep/ace-plain" translate --backend wgpu --weights "$keep/assets/ace-default.safetensors" --content "$dir/content-64.png" \
      --max-side 64 --out "$dir/adapter.png" > "$dir/adapter.log" 2>&1 && [ -f "$icd" ]; then
    echo "export VK_DRIVER_FILES=$icd" > "$keep/env"
  fi
  . "$keep/env"
  for backend in cpu $gpu_backends; do
    for side in $sides; do
      [ "$(left_s)" -gt 10 ] || { echo "$side px: no time left" > "$dir/$backend-$side.log"; continue; }
      timeout "$(( $(left_s) - 5 ))" $(runner "$backend") translate --backend "$(cli_backend "$backend")" --weights "$keep/assets/ace-default.safetensors" \
        --content "$dir/content-$side.png" --style "$keep/assets/coffee.png" --seed 7 --max-side "$side" --model-side "$side" \
        --out "$dir/$backend-$side.png" > "$dir/$backend-$side.log" 2>&1 || true
    done &
  done
  wait
  python3 - "$dir" "$gpu_backends" $sides <<'PY' > "$reports/sweep.txt"
import os, sys
import numpy as np
from PIL import Image
folder, backends, sides = sys.argv[1], sys.argv[2].split(), sys.argv[3:]
def line(name, prefix):
    text = open(f"{folder}/{name}.log").read().splitlines()
    return next((l for l in text if l.startswith(prefix)), "")
for backend in backends:
    print(f"== {backend}: {line(f'{backend}-{sides[0]}', 'backend')}")
    for side in sides:
        a, b = f"{folder}/cpu-{side}.png", f"{folder}/{backend}-{side}.png"
        if not (os.path.exists(a) and os.path.exists(b)):
            tail = open(f"{folder}/{backend}-{side}.log").read().strip().splitlines()[-1:] or ["no output"]
            print(f"{side:>5} px: no picture ({tail[0][:160]})")
            continue
        a, b = (np.asarray(Image.open(p).convert("RGB"), dtype=np.int16) for p in (a, b))
        if a.shape != b.shape:
            print(f"{side:>5} px: sizes differ, {a.shape} against {b.shape}"); continue
        d = np.abs(a - b)
        verdict = "ok" if d.max() <= 2 and d.mean() <= 0.1 else "WRONG"
        print(f"{side:>5} px ({a.shape[1]}x{a.shape[0]}): worst {d.max()}/255, mean {d.mean():.4f}/255 {verdict}; took "
              f"{line(f'{backend}-{side}', 'wrote').split(') in ')[-1][:40]}")
PY
}

# One step from one checkpoint on each backend, against the CPU's; two CPU runs at 1 and at all
# threads show what floating-point noise alone does. The configs: the pixel discriminator (today) and
# the VGG one with the content bottleneck (both, stage 5's kind), so every kernel the run uses is checked.
check() {
  . "$keep/env"
  local configs="${CHECK_CONFIGS:-today both}" name backend dir
  # A step that has not ended by then (autotune tunes every new shape when first met) is stopped, and
  # half of what is left goes to the probes.
  local step_timeout=$(( ($(left_s) - 30) / 2 ))
  for name in $configs; do
    dir="/tmp/parity-$name" && rm -rf "$dir"
    timeout "$step_timeout" "$keep/ace" pretrain --backend cpu --config "experiments/recipe-ablation/configs/$name.json" --init-weights "$keep/init.safetensors" \
      "${data[@]}" --out "$dir/base" --max-steps-now 1 > "$dir.log" 2>&1 &
  done
  wait
  step_timeout=$(( ($(left_s) - 20) / 2 ))
  for name in $configs; do
    for backend in cpu cpu-1 $gpu_backends; do
      dir="/tmp/parity-$name" && rm -rf "$dir/$backend" && cp -r "$dir/base" "$dir/$backend"
      timeout "$step_timeout" $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" "${data[@]}" \
        --out "$dir/$backend" --resume --max-steps-now 1 > "$dir-$backend.log" 2>&1 &
    done
  done
  wait || true
  : > "$keep/wrong"
  for name in $configs; do
    for backend in cpu-1 $gpu_backends; do
      dir="/tmp/parity-$name"
      echo "== $name: one step on $backend against the CPU at $(nproc) threads ($(grep -m1 '^backend' "$dir-$backend.log" | cut -c1-100))"
      # No step within the timeout (autotune tuning every shape it meets) is no answer, not a wrong one.
      if [ "$(last_step "$dir/$backend")" -le "$(last_step "$dir/base")" ]; then
        echo "no step within $step_timeout s: $(tail -n 1 "$dir-$backend.log" | cut -c1-160)"
        echo "$backend" >> "$keep/wrong"
        continue
      fi
      # A backend that fails either half trains nothing in this window.
      "$keep/ace" diff-checkpoints --base "$dir/base" "$dir/cpu" "$dir/$backend" --tolerance 0.01 2>&1 \
        || { tail -n 5 "$dir-$backend.log"; echo "$backend" >> "$keep/wrong"; }
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
  done > "$reports/parity.txt" 2>&1
  cat "$reports/parity.txt"
}

# The steady-state images/s of a run from its log: the second half of the steps after step FROM leaves
# out start-up, shader compilation and autotune.
rate() {
  python3 - "$1" "${2:-0}" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
new = [l for l in lines if l["step"] > int(sys.argv[2])]
if len(new) < 4:
    print("nan"); sys.exit(0)
first, last = new[len(new) // 2 - 1], new[-1]
done = lambda l: l["images_per_s"] * l["elapsed_s"]
print(f"{(done(last) - done(first)) / (last['elapsed_s'] - first['elapsed_s']):.2f}")
PY
}

# Every backend that passed trains the stage-5 config from the shipped weights for the same minutes,
# side by side on the one card (each alone leaves it mostly idle); the fastest trains stage 5.
probe() {
  . "$keep/env"
  local minutes backend dir passed=""
  for backend in $gpu_backends; do grep -qx "$backend" "$keep/wrong" || passed="$passed $backend"; done
  # What the deadline leaves after the kernel profile's 45 s.
  minutes=$(python3 -c "print(max(0.2, min(${PROBE_MINUTES:-1.5}, ($(left_s) - 70) / 60)))")
  # As stage5 trains, with no last step within reach.
  cp experiments/stage-5/configs/pool4.json /tmp/probe-pool4.json
  set_fields /tmp/probe-pool4.json $on_gpu steps=100000 > /dev/null
  for backend in $passed; do
    dir="/tmp/probe-$backend" && rm -rf "$dir"
    # --max-minutes ends a run only after a step: the timeout ends one whose first steps outlast it.
    timeout "$(python3 -c "print(int($minutes * 60 + 15))")" $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" \
      --config /tmp/probe-pool4.json --init-weights "$keep/init.safetensors" "${data[@]}" \
      --out "$dir" --max-minutes "$minutes" > "$dir.log" 2>&1 &
  done
  wait || true
  local best="" best_rate=0 r
  for backend in $passed; do
    dir="/tmp/probe-$backend"
    r=$(rate "$dir/log.jsonl" 2>/dev/null || echo nan)
    echo "$backend: $(wc -l < "$dir/log.jsonl" 2>/dev/null || echo 0) steps in $minutes min, steady state $r images/s (side by side with the others); $(grep -m1 '^backend' "$dir.log" | cut -c1-110)"
    if [ "$r" != nan ] && python3 -c "import sys; sys.exit(0 if $r > $best_rate else 1)"; then best=$backend best_rate=$r; fi
  done > "$reports/probes.txt"
  # Passed but never got through its steps (autotune): the order of GPU_BACKENDS decides.
  [ -n "$best" ] || best=$(echo $passed | cut -d' ' -f1)
  echo "${best:-cpu}" > "$keep/best-backend"
  echo "training backend: ${best:-cpu} ($best_rate images/s); failed the check or made no step: $(sort -u "$keep/wrong" | tr '\n' ' ')" >> "$reports/probes.txt"
  cat "$reports/probes.txt"
}

# The chosen backend's most expensive kernels over a few steps of the stage-5 config (cubecl's own
# profiling, each launch timed alone; scripts/gpu/kernels.py), appended to probes.txt.
kernels() {
  . "$keep/env"
  local backend steps="${PROFILE_STEPS:-8}" dir=/tmp/profile
  backend=$(cat "$keep/best-backend")
  [ "$backend" != cpu ] && [ "$(left_s)" -gt 30 ] || return 0
  rm -rf "$dir" "$dir.log"
  timeout "$(( $(left_s) - 10 ))" env CUBECL_DEBUG_LOG="$dir.log" CUBECL_DEBUG_OPTION=profile $(runner "$backend") pretrain \
    --backend "$(cli_backend "$backend")" --config /tmp/probe-pool4.json --init-weights "$keep/init.safetensors" "${data[@]}" \
    --out "$dir" --max-steps-now "$steps" > "$dir.stdout" 2>&1 || true
  { echo "== kernels on $backend, $(last_step "$dir") profiled steps of the stage-5 config"
    python3 scripts/gpu/kernels.py "$dir.log" --steps "$(last_step "$dir")" --top 8 2>&1; } | tee -a "$reports/probes.txt"
}

# The step a run's log ends at (0 before its first).
last_step() {
  tail -n 1 "$1/log.jsonl" 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["step"])' 2>/dev/null || echo 0
}

# Sets fields of a training config (a config file, or a checkpoint's state.json, whose `config` it is;
# arguments `key=value`, the values in JSON) and prints what they were, in the same form: the arguments
# that undo it.
set_fields() {
  python3 - "$@" <<'PY'
import json, sys
path, pairs = sys.argv[1], [a.split("=", 1) for a in sys.argv[2:]]
whole = json.load(open(path))
config = whole["config"] if path.endswith("state.json") else whole
print(" ".join(f"{k}={json.dumps(config.get(k))}" for k, _ in pairs))
config.update({k: json.loads(v) for k, v in pairs})
json.dump(whole, open(path, "w"))
PY
}

# The stage-5 run from the checkpoint carried in gpu-stage5/, on the chosen backend (then each other
# that passed, where one fails to start), until the deadline less STAGE5_RESERVE_S.
stage5() {
  . "$keep/env"
  local run="$keep/stage-5" from target minutes backend candidates
  [ -f gpu-stage5/checkpoint.tar.xz ] || { echo "no gpu-stage5/: bash scripts/gpu/prepare-stage5.sh <run folder>" >&2; return 1; }
  rm -rf "$run" && mkdir -p "$run"
  python3 -c 'import lzma, sys, tarfile; tarfile.open(fileobj=lzma.open(sys.argv[1])).extractall(sys.argv[2])' gpu-stage5/checkpoint.tar.xz "$run"
  cp gpu-stage5/log.jsonl "$run/"
  local latest; latest=$(cat "$run/checkpoints/latest")
  from=$(( 10#${latest#step-} ))
  # Trained as on_gpu says; the run's own last step stays its target.
  local state="$run/checkpoints/$latest/state.json" own
  target=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["config"]["steps"])' "$state")
  own=$(set_fields "$state" $on_gpu)
  candidates="$(cat "$keep/best-backend" 2>/dev/null || echo cpu) $(for b in $gpu_backends; do grep -qx "$b" "$keep/wrong" 2>/dev/null || echo "$b"; done) cpu"
  for backend in $(echo $candidates | tr ' ' '\n' | awk '!seen[$0]++'); do
    minutes=$(python3 -c "print(($(left_s) - ${STAGE5_RESERVE_S:-40}) / 60)")
    python3 -c "import sys; sys.exit(0 if $minutes >= 0.5 else 1)" || break
    echo "stage 5 on $backend from step $from (of $target) for at most $minutes min ($(date -u +%T))" | tee -a "$reports/stage5.txt"
    timeout "$(python3 -c "print(int($minutes * 60 + 20))")" $(runner "$backend") pretrain --backend "$(cli_backend "$backend")" "${data[@]}" \
      --out "$run" --resume --steps "$target" --max-minutes "$minutes" >> "$reports/stage5-stdout.txt" 2>&1 \
      || echo "pretrain on $backend stopped: $?" | tee -a "$reports/stage5.txt"
    [ "$(last_step "$run")" -gt "$from" ] && break
  done
  echo "steps $from -> $(last_step "$run"), steady state $(rate "$run/log.jsonl" "$from") images/s on $backend" | tee -a "$reports/stage5.txt"
  # The checkpoint goes back with the run's own settings.
  set_fields "$run/checkpoints/$(cat "$run/checkpoints/latest")/state.json" $own > /dev/null
  tar -C "$run" -c checkpoints/latest "checkpoints/$(cat "$run/checkpoints/latest")" log.jsonl \
    | python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(sys.stdin.buffer, lzma.open(sys.stdout.buffer, "wb", preset=1))' \
    | split -b 16000000 - "$out/stage5.tar.xz.part-"
}

case "$phase" in
bin) bin ;;
sweep) sweep ;;
check)
  # The data: VGG-19's weights and the training photos at 128 px; the shipped weights start every check.
  unxz gpu-run/data/vgg.bin.xz "$keep/vgg.bin"
  rm -rf "$keep/afhq-cat-128" && cp -r gpu-run/data/afhq-cat-128 "$keep/"
  cp weights/ace-default.safetensors "$keep/init.safetensors"
  check || echo "check failed: $?" | tee -a "$reports/parity.txt"
  probe || echo "probe failed: $?" | tee -a "$reports/probes.txt"
  kernels || echo "kernel profile failed: $?" | tee -a "$reports/probes.txt"
  bring_back
  ;;
stage5)
  stage5 || echo "stage5 failed: $?" | tee -a "$reports/stage5.txt"
  bring_back
  ;;
*) echo "unknown phase $phase (bin, sweep, check or stage5)" >&2; exit 2 ;;
esac
