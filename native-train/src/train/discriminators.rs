//! The discriminators a run trains against, as one module (one record, one optimiser): MUNIT's pixel
//! PatchGAN and/or the VGG-feature one, with DiffAugment in front of both.

use burn::module::Module;
use burn::tensor::{Device, Tensor};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use super::diff_augment::DiffAugmentConfig;
use super::discriminator::{MultiScaleDiscriminator, MultiScaleDiscriminatorConfig};
use super::vgg_discriminator::{VggDiscriminator, VggDiscriminatorSettings};

/// Which discriminators a run trains, and how wide (a training config's `discriminator`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiscriminatorSettings {
    /// The multi-scale pixel PatchGAN (MUNIT's); off only when the VGG discriminator replaces it.
    pub pixel: bool,
    /// Image scales (MUNIT: 3).
    pub scales: usize,
    /// Width of the first conv (MUNIT: 64), doubled per layer.
    pub width: usize,
    /// Stride-2 convs per scale (MUNIT: 4).
    pub layers: usize,
    /// A discriminator on frozen VGG-19 features (Projected GAN, arXiv 2111.01007), beside or instead
    /// of the pixel one. Absent: none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vgg: Option<VggDiscriminatorSettings>,
}

impl Default for DiscriminatorSettings {
    fn default() -> Self {
        Self { pixel: true, scales: 3, width: 64, layers: 4, vgg: None }
    }
}

#[derive(Module, Debug)]
pub struct Discriminators {
    pub pixel: Option<MultiScaleDiscriminator>,
    pub vgg: Option<VggDiscriminator>,
}

/// What the discriminators read of one batch: the (augmented) pixels and, with the VGG discriminator,
/// their projected VGG features. A batch of fakes is seen once and judged twice: with gradients for
/// the generator's loss, detached for the discriminator's.
#[derive(Clone)]
pub struct Seen {
    pixels: Tensor<4>,
    features: Option<Vec<Tensor<4>>>,
}

impl Seen {
    pub fn detach(self) -> Self {
        Seen { pixels: self.pixels.detach(), features: self.features.map(|f| f.into_iter().map(Tensor::detach).collect()) }
    }
}

/// Built from the settings; the VGG discriminator still needs `import_vgg` and `calibrate`.
pub fn init(settings: &DiscriminatorSettings, device: &Device) -> Discriminators {
    let pixel = settings.pixel.then(|| {
        MultiScaleDiscriminatorConfig::new()
            .with_scales(settings.scales)
            .with_width(settings.width)
            .with_layers(settings.layers)
            .init(device)
    });
    Discriminators { pixel, vgg: settings.vgg.as_ref().map(|vgg| vgg.init(device)) }
}

impl Discriminators {
    pub fn see(&self, images: Tensor<4>, augment: &DiffAugmentConfig, rng: &mut ChaCha8Rng) -> Seen {
        let pixels = if augment.is_on() { augment.apply(images, rng) } else { images };
        let features = self.vgg.as_ref().map(|vgg| vgg.features(pixels.clone()));
        Seen { pixels, features }
    }

    /// Every patch-logit map: the pixel discriminator's scales, then the VGG depths.
    pub fn logits(&self, seen: Seen) -> Vec<Tensor<4>> {
        let mut maps = match &self.pixel {
            Some(pixel) => pixel.forward(seen.pixels),
            None => Vec::new(),
        };
        if let (Some(vgg), Some(features)) = (&self.vgg, seen.features) {
            maps.extend(vgg.logits(features));
        }
        maps
    }
}
