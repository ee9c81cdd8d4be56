//! A discriminator on frozen ImageNet VGG-19 features, after Projected GAN (Sauer et al. 2021, arXiv
//! 2111.01007) and the Perceptual Discriminator (Sungatullina et al. 2018, arXiv 1809.01396): a
//! pretrained network already tells a cat's face from a dog's, so the small heads on top learn from a
//! few thousand photos what a pixel discriminator trained from scratch cannot.
//!
//! Each depth (relu2_1, relu3_1 and optionally relu4_1) goes through a fixed random 1x1 projection
//! (Projected GAN's channel mixing; scaled once, on the first real batch, to unit RMS, since Caffe-scale
//! VGG activations are in the hundreds), then a head of two spectral-norm 4x4 stride-2 convs and a 1x1
//! conv to patch logits. VGG and the projections never train; gradients pass through them to the
//! generator. Training only: it never ships in a weights file.

use ace::VggLayer;
use ace::nn::vgg::{Vgg19Slice, Vgg19SliceConfig};
use burn::module::{Module, Param};
use burn::tensor::module::conv2d;
use burn::tensor::ops::ConvOptions;
use burn::tensor::{Device, Distribution, Tensor};
use serde::{Deserialize, Serialize};

use super::spectral_conv::{SpectralConv2d, SpectralConv2dConfig};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct VggDiscriminatorSettings {
    /// Channels of each depth's fixed random projection.
    pub projection: usize,
    /// Width of each head's first conv (its second doubles it).
    pub width: usize,
    /// Read relu4_1 too (1/8 of the side: more semantics, three more VGG convs).
    pub relu4_1: bool,
}

impl Default for VggDiscriminatorSettings {
    fn default() -> Self {
        Self { projection: 64, width: 64, relu4_1: true }
    }
}

impl VggDiscriminatorSettings {
    /// The deepest map read must hold a 4x4 patch for the head's two stride-2 convs.
    pub fn validate(&self, crop: u32) -> anyhow::Result<()> {
        let stride = if self.relu4_1 { 8 } else { 4 };
        anyhow::ensure!(
            crop % stride == 0 && crop / stride >= 4,
            "the VGG discriminator needs crops that are a multiple of {stride} and at least {} px",
            4 * stride
        );
        anyhow::ensure!(self.projection > 0 && self.width > 0, "the VGG discriminator's widths must be positive");
        Ok(())
    }

    /// A fresh discriminator; its VGG is random until `import_vgg` fills it and its projections are
    /// unscaled until `calibrate` runs.
    pub fn init(&self, device: &Device) -> VggDiscriminator {
        let layer = if self.relu4_1 { VggLayer::Relu4_1 } else { VggLayer::Relu3_1 };
        let depths: &[usize] = if self.relu4_1 { &[128, 256, 512] } else { &[128, 256] };
        let projections = depths
            .iter()
            .map(|&c| {
                Param::from_tensor(Tensor::random([self.projection, c, 1, 1], Distribution::Normal(0.0, 1.0), device))
                    .set_require_grad(false)
            })
            .collect();
        let heads = depths
            .iter()
            .map(|_| FeatureHead {
                convs: vec![
                    SpectralConv2dConfig::new(self.projection, self.width, 4, 2, 1).init(device),
                    SpectralConv2dConfig::new(self.width, 2 * self.width, 4, 2, 1).init(device),
                ],
                logits: SpectralConv2dConfig::new(2 * self.width, 1, 1, 1, 0).init(device),
            })
            .collect();
        VggDiscriminator { vgg: Vgg19SliceConfig::new(layer).init(device), projections, heads }
    }
}

#[derive(Module, Debug)]
pub struct FeatureHead {
    pub convs: Vec<SpectralConv2d>,
    pub logits: SpectralConv2d,
}

impl FeatureHead {
    fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = self.convs.iter().fold(x, |x, conv| conv.forward_leaky(x, 0.2));
        self.logits.forward(x)
    }
}

#[derive(Module, Debug)]
pub struct VggDiscriminator {
    /// Frozen ImageNet VGG-19 (imported like the generator's), cut at relu4_1 or relu3_1.
    pub vgg: Vgg19Slice,
    /// One fixed 1x1 projection per depth, `[projection, depth channels, 1, 1]`.
    pub projections: Vec<Param<Tensor<4>>>,
    pub heads: Vec<FeatureHead>,
}

fn project(x: Tensor<4>, weight: Tensor<4>) -> Tensor<4> {
    conv2d(x, weight, None, ConvOptions::new([1, 1], [0, 0], [1, 1], 1))
}

impl VggDiscriminator {
    /// The projected features of images in [-1, 1], one map per depth: what the heads read. Computed
    /// once per batch of fakes and shared by the generator's loss and (detached) the discriminator's.
    pub fn features(&self, images: Tensor<4>) -> Vec<Tensor<4>> {
        self.vgg.taps(images).into_iter().zip(&self.projections).map(|(tap, weight)| project(tap, weight.val())).collect()
    }

    /// Patch logits per depth, shallowest first.
    pub fn logits(&self, features: Vec<Tensor<4>>) -> Vec<Tensor<4>> {
        features.into_iter().zip(&self.heads).map(|(x, head)| head.forward(x)).collect()
    }

    /// Scales each projection so its output has unit RMS on these (real) images: a data-dependent
    /// initialisation, done once before training, like the generator's BatchNorm calibration.
    pub fn calibrate(mut self, images: Tensor<4>) -> Self {
        let features = self.features(images.detach());
        self.projections = self
            .projections
            .into_iter()
            .zip(features)
            .map(|(weight, feature)| {
                let rms = feature.powf_scalar(2.0).mean().sqrt().into_scalar::<f32>().max(1e-6);
                weight.map(|w| w.div_scalar(rms))
            })
            .collect();
        self
    }
}
