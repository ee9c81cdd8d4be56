#!/usr/bin/env python3
"""Independent reference numbers for the VGG importer test (tests/fixtures/vgg_reference.json).

Reads the legacy torch.save pickle with Python's own pickle module (no torch, no burn), dequantises
W_table[W_q], and runs the VGG-19 slice up to relu3_1 in plain numpy on a 32x32 crop of
chelsea.png. The Rust test runs the imported burn module on the same crop and must agree.

Usage: python3 scripts/check/vgg_reference.py <vgg .bin> <chelsea.png> <out.json>   (needs numpy, pillow)
"""
import json
import pickle
import struct
import sys

import numpy as np
from PIL import Image

CROP = (200, 60, 232, 92)  # left, top, right, bottom: the cat's face
MEAN_BGR = np.array([103.939, 116.779, 123.68], dtype=np.float64)


def read_legacy(path):
    """The legacy torch.save layout: magic, protocol, sys info, the object pickle (storages by
    persistent id), the storage key list, then each storage as an int64 count and its bytes."""
    storages = {}

    class Unpickler(pickle.Unpickler):
        def persistent_load(self, pid):
            _, storage_type, key, _, size, _ = pid
            storages[key] = storage_type
            return (storage_type, key)

        def find_class(self, module, name):
            if module == "torch._utils" and name == "_rebuild_tensor_v2":
                return lambda storage, offset, shape, stride, *rest: (storage, offset, shape)
            if module == "torch":
                return name  # the storage type, e.g. "ByteStorage"
            if module == "collections" and name == "OrderedDict":
                import collections
                return collections.OrderedDict
            raise pickle.UnpicklingError(f"unexpected {module}.{name}")

    sizes = {"ByteStorage": (1, np.uint8), "FloatStorage": (4, np.float32)}
    with open(path, "rb") as f:
        for _ in range(3):
            pickle.load(f)
        obj = Unpickler(f).load()
        keys = pickle.load(f)
        raw = {}
        for key in keys:
            (count,) = struct.unpack("<q", f.read(8))
            size, dtype = sizes[storages[key]]
            raw[key] = np.frombuffer(f.read(count * size), dtype=dtype)
    tensors = {}
    for name, ((_, key), offset, shape) in obj.items():
        n = int(np.prod(shape))
        tensors[name] = raw[key][offset:offset + n].reshape(shape)
    return tensors


def conv3x3(x, w, b):
    """x: [C, H, W], w: [O, C, 3, 3], zero padding 1, cross-correlation (as torch/burn conv2d)."""
    c, h, wd = x.shape
    xp = np.zeros((c, h + 2, wd + 2))
    xp[:, 1:-1, 1:-1] = x
    cols = np.stack([xp[:, dy:dy + h, dx:dx + wd] for dy in range(3) for dx in range(3)], axis=1)
    out = np.einsum("ock,ckhw->ohw", w.reshape(w.shape[0], c, 9), cols)
    return out + b[:, None, None]


def pool(x):
    c, h, w = x.shape
    return x[:, : h // 2 * 2, : w // 2 * 2].reshape(c, h // 2, 2, w // 2, 2).max(axis=(2, 4))


def main():
    bin_path, image_path, out_path = sys.argv[1:4]
    t = read_legacy(bin_path)
    weights = {}
    for name in ["block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1"]:
        w = t[name + "_W_table"].astype(np.float64)[t[name + "_W_q"].astype(np.int64)]
        weights[name] = (w, t[name + "_b"].astype(np.float64))
    rgb = np.asarray(Image.open(image_path).convert("RGB").crop(CROP), dtype=np.float64)
    x = rgb[:, :, ::-1].transpose(2, 0, 1) - MEAN_BGR[:, None, None]
    conv1_1 = conv3x3(x, *weights["block1_conv1"])  # before ReLU
    y = np.maximum(conv1_1, 0)
    y = np.maximum(conv3x3(y, *weights["block1_conv2"]), 0)
    y = pool(y)
    y = np.maximum(conv3x3(y, *weights["block2_conv1"]), 0)
    y = np.maximum(conv3x3(y, *weights["block2_conv2"]), 0)
    y = pool(y)
    relu3_1 = np.maximum(conv3x3(y, *weights["block3_conv1"]), 0)
    points = [(0, 0), (5, 7), (16, 16), (31, 31), (12, 25)]
    out = {
        "source": "scripts/check/vgg_reference.py (numpy, independent of burn)",
        "crop_ltrb": CROP,
        "conv1_1_points": {f"{yy},{xx}": conv1_1[:, yy, xx].tolist() for yy, xx in points},
        "conv1_1_weight_0": weights["block1_conv1"][0][0].ravel().tolist(),
        "relu3_1_channel_means": relu3_1.mean(axis=(1, 2)).tolist(),
        "relu3_1_point_4_3": relu3_1[:, 4, 3].tolist(),
    }
    with open(out_path, "w") as f:
        json.dump(out, f)
    print("wrote", out_path, "relu3_1 mean", relu3_1.mean())


if __name__ == "__main__":
    main()
