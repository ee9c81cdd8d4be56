#!/usr/bin/env python3
"""The most expensive GPU kernels of a run, from cubecl's profiling log: what the GPU issue asks for when
a backend stays under its share of the card's peak.

    CUBECL_DEBUG_LOG=/tmp/cubecl.log CUBECL_DEBUG_OPTION=profile ace pretrain --backend wgpu ... --max-steps-now N
    python3 scripts/gpu/kernels.py /tmp/cubecl.log --steps N [--top 5]

Each profiled launch is a line `| <time> | <kernel> | <its arguments ...>`; kernels are grouped by their
first two fields (the kind and its variant), so one matmul or one element-wise op of many shapes is one
row. Times are as cubecl measured them, each launch alone: their sum says where the card's time goes,
not the step's wall clock.
"""
import argparse
import collections
import re

UNITS = {"ns": 1e-9, "µs": 1e-6, "us": 1e-6, "ms": 1e-3, "s": 1.0}
TIME = re.compile(r"^([0-9.]+)(ns|µs|us|ms|s)$")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("log")
    parser.add_argument("--steps", type=int, required=True, help="the training steps the log covers")
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args()
    seconds, launches = collections.Counter(), collections.Counter()
    for line in open(args.log, encoding="utf-8", errors="replace"):
        if not line.startswith("| "):
            continue
        fields = [f.strip() for f in line.strip().strip("|").split("|")]
        match = TIME.match(fields[0])
        if not match or len(fields) < 2:
            continue
        kernel = " ".join(fields[1:3])
        seconds[kernel] += float(match[1]) * UNITS[match[2]]
        launches[kernel] += 1
    total, count = sum(seconds.values()), sum(launches.values())
    if not count:
        raise SystemExit(f"no profiled launches in {args.log}")
    print(f"{count / args.steps:.0f} kernel launches per step, {total / args.steps * 1e3:.1f} ms of kernel time per step")
    for kernel, time in seconds.most_common(args.top):
        print(f"{time / args.steps * 1e3:8.2f} ms/step {100 * time / total:5.1f} %  {launches[kernel] / args.steps:6.0f} launches/step  {kernel[:110]}")


if __name__ == "__main__":
    main()
