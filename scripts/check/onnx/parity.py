"""Parity: ONNX Runtime on the independent graph (build_graph.py) vs our burn implementation, through
the `ace` CLI, for fixture photos and fixed style codes. Fails (exit 1) when any output pixel differs
by more than the tolerance.

    python scripts/check/onnx/parity.py --ace <ace binary> --weights weights/ace-default.safetensors \
        --photos assets/samples/chelsea.png ... [--side 64]
"""
import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import onnxruntime as ort
from PIL import Image

from build_graph import build

TOLERANCE = 2  # max abs difference per channel, in 1/255 steps


def multiple(config):
    # Image sides must hold whole content cells (2 per VGG pooling) in whole bottleneck blocks.
    poolings = 3 if config["vgg_layer"] == "relu4_1" else 2
    return 2 ** poolings * config.get("content_pool", 1)


def to_input(image):
    # The same mapping as src/pipeline/image_io.rs `to_chw`: p / 127.5 - 1, channel-major.
    return (np.asarray(image, dtype=np.float32) / 127.5 - 1.0).transpose(2, 0, 1)[None]


def to_pixels(output):
    # The same mapping as src/pipeline/fit.rs `unfit`: round((v + 1) * 127.5), clamped (Rust rounds
    # halves away from zero, numpy to even: irrelevant at float precision).
    return np.clip(np.round((output[0].transpose(1, 2, 0) + 1.0) * 127.5), 0, 255).astype(np.uint8)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ace", required=True)
    parser.add_argument("--weights", required=True)
    parser.add_argument("--photos", nargs="+", required=True)
    parser.add_argument("--side", type=int, default=64)
    args = parser.parse_args()

    model, config = build(args.weights)
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    rng = np.random.default_rng(7)
    codes = [rng.standard_normal(config["style_dim"]).astype(np.float32) for _ in range(2)]
    worst = 0
    with tempfile.TemporaryDirectory() as tmp:
        for photo in args.photos:
            # A size the network takes as it is (a multiple of its size multiple, at most --side): no
            # resizing or padding on either side, so both implementations see exactly the same pixels.
            image = Image.open(photo).convert("RGB")
            scale = args.side / max(image.size)
            m = multiple(config)
            size = tuple(max(4 * m, int(v * scale) // m * m) for v in image.size)
            image = image.resize(size, Image.LANCZOS)
            content = Path(tmp) / f"{Path(photo).stem}.png"
            image.save(content)
            for i, code in enumerate(codes):
                ours_path = Path(tmp) / f"ours-{Path(photo).stem}-{i}.png"
                subprocess.run([args.ace, "translate", "--weights", args.weights, "--content", str(content),
                                "--style-code", ",".join(f"{v:.9g}" for v in code), "--backend", "cpu",
                                "--max-side", str(args.side), "--model-side", str(args.side), "--out", str(ours_path)],
                               check=True, stdout=subprocess.DEVNULL)
                ours = np.asarray(Image.open(ours_path).convert("RGB")).astype(np.int32)
                reference = session.run(["output"], {"image": to_input(image), "style": code[None]})[0]
                theirs = to_pixels(reference).astype(np.int32)
                diff = np.abs(ours - theirs)
                worst = max(worst, int(diff.max()))
                print(f"{Path(photo).name} {size[0]}x{size[1]} code {i}: max |burn - onnxruntime| = "
                      f"{diff.max()}/255, mean {diff.mean():.4f}/255, pixels off by >1: {(diff > 1).mean() * 100:.3f} %")
    ok = worst <= TOLERANCE
    print(f"parity {'OK' if ok else 'FAILED'}: worst {worst}/255 (tolerance {TOLERANCE}/255)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
