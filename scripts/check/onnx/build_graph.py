"""The ACE inference network as an ONNX graph, written op by op from our safetensors weights.

This is a second, independent implementation of the math in src/nn/ (VGG slice with Caffe
preprocessing, content encoder, predictor, style MLP, AdaIN decoder with MUNIT LayerNorm, nearest
upsampling, reflection padding), used to check ours: ONNX Runtime on this graph must give the same
pixels as burn for the same image and style code (scripts/check/onnx/parity.py).

Inputs: `image` [1, 3, H, W] in [-1, 1] (H, W multiples of the pooling factor), `style` [1, style_dim]
(the full style code, i.e. what `Translator::translate_with_code` decodes). Output: `output` [1, 3, H, W]
in [-1, 1]. Batch 1 (the LayerNorm's element count is taken from the whole tensor).
"""
import json

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors import safe_open

CAFFE_MEAN_BGR = [103.939, 116.779, 123.68]
VGG_CONVS = ["block1_conv1", "block1_conv2", "block2_conv1", "block2_conv2", "block3_conv1",
             "block3_conv2", "block3_conv3", "block3_conv4", "block4_conv1"]
BN_EPS = 1e-5          # burn BatchNorm default
ADAIN_EPS = 1e-5       # src/nn/adain.rs
LAYER_NORM_EPS = 1e-5  # src/nn/layer_norm.rs (added to the std), plus 1e-12 under the root


class Graph:
    def __init__(self, weights):
        self.w = weights
        self.nodes, self.inits, self.n = [], [], 0

    def name(self, hint):
        self.n += 1
        return f"{hint}_{self.n}"

    def const(self, value, hint="c"):
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.float32), name))
        return name

    def const_i64(self, value, hint="i"):
        name = self.name(hint)
        self.inits.append(numpy_helper.from_array(np.asarray(value, dtype=np.int64), name))
        return name

    def weight(self, key):
        return self.const(self.w[key], key.replace(".", "_"))

    def op(self, op_type, inputs, hint=None, **attrs):
        out = self.name(hint or op_type.lower())
        self.nodes.append(helper.make_node(op_type, inputs, [out], **attrs))
        return out

    # --- layers -------------------------------------------------------------------------------
    def conv(self, x, key, pad=0):
        pads = [pad, pad, pad, pad]
        return self.op("Conv", [x, self.weight(f"{key}.weight"), self.weight(f"{key}.bias")], "conv", pads=pads)

    def reflect_conv(self, x, key):
        k = self.w[f"{key}.conv.weight"].shape[-1]
        p = k // 2
        if p:
            x = self.op("Pad", [x, self.const_i64([0, 0, p, p, 0, 0, p, p])], "pad", mode="reflect")
        return self.conv(x, f"{key}.conv")

    def batch_norm(self, x, key):
        return self.op("BatchNormalization", [x, self.weight(f"{key}.gamma"), self.weight(f"{key}.beta"),
                                              self.weight(f"{key}.running_mean"), self.weight(f"{key}.running_var")],
                       "bn", epsilon=BN_EPS)

    def relu(self, x):
        return self.op("Relu", [x])

    def layer_norm(self, x, key):
        # MUNIT: (x - mean) / (std + eps) over all of C, H, W of the sample, std unbiased, per-channel affine.
        mean = self.op("ReduceMean", [x, self.const_i64([1, 2, 3])], "mean", keepdims=1)
        centred = self.op("Sub", [x, mean])
        sq_mean = self.op("ReduceMean", [self.op("Mul", [centred, centred]), self.const_i64([1, 2, 3])], "sq", keepdims=1)
        n = self.op("Cast", [self.op("Size", [x])], "n", to=TensorProto.FLOAT)
        unbiased = self.op("Div", [self.op("Mul", [sq_mean, n]), self.op("Sub", [n, self.const(1.0)])])
        std = self.op("Sqrt", [self.op("Add", [unbiased, self.const(1e-12)])])
        normalised = self.op("Div", [centred, self.op("Add", [std, self.const(LAYER_NORM_EPS)])])
        c = self.w[f"{key}.gamma"].shape[0]
        gamma = self.const(self.w[f"{key}.gamma"].reshape(1, c, 1, 1), "gamma")
        beta = self.const(self.w[f"{key}.beta"].reshape(1, c, 1, 1), "beta")
        return self.op("Add", [self.op("Mul", [normalised, gamma]), beta])

    def adain(self, x, params, offset, c):
        # Instance statistics (biased variance, eps under the root) replaced by the style's: AdaIN.
        def piece(start):
            sliced = self.op("Slice", [params, self.const_i64([start]), self.const_i64([start + c]), self.const_i64([1])])
            return self.op("Reshape", [sliced, self.const_i64([1, c, 1, 1])])
        shift = piece(offset)
        scale = self.op("Add", [piece(offset + c), self.const(1.0)])
        normalised = self.op("InstanceNormalization", [x, self.const(np.ones(c)), self.const(np.zeros(c))], "in", epsilon=ADAIN_EPS)
        return self.op("Add", [self.op("Mul", [normalised, scale]), shift])


