//! A convolution with reflection padding, as MUNIT and ACE use for every generator conv: zero padding
//! would darken borders, which the decoder then learns to paint as frames.

use burn::config::Config;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::tensor::Tensor;
use burn::tensor::Device;

#[derive(Config, Debug)]
pub struct ReflectConv2dConfig {
    pub channels_in: usize,
    pub channels_out: usize,
    pub kernel: usize,
}

#[derive(Module, Debug)]
pub struct ReflectConv2d {
    pub conv: Conv2d,
    pub pad: usize,
}

impl ReflectConv2dConfig {
    pub fn init(&self, device: &Device) -> ReflectConv2d {
        ReflectConv2d {
            conv: super::init::conv(Conv2dConfig::new([self.channels_in, self.channels_out], [self.kernel, self.kernel]), device),
            pad: self.kernel / 2,
        }
    }
}

impl ReflectConv2d {
    /// Same spatial size out as in. Reflection needs each side to exceed the pad, which the pipeline
    /// guarantees by enforcing a minimum network input size.
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        super::cpu_conv::reflect_conv2d(&self.conv, x, self.pad)
    }
}
