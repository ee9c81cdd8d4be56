//! The style encoder: global average pool of the VGG features -> 1x1 conv to the style size -> BN,
//! plus a learnable domain style code (paper 4.1). The domain code is what "no style image" means:
//! the target domain's typical look, around which seeds vary.

use burn::config::Config;
use burn::module::{Module, Param};
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig, Initializer};
use burn::tensor::{Device, Tensor};

use super::moments::mean_from;

#[derive(Config, Debug)]
pub struct StyleEncoderConfig {
    pub vgg_channels: usize,
    pub style_dim: usize,
}

#[derive(Module, Debug)]
pub struct StyleEncoder {
    pub project: Conv2d,
    pub norm: BatchNorm,
    /// The learnable domain style code, `[style_dim]`, initialised to zero.
    pub domain_code: Param<Tensor<1>>,
}

impl StyleEncoderConfig {
    pub fn init(&self, device: &Device) -> StyleEncoder {
        StyleEncoder {
            project: super::init::conv(Conv2dConfig::new([self.vgg_channels, self.style_dim], [1, 1]), device),
            norm: BatchNormConfig::new(self.style_dim).init(device),
            domain_code: Initializer::Zeros.init([self.style_dim], device),
        }
    }
}

impl StyleEncoder {
    /// The image's own style code, without the domain code: `[N, style_dim]`.
    pub fn encode(&self, features: Tensor<4>) -> Tensor<2> {
        let pooled = mean_from(features, 2);
        let code = self.norm.forward(self.project.forward(pooled));
        let [n, s, _, _] = code.dims();
        code.reshape([n, s])
    }

    /// The domain code as `[1, style_dim]`, ready to broadcast over a batch.
    pub fn domain(&self) -> Tensor<2> {
        let code = self.domain_code.val();
        let [s] = code.dims();
        code.reshape([1, s])
    }

    /// Style code of an image as the model uses it: the encoded style plus the domain code.
    pub fn forward(&self, features: Tensor<4>) -> Tensor<2> {
        self.encode(features) + self.domain()
    }
}