def build(weights_path):
    with safe_open(weights_path, "np") as f:
        config = json.loads(f.metadata()["config"])
        weights = {k: f.get_tensor(k).astype(np.float32) for k in f.keys()}
    g = Graph(weights)

    # VGG-19 slice on Caffe-preprocessed input: BGR, 0-255, mean subtracted.
    bgr = g.op("Gather", ["image", g.const_i64([2, 1, 0])], "bgr", axis=1)
    x = g.op("Sub", [g.op("Mul", [g.op("Add", [bgr, g.const(1.0)]), g.const(127.5)]),
                     g.const(np.array(CAFFE_MEAN_BGR).reshape(1, 3, 1, 1))])
    deep = config["vgg_layer"] == "relu4_1"
    for i, name in enumerate(VGG_CONVS[: 9 if deep else 5]):
        x = g.relu(g.conv(x, f"vgg.{name}", pad=1))
        if name in ("block1_conv2", "block2_conv2", "block3_conv4"):
            x = g.op("MaxPool", [x], "pool", kernel_shape=[2, 2], strides=[2, 2])

    # Content encoder: 1x1 reduction, BatchNorm, BatchNorm residual blocks.
    if "content_encoder.reduce.weight" in weights:
        x = g.conv(x, "content_encoder.reduce")
    x = g.batch_norm(x, "content_encoder.input_norm")
    for b in range(config["content_res_blocks"]):
        key = f"content_encoder.blocks.{b}"
        y = g.relu(g.batch_norm(g.reflect_conv(x, f"{key}.conv1"), f"{key}.norm1"))
        y = g.batch_norm(g.reflect_conv(y, f"{key}.conv2"), f"{key}.norm2")
        x = g.op("Add", [x, y])

    # Predictor (the decoder reads predictor(c)).
    x = g.conv(x, "predictor.squeeze")
    x = g.relu(g.batch_norm(x, "predictor.norm"))
    x = g.conv(x, "predictor.expand")

    # Content bottleneck (absent from version-1 files: k = 1): each k x k block of cells averaged,
    # then repeated back to the map's size.
    k = config.get("content_pool", 1)
    if k > 1:
        x = g.op("AveragePool", [x], "bottleneck", kernel_shape=[k, k], strides=[k, k])
        x = g.op("Resize", [x, "", g.const([1.0, 1.0, float(k), float(k)])], "bottleneck_up", mode="nearest",
                 coordinate_transformation_mode="asymmetric", nearest_mode="floor")

    # Style MLP: burn's Linear stores weight as [in, out].
    s = "style"
    for i, name in enumerate(["fc1", "fc2", "fc3"]):
        s = g.op("Add", [g.op("MatMul", [s, g.weight(f"mlp.{name}.weight")]), g.weight(f"mlp.{name}.bias")])
        if i < 2:
            s = g.relu(s)

    # AdaIN decoder.
    c = config["content_channels"]
    x = g.layer_norm(x, "decoder.input_norm")
    for b in range(config["decoder_res_blocks"]):
        key = f"decoder.blocks.{b}"
        base = b * 4 * c
        y = g.relu(g.adain(g.reflect_conv(x, f"{key}.conv1"), s, base, c))
        y = g.adain(g.reflect_conv(y, f"{key}.conv2"), s, base + 2 * c, c)
        x = g.op("Add", [x, y])
    u = 0
    while f"decoder.ups.{u}.conv.conv.weight" in weights:
        x = g.op("Resize", [x, "", g.const([1.0, 1.0, 2.0, 2.0])], "up", mode="nearest",
                 coordinate_transformation_mode="asymmetric", nearest_mode="floor")
        x = g.relu(g.layer_norm(g.reflect_conv(x, f"decoder.ups.{u}.conv"), f"decoder.ups.{u}.norm"))
        u += 1
    x = g.op("Tanh", [g.reflect_conv(x, "decoder.to_rgb")])
    g.nodes.append(helper.make_node("Identity", [x], ["output"]))

    graph = helper.make_graph(
        g.nodes, "ace",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [1, 3, "height", "width"]),
         helper.make_tensor_value_info("style", TensorProto.FLOAT, [1, config["style_dim"]])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 3, "height", "width"])],
        g.inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)], producer_name="ace scripts/onnx")
    model.ir_version = 9
    onnx.checker.check_model(model)
    return model, config


if __name__ == "__main__":
    import sys
    model, _ = build(sys.argv[1])
    onnx.save(model, sys.argv[2])
    print(f"wrote {sys.argv[2]}")
