//! The multi-scale PatchGAN discriminator of MUNIT (3 scales; 4x4 stride-2 convs with LeakyReLU 0.2;
//! a 1x1 conv to one logit per patch), with spectral normalisation on every conv (paper 3.6).
//! Training only: it never ships in a weights file.

use burn::config::Config;
use burn::module::Module;
use burn::nn::PaddingConfig2d;
use burn::nn::pool::{AvgPool2d, AvgPool2dConfig};
use burn::tensor::{Device, Tensor};

use super::spectral_conv::{SpectralConv2d, SpectralConv2dConfig};

#[derive(Config, Debug)]
pub struct PatchDiscriminatorConfig {
    /// Width of the first layer; doubled by each of the next `layers - 1`.
    pub width: usize,
    pub layers: usize,
}

#[derive(Module, Debug)]
pub struct PatchDiscriminator {
    pub convs: Vec<SpectralConv2d>,
    pub head: SpectralConv2d,
}

impl PatchDiscriminatorConfig {
    pub fn init(&self, device: &Device) -> PatchDiscriminator {
        let mut convs = Vec::new();
        let mut channels = 3;
        for i in 0..self.layers {
            let out = self.width << i;
            convs.push(SpectralConv2dConfig::new(channels, out, 4, 2, 1).init(device));
            channels = out;
        }
        PatchDiscriminator { convs, head: SpectralConv2dConfig::new(channels, 1, 1, 1, 0).init(device) }
    }
}

impl PatchDiscriminator {
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let mut x = x;
        for conv in &self.convs {
            x = conv.forward_leaky(x, 0.2);
        }
        self.head.forward(x)
    }
}

#[derive(Config, Debug)]
pub struct MultiScaleDiscriminatorConfig {
    #[config(default = 3)]
    pub scales: usize,
    #[config(default = 64)]
    pub width: usize,
    #[config(default = 4)]
    pub layers: usize,
}

#[derive(Module, Debug)]
pub struct MultiScaleDiscriminator {
    pub scales: Vec<PatchDiscriminator>,
    pub downsample: AvgPool2d,
}

impl MultiScaleDiscriminatorConfig {
    pub fn init(&self, device: &Device) -> MultiScaleDiscriminator {
        MultiScaleDiscriminator {
            scales: (0..self.scales).map(|_| PatchDiscriminatorConfig::new(self.width, self.layers).init(device)).collect(),
            // MUNIT: AvgPool2d(3, stride 2, padding 1, count_include_pad=False) between scales.
            downsample: AvgPool2dConfig::new([3, 3])
                .with_strides([2, 2])
                .with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1))
                .with_count_include_pad(false)
                .init(),
        }
    }
}

impl MultiScaleDiscriminator {
    /// One patch-logit map per scale, finest first.
    pub fn forward(&self, x: Tensor<4>) -> Vec<Tensor<4>> {
        let mut outputs = Vec::with_capacity(self.scales.len());
        let mut x = x;
        for (i, scale) in self.scales.iter().enumerate() {
            outputs.push(scale.forward(x.clone()));
            if i + 1 < self.scales.len() {
                x = self.downsample.forward(x);
            }
        }
        outputs
    }
}
