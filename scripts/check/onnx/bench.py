"""Native CPU inference, ours (burn flex) vs ONNX Runtime on the same graph, input and style code, in
one invocation, on one thread and on all cores. Prints a Markdown table for BENCHMARKS.md.

    python scripts/check/onnx/bench.py --timer <time_translate example binary> --weights weights/ace-default.safetensors \
        [--side 256] [--runs 5] [--smoke]
"""
import argparse
import json
import os
import platform
import subprocess
import time

import numpy as np
import onnxruntime as ort

from build_graph import build


def ort_median(model, threads, side, style_dim, runs):
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    feeds = {"image": np.random.default_rng(0).uniform(-1, 1, (1, 3, side, side)).astype(np.float32),
             "style": np.zeros((1, style_dim), np.float32)}
    session.run(["output"], feeds)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        session.run(["output"], feeds)
        times.append((time.perf_counter() - start) * 1e3)
    return sorted(times)[runs // 2]


def ours_median(timer, weights, threads, side, runs):
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    out = subprocess.run([timer, weights, str(side), str(runs)], env=env, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])["median_ms"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--timer", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--side", type=int, default=256)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--smoke", action="store_true", help="one run, one thread, a small image: checks the script works")
    args = parser.parse_args()
    if args.smoke:
        args.side, args.runs = 64, 1
    model, config = build(args.weights)
    cores = os.cpu_count() or 1
    print(f"{platform.processor() or platform.machine()}, {cores} cores, onnxruntime {ort.__version__}, "
          f"{args.side}x{args.side}, median of {args.runs}\n")
    print("| threads | ours (burn flex) | ONNX Runtime | ours / ORT |\n|---|---|---|---|")
    for threads in [1] if args.smoke else sorted({1, cores}):
        ours = ours_median(args.timer, args.weights, threads, args.side, args.runs)
        theirs = ort_median(model, threads, args.side, config["style_dim"], args.runs)
        print(f"| {threads} | {ours:.0f} ms | {theirs:.0f} ms | {ours / theirs:.2f} |")


if __name__ == "__main__":
    main()
