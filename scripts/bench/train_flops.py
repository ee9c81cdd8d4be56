#!/usr/bin/env python3
"""Model FLOPs of one training image, forward and backward, counted from a training config: the
figure a measured images/s is turned into a share of a GPU's peak with (BENCHMARKS.md).

    python3 scripts/bench/train_flops.py configs/gpu/probe-128-b32.json [--crop 128]

Counted: every convolution the pretraining step runs per image (native-train/src/train/objective.rs:
the VGG slice on the photo, the augmented window and the random-style decode; the content encoder three
times; the decoder three times; the pixel discriminator on two fakes in the generator's step and on one
real and two fakes in its own). Convolutions dominate; norms, activations, the losses and the style
encoder's 1x1 projection (under 1 %) are left out. Backward is twice the forward for a network that
trains (weight and input gradients) and once for the frozen VGG on a generated image (input gradients
only); the VGG pass on the photo itself needs no backward. A FLOP is a multiply or an add: 2 per MAC.
The VGG-feature discriminator is not counted (the GPU configs use the pixel one).
"""
import argparse
import json
import pathlib

# The defaults of AceConfig and DiscriminatorSettings (src/config.rs, native-train/src/train/config.rs).
DEFAULTS = {"content_channels": 128, "content_res_blocks": 4, "decoder_res_blocks": 4, "vgg_layer": "relu3_1"}
DISCRIMINATOR_DEFAULTS = {"width": 64, "layers": 4, "scales": 3}


def conv(cin, cout, k, side):
    return cin * cout * k * k * side * side


def vgg_macs(side, layer):
    convs = [(3, 64, 1), (64, 64, 1), (64, 128, 2), (128, 128, 2), (128, 256, 4)]
    if layer == "relu4_1":
        convs += [(256, 256, 4)] * 3 + [(256, 512, 8)]
    return sum(conv(i, o, 3, side // s) for i, o, s in convs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("config")
    parser.add_argument("--crop", type=int, help="the side trained at (default: the config's crop)")
    args = parser.parse_args()
    config = json.loads(pathlib.Path(args.config).read_text())
    model = {**DEFAULTS, **config.get("model", {})}
    disc = {**DISCRIMINATOR_DEFAULTS, **config.get("discriminator", {})}
    view_shift = config.get("objective", {}).get("view_shift", 3)
    side = args.crop or config.get("crop", 64)

    layer = model["vgg_layer"]
    pools = 3 if layer == "relu4_1" else 2
    v = 512 if layer == "relu4_1" else 256
    c, cs = model["content_channels"], side >> pools
    vgg = vgg_macs(side, layer)
    encoder = (conv(v, c, 1, cs) if c != v else 0) + model["content_res_blocks"] * 2 * conv(c, c, 3, cs)
    predictor = conv(c, c // 2, 1, cs) + conv(c // 2, c, 1, cs)
    decoder = model["decoder_res_blocks"] * 2 * conv(c, c, 3, cs)
    ch = c
    for i in range(pools):
        decoder += conv(ch, ch // 2, 5, side >> (pools - i - 1))
        ch //= 2
    decoder += conv(ch, 3, 7, side)
    patch = 0
    for scale in range(disc["scales"]):
        s, channels = side >> scale, 3
        for i in range(disc["layers"]):
            s //= 2
            out = disc["width"] << i
            patch += conv(channels, out, 4, s)
            channels = out
        patch += conv(channels, 1, 1, s)
    # The re-encoded window is view_shift content cells smaller on each axis.
    window = ((cs - view_shift) / cs) ** 2

    forward = {
        "VGG slice (photo, augmented window, random-style decode)": (2 + window) * vgg,
        "content encoder (photo, window twice)": (1 + 2 * window) * encoder,
        "predictor (photo, window)": (1 + window) * predictor,
        "decoder (augmented, random style, reconstruction)": 3 * decoder,
        "pixel discriminator (2 fakes; 1 real + 2 fakes)": 5 * patch,
    }
    backward = {
        "VGG slice (input gradients, two generated images)": (1 + window) * vgg,
        "content encoder": 2 * (1 + 2 * window) * encoder,
        "predictor": 2 * (1 + window) * predictor,
        "decoder": 2 * 3 * decoder,
        "pixel discriminator": 2 * 5 * patch,
    }
    total_macs = sum(forward.values()) + sum(backward.values())
    print(f"{args.config} at {side} px: {2 * total_macs / 1e9:.1f} GFLOP per training image "
          f"(forward {2 * sum(forward.values()) / 1e9:.1f}, backward {2 * sum(backward.values()) / 1e9:.1f})")
    for name, macs in forward.items():
        print(f"  forward  {2 * macs / 1e9:7.2f} GFLOP  {name}")
    for name, macs in backward.items():
        print(f"  backward {2 * macs / 1e9:7.2f} GFLOP  {name}")
    print(f"images/s at 100 % of 67 TFLOP/s (H200 FP32): {67e12 / (2 * total_macs):.0f}; at 25 %: {0.25 * 67e12 / (2 * total_macs):.0f}")


if __name__ == "__main__":
    main()
