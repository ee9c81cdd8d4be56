//! The AdaIN decoder: LayerNorm -> residual blocks whose norms are AdaIN (style enters here) ->
//! k x [nearest 2x up, 5x5 conv halving channels, LayerNorm, ReLU] -> 7x7 conv -> tanh.
//! k equals the VGG poolings, so the output has the input image's size.

use burn::config::Config;
use burn::module::Module;
use burn::tensor::activation::{relu, tanh};
use burn::tensor::module::interpolate;
use burn::tensor::ops::{InterpolateMode, InterpolateOptions};
use burn::tensor::{Device, Tensor};

use super::adain::adain;
use super::layer_norm::{MunitLayerNorm, MunitLayerNormConfig};
use super::reflect_conv::{ReflectConv2d, ReflectConv2dConfig};

/// Raw AdaIN parameters `[N, layers * 2 * C]`. Layer `i` owns the slice `[i*2C, (i+1)*2C)`: first C are
/// the shifts, next C the scale offsets (scale = 1 + offset). The MLP produces them; Adaptive Instance
/// Augmentation in training draws them at random instead.
pub type AdainParams = Tensor<2>;

#[derive(Config, Debug)]
pub struct AdainResBlockConfig {
    pub channels: usize,
}

/// conv3x3 -> AdaIN -> ReLU -> conv3x3 -> AdaIN, plus the input.
#[derive(Module, Debug)]
pub struct AdainResBlock {
    pub conv1: ReflectConv2d,
    pub conv2: ReflectConv2d,
}

impl AdainResBlockConfig {
    pub fn init(&self, device: &Device) -> AdainResBlock {
        let conv = || ReflectConv2dConfig::new(self.channels, self.channels, 3).init(device);
        AdainResBlock { conv1: conv(), conv2: conv() }
    }
}

impl AdainResBlock {
    /// `params` holds this block's two AdaIN layers: `[N, 4C]`.
    pub fn forward(&self, x: Tensor<4>, params: Tensor<2>) -> Tensor<4> {
        let [_, c, _, _] = x.dims();
        let layer = |i: usize| {
            let shift = params.clone().narrow(1, i * 2 * c, c);
            let scale = params.clone().narrow(1, i * 2 * c + c, c).add_scalar(1.0);
            (scale, shift)
        };
        let (s1, b1) = layer(0);
        let (s2, b2) = layer(1);
        let y = relu(adain(self.conv1.forward(x.clone()), s1, b1));
        let y = adain(self.conv2.forward(y), s2, b2);
        x + y
    }
}

#[derive(Config, Debug)]
pub struct UpBlockConfig {
    pub channels_in: usize,
}

/// Nearest 2x upsampling -> 5x5 conv (C -> C/2) -> LayerNorm -> ReLU.
#[derive(Module, Debug)]
pub struct UpBlock {
    pub conv: ReflectConv2d,
    pub norm: MunitLayerNorm,
}

impl UpBlockConfig {
    pub fn init(&self, device: &Device) -> UpBlock {
        let out = self.channels_in / 2;
        UpBlock {
            conv: ReflectConv2dConfig::new(self.channels_in, out, 5).init(device),
            norm: MunitLayerNormConfig::new(out).init(device),
        }
    }
}

impl UpBlock {
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let [_, _, h, w] = x.dims();
        let mut options = InterpolateOptions::new(InterpolateMode::Nearest);
        options.output_size = Some([h * 2, w * 2]);
        options.align_corners = false;
        let x = interpolate(x, options);
        relu(self.norm.forward(self.conv.forward(x)))
    }
}

#[derive(Config, Debug)]
pub struct DecoderConfig {
    pub channels: usize,
    pub res_blocks: usize,
    pub upsamplings: usize,
}

#[derive(Module, Debug)]
pub struct Decoder {
    pub input_norm: MunitLayerNorm,
    pub blocks: Vec<AdainResBlock>,
    pub ups: Vec<UpBlock>,
    pub to_rgb: ReflectConv2d,
}

impl DecoderConfig {
    pub fn init(&self, device: &Device) -> Decoder {
        let blocks = (0..self.res_blocks).map(|_| AdainResBlockConfig::new(self.channels).init(device)).collect();
        let ups = (0..self.upsamplings).map(|i| UpBlockConfig::new(self.channels >> i).init(device)).collect();
        Decoder {
            input_norm: MunitLayerNormConfig::new(self.channels).init(device),
            blocks,
            ups,
            to_rgb: ReflectConv2dConfig::new(self.channels >> self.upsamplings, 3, 7).init(device),
        }
    }
}

impl Decoder {
    /// Content code `[N, C, h, w]` and AdaIN parameters `[N, blocks * 4C]` (or `[1, ...]`, broadcast)
    /// to an RGB image in [-1, 1], `[N, 3, h * 2^k, w * 2^k]`.
    pub fn forward(&self, content: Tensor<4>, params: AdainParams) -> Tensor<4> {
        let [n, c, _, _] = content.dims();
        let [pn, total] = params.dims();
        let params = if pn == 1 && n > 1 { params.expand([n, total]) } else { params };
        let mut x = self.input_norm.forward(content);
        for (i, block) in self.blocks.iter().enumerate() {
            x = block.forward(x, params.clone().narrow(1, i * 4 * c, 4 * c));
        }
        for up in &self.ups {
            x = up.forward(x);
        }
        tanh(self.to_rgb.forward(x))
    }
}
