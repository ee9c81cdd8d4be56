//! The content encoder: VGG features -> (optional 1x1 reduction) -> residual blocks with BatchNorm, no
//! downsampling. Its output is the content code `c`, trained only by the contrastive and
//! content-consistency losses (paper 3.5), so it keeps structure and drops style.

use burn::config::Config;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};

use super::reflect_conv::{ReflectConv2d, ReflectConv2dConfig};

#[derive(Config, Debug)]
pub struct BnResBlockConfig {
    pub channels: usize,
}

/// conv3x3 -> BN -> ReLU -> conv3x3 -> BN, plus the input (MUNIT's ResBlock with BN).
#[derive(Module, Debug)]
pub struct BnResBlock {
    pub conv1: ReflectConv2d,
    pub norm1: BatchNorm,
    pub conv2: ReflectConv2d,
    pub norm2: BatchNorm,
}

impl BnResBlockConfig {
    pub fn init(&self, device: &Device) -> BnResBlock {
        let conv = || ReflectConv2dConfig::new(self.channels, self.channels, 3).init(device);
        let norm = || BatchNormConfig::new(self.channels).init(device);
        BnResBlock { conv1: conv(), norm1: norm(), conv2: conv(), norm2: norm() }
    }
}

impl BnResBlock {
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let y = relu(self.norm1.forward(self.conv1.forward(x.clone())));
        let y = self.norm2.forward(self.conv2.forward(y));
        x + y
    }
}

#[derive(Config, Debug)]
pub struct ContentEncoderConfig {
    /// Channels of the VGG features it reads.
    pub vgg_channels: usize,
    /// Width of the content code.
    pub channels: usize,
    pub res_blocks: usize,
}

#[derive(Module, Debug)]
pub struct ContentEncoder {
    /// 1x1 conv from VGG width to the content width; absent when they are equal.
    pub reduce: Option<Conv2d>,
    /// Brings the features to unit scale. Caffe-preprocessed VGG activations are in the hundreds; the
    /// residual blocks would carry that scale into the content code, and the content-consistency L1
    /// would then outweigh every other loss by two orders of magnitude.
    pub input_norm: BatchNorm,
    pub blocks: Vec<BnResBlock>,
}

impl ContentEncoderConfig {
    pub fn init(&self, device: &Device) -> ContentEncoder {
        let reduce = (self.vgg_channels != self.channels)
            .then(|| super::init::conv(Conv2dConfig::new([self.vgg_channels, self.channels], [1, 1]), device));
        let blocks = (0..self.res_blocks).map(|_| BnResBlockConfig::new(self.channels).init(device)).collect();
        ContentEncoder { reduce, input_norm: BatchNormConfig::new(self.channels).init(device), blocks }
    }
}

impl ContentEncoder {
    /// VGG features `[N, Cv, h, w]` to the content code `[N, C, h, w]`.
    pub fn forward(&self, features: Tensor<4>) -> Tensor<4> {
        let x = match &self.reduce {
            Some(conv) => conv.forward(features),
            None => features,
        };
        let mut x = self.input_norm.forward(x);
        for block in &self.blocks {
            x = block.forward(x);
        }
        x
    }
}
