//! MUNIT's LayerNorm, used after each decoder upsampling. burn's `LayerNorm` normalises only the last
//! dimension; this one normalises each sample over (C, H, W) with the *unbiased* standard deviation and
//! epsilon outside the root, then applies a per-channel affine. Matching it matters for loading weights
//! trained elsewhere and for the ONNX parity reference.

use burn::config::Config;
use burn::module::{Module, Param};
use burn::nn::Initializer;
use burn::tensor::{Device, Tensor};

use super::moments::var_mean_from;

pub const LAYER_NORM_EPS: f64 = 1e-5;

#[derive(Config, Debug)]
pub struct MunitLayerNormConfig {
    pub channels: usize,
}

#[derive(Module, Debug)]
pub struct MunitLayerNorm {
    /// Per-channel scale, initialised uniform in [0, 1) as in MUNIT.
    pub gamma: Param<Tensor<1>>,
    /// Per-channel shift, initialised to 0.
    pub beta: Param<Tensor<1>>,
}

impl MunitLayerNormConfig {
    pub fn init(&self, device: &Device) -> MunitLayerNorm {
        MunitLayerNorm {
            gamma: Initializer::Uniform { min: 0.0, max: 1.0 }.init([self.channels], device),
            beta: Initializer::Zeros.init([self.channels], device),
        }
    }
}

impl MunitLayerNorm {
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let [_, c, _, _] = x.dims();
        let (var, mean) = var_mean_from(x.clone(), 1, true);
        // `+ 1e-12` under the root changes no forward value that matters, but keeps the gradient of
        // sqrt finite when a sample's activations are constant (all zero after a dead ReLU, say).
        let normalised = (x - mean) / var.add_scalar(1e-12).sqrt().add_scalar(LAYER_NORM_EPS);
        normalised * self.gamma.val().reshape([1, c, 1, 1]) + self.beta.val().reshape([1, c, 1, 1])
    }
}
