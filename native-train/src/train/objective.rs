//! The ACE pretraining objective (docs/training.md, paper section 3), one function per step:
//!
//! 1. Adaptive Instance Augmentation: decode `stopgrad(predictor(c))` with AdaIN parameters drawn from
//!    a Gaussian (scale = 1 + N(0, s^2), shift = N(0, s^2)) instead of the MLP: same content, new style.
//! 2. Re-encode a shifted window of it. Symmetrised dense SimSiam between the two content codes
//!    (predictor on one side, stop-gradient on the other), and content consistency (L1 between the
//!    codes), both over the cells the two windows share.
//! 3. Style consistency (a sampled code vs. the code re-encoded from the image decoded with it),
//!    reconstruction (L1), and LSGAN against a multi-scale spectral-norm discriminator.
//! 4. Stop-gradient (paper 3.5): every decode reads a *detached* content code, so the content encoder
//!    and predictor learn only from the contrastive and content-consistency terms.
//!
//! Why the shifted window (our addition; the paper compares pixel-aligned views): with aligned views a
//! code that depends only on the position in the map (which the reflect-padded convolutions can read
//! from the borders) agrees perfectly between the views, so the dense losses are satisfied without
//! looking at the photo (the model card's "History" tells how a model did just that). Shifting the
//! re-encoded window by whole content cells (multiples of the VGG stride, so interior features line up
//! exactly) puts the view's borders on interior cells of the original, and position alone no longer
//! matches.
//!
//! All random numbers come from the caller's ChaCha8 stream (host side), so a run is reproducible and
//! resumable bit for bit.

use ace::Ace;
use ace::pipeline::normal_from;
use burn::tensor::{Tensor, TensorData};
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

pub use super::diff_augment::DiffAugmentConfig;
use super::discriminators::{Discriminators, Seen};
pub use super::losses::GanLoss;
use super::losses::{l1, negative_cosine};
use super::random_window::random_windows;

/// Loss weights and the augmentation strength. Defaults suit a shape-changing domain (animal faces);
/// for pixel-aligned domains (landscapes) raise `reconstruction` to 10, as MUNIT's authors advise.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ObjectiveConfig {
    pub contrastive: f32,
    pub content: f32,
    pub style: f32,
    pub reconstruction: f32,
    pub gan: f32,
    /// Standard deviation of the AdaIN scale offsets and shifts drawn by the augmentation.
    pub aia_sigma: f32,
    /// The re-encoded window is this many content cells smaller than the map on each axis and placed at
    /// a random offset (see the module notes); 0 compares pixel-aligned views, as the paper does.
    pub view_shift: usize,
    /// Keep the content encoder's 1x1 reduction of the VGG features and the BatchNorm after it at their
    /// initialisation (a random projection, which keeps the features' information). Trainable, they let
    /// the content path throw the photo away, which the dense losses accept. The paper has no
    /// reduction; its residual blocks carry the frozen VGG features themselves.
    pub fixed_projection: bool,
    /// The adversarial loss of every discriminator: LSGAN (MUNIT), hinge (Projected GAN, BigGAN) or
    /// non-saturating (StyleGAN, StarGAN v2).
    pub gan_loss: GanLoss,
    /// Also show the discriminators decodes of one photo's content with *another* photo's style code
    /// (the batch's codes rolled by one), as cross-domain translators train on (MUNIT, StarGAN v2).
    /// Off: they see random-style decodes and reconstructions only.
    pub swapped_style_gan: bool,
    /// DiffAugment (arXiv 2006.10738) on every image any discriminator sees, real and fake.
    pub diff_augment: DiffAugmentConfig,
    /// The discriminators judge a random window of this side (px) of every image, real and fake,
    /// instead of the whole crop: they see parts of faces, as at small crops, while the generator's
    /// other terms see whole ones. Absent: the whole crop. Left out of a config that does not set it,
    /// so older builds still read the runs without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub critic_window: Option<u32>,
    /// The style encoder reads a random window of this side (px) of each image's VGG features wherever
    /// a term encodes a style (the reconstruction and the style term; in fine-tuning also the target's
    /// code that translates), instead of the whole crop: its code cannot hold a whole face's layout.
    /// Absent: the whole crop. Serialised like `critic_window`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style_window: Option<u32>,
}

impl Default for ObjectiveConfig {
    fn default() -> Self {
        Self {
            contrastive: 1.0,
            content: 1.0,
            style: 1.0,
            reconstruction: 1.0,
            gan: 1.0,
            aia_sigma: 0.5,
            view_shift: 3,
            fixed_projection: true,
            gan_loss: GanLoss::Lsgan,
            swapped_style_gan: false,
            diff_augment: DiffAugmentConfig::default(),
            critic_window: None,
            style_window: None,
        }
    }
}

impl ObjectiveConfig {
    pub fn validate(&self, crop: u32) -> anyhow::Result<()> {
        let weights = [("contrastive", self.contrastive), ("content", self.content), ("style", self.style), ("reconstruction", self.reconstruction), ("gan", self.gan)];
        for (name, weight) in weights {
            // A zero weight would keep computing a term that changes nothing; a negative one trains
            // against it. Reconstruction alone may be 0: fine-tuning then drops the term (the paper's
            // fine-tuning losses are latent consistency and GAN only).
            if name == "reconstruction" && weight == 0.0 {
                continue;
            }
            anyhow::ensure!(weight.is_finite() && weight > 0.0, "objective.{name} must be a positive weight, got {weight}");
        }
        anyhow::ensure!(self.aia_sigma.is_finite() && self.aia_sigma >= 0.0, "objective.aia_sigma must be 0 or more, got {}", self.aia_sigma);
        self.diff_augment.validate(crop)
    }
}

/// Each generator-side term (weighted sum in `total`), kept apart for logging and for the tests.
pub struct GeneratorLosses {
    pub total: Tensor<1>,
    pub contrastive: Tensor<1>,
    pub content: Tensor<1>,
    pub style: Tensor<1>,
    pub reconstruction: Tensor<1>,
    pub gan: Tensor<1>,
    /// What the discriminators saw of the images they should learn to call fake (random-style
    /// translations, reconstructions and, when on, swapped-style decodes), detached.
    pub fakes: Seen,
}

fn host_normal(rng: &mut ChaCha8Rng, shape: [usize; 2], std: f32, like: &Tensor<4>) -> Tensor<2> {
    let values: Vec<f32> = normal_from(rng, shape[0] * shape[1]).into_iter().map(|v| v * std).collect();
    Tensor::from_data(TensorData::new(values, shape), &like.device())
}

/// What the discriminators are shown of a batch: `critic_window`'s window of each image when set,
/// then DiffAugment.
fn shown(discriminators: &Discriminators, images: Tensor<4>, config: &ObjectiveConfig, rng: &mut ChaCha8Rng) -> Seen {
    let images = match config.critic_window {
        Some(side) => random_windows(images, side as usize, rng),
        None => images,
    };
    discriminators.see(images, &config.diff_augment, rng)
}

/// The style code of images from their VGG features: from `style_window`'s window of them when set
/// (in feature cells, one per `content_stride` pixels).
fn style_of(model: &Ace, features: Tensor<4>, config: &ObjectiveConfig, rng: &mut ChaCha8Rng) -> Tensor<2> {
    let features = match config.style_window {
        Some(side) => random_windows(features, side as usize / model.config.content_stride(), rng),
        None => features,
    };
    model.style_code(features)
}

/// AdaIN parameters for the augmentation: the decoder reads (shift, scale offset) pairs, and both are
/// N(0, sigma^2), so the scale is 1 + N(0, sigma^2) (centred on 1: no flipped or dead channels).
pub fn random_adain_params(model: &Ace, rng: &mut ChaCha8Rng, batch: usize, sigma: f32, like: &Tensor<4>) -> Tensor<2> {
    let [_, total] = model.mlp.fc3.weight.val().dims();
    host_normal(rng, [batch, total], sigma, like)
}

/// A window of the content-code map: `size` cells from `offset` on both spatial axes.
#[derive(Clone, Copy, Debug)]
struct Window {
    offset: [usize; 2],
    size: [usize; 2],
}

impl Window {
    /// A random window `shift` cells smaller than an `h` x `w` map (the whole map when `shift` is 0).
    fn draw(rng: &mut ChaCha8Rng, shift: usize, [h, w]: [usize; 2]) -> Self {
        let mut offset = || {
            if shift == 0 { 0 } else { (rng.next_u32() as usize) % (shift + 1) }
        };
        let offset = [offset(), offset()];
        Window { offset, size: [h - shift, w - shift] }
    }

    /// The window of a tensor whose cells are `scale` elements wide (1 for codes, the VGG stride for images).
    fn of(&self, x: Tensor<4>, scale: usize) -> Tensor<4> {
        x.narrow(2, self.offset[0] * scale, self.size[0] * scale).narrow(3, self.offset[1] * scale, self.size[1] * scale)
    }
}

/// The generator-side losses for a batch of real images `x` (RGB in [-1, 1]) on an autodiff device.
pub fn generator_losses(
    model: &Ace,
    discriminators: &Discriminators,
    x: Tensor<4>,
    rng: &mut ChaCha8Rng,
    config: &ObjectiveConfig,
) -> GeneratorLosses {
    let [n, _, height, _] = x.dims();
    let features = model.features(x.clone());
    let content = model.content_code(features.clone());
    let predicted = model.predict(content.clone());
    let decoder_input = model.coarse(predicted.clone()).detach(); // paper 3.5

    // 1-2. Augment, re-encode a shifted window, contrast over the shared cells.
    let theta = random_adain_params(model, rng, n, config.aia_sigma, &x);
    let augmented = model.decoder.forward(decoder_input.clone(), theta);
    let [_, _, h, w] = content.dims();
    let window = Window::draw(rng, config.view_shift, [h, w]);
    let augmented_features = model.features(window.of(augmented, height / h));
    let (content_shared, predicted_shared) = (window.of(content, 1), window.of(predicted, 1));
    // Content consistency trains the decoder too (it must keep content under any style) ...
    let augmented_content = model.content_code(augmented_features.clone());
    let content_loss = l1(augmented_content, content_shared.clone().detach());
    // ... the contrastive branch through the augmented image does not (detached features).
    let augmented_content_sg = model.content_code(augmented_features.detach());
    let contrastive = (negative_cosine(predicted_shared, augmented_content_sg.clone())
        + negative_cosine(model.predict(augmented_content_sg), content_shared))
    .mul_scalar(0.5);

    // 3. Style consistency with a sampled code around the domain code.
    let style_dim = model.style_encoder.domain_code.val().dims()[0];
    let z = host_normal(rng, [n, style_dim], 1.0, &x);
    let sampled = model.style_encoder.domain() + z;
    let random_style = model.decode(decoder_input.clone(), sampled.clone());
    let style_loss = l1(style_of(model, model.features(random_style.clone()), config, rng), sampled.detach());

    // Reconstruction with the image's own style.
    let own_style = style_of(model, features, config, rng);
    let mut fakes = vec![random_style];
    if config.swapped_style_gan && n > 1 {
        // Each photo's content with its neighbour's style code.
        let swapped = Tensor::cat(vec![own_style.clone().narrow(0, 1, n - 1), own_style.clone().narrow(0, 0, 1)], 0);
        fakes.push(model.decode(decoder_input.clone(), swapped));
    }
    let reconstructed = model.decode(decoder_input, own_style);
    let reconstruction = l1(reconstructed.clone(), x);

    // Adversarial: every kind of generated image should look real.
    fakes.insert(1, reconstructed);
    let seen = shown(discriminators, Tensor::cat(fakes, 0), config, rng);
    let gan = config.gan_loss.generator(discriminators.logits(seen.clone()));

    let total = contrastive.clone().mul_scalar(config.contrastive)
        + content_loss.clone().mul_scalar(config.content)
        + style_loss.clone().mul_scalar(config.style)
        + reconstruction.clone().mul_scalar(config.reconstruction)
        + gan.clone().mul_scalar(config.gan);
    GeneratorLosses { total, contrastive, content: content_loss, style: style_loss, reconstruction, gan, fakes: seen.detach() }
}

/// The discriminators' loss: real `x` (augmented like the fakes were) against the generator's
/// (detached) fakes. Each term is a mean, so more fakes than reals does not tip the balance.
pub fn discriminator_loss(
    discriminators: &Discriminators,
    x: Tensor<4>,
    fakes: Seen,
    rng: &mut ChaCha8Rng,
    config: &ObjectiveConfig,
) -> Tensor<1> {
    let real = shown(discriminators, x, config, rng);
    config.gan_loss.discriminator(discriminators.logits(real), discriminators.logits(fakes))
}

/// Fine-tuning (paper 4.5): content photos from a source domain, style (and "real") photos from the
/// new target domain. Latent consistency + GAN, no contrastive term: the translated image must keep
/// the source's content code and carry the target's style code, and look like the target domain. A
/// reconstruction of the target photos (weight `config.reconstruction`) keeps the autoencoder anchored.
/// The content encoder and predictor are expected frozen by the caller (`Module::freeze`): without the
/// contrastive term nothing would stop the content code from collapsing.
pub fn fine_tune_losses(
    model: &Ace,
    discriminators: &Discriminators,
    source: Tensor<4>,
    target: Tensor<4>,
    rng: &mut ChaCha8Rng,
    config: &ObjectiveConfig,
) -> GeneratorLosses {
    let [n, _, _, _] = source.dims();
    let source_content = model.content_code(model.features(source)).detach();
    let target_features = model.features(target.clone());
    let target_style = style_of(model, target_features.clone(), config, rng);

    // Translate source content with target styles (a little seeded noise, as at inference).
    let style_dim = model.style_encoder.domain_code.val().dims()[0];
    let noise = host_normal(rng, [n, style_dim], 0.3, &target);
    let style = target_style.clone() + noise;
    let translated = model.decode(model.decoder_input(source_content.clone()).detach(), style.clone());
    let translated_features = model.features(translated.clone());
    let content_loss = l1(model.content_code(translated_features.clone()), source_content);
    let style_loss = l1(style_of(model, translated_features, config, rng), style.detach());

    // The reconstruction of the target photos, unless its weight drops it (then logged as 0).
    let (fakes, reconstruction) = if config.reconstruction > 0.0 {
        let target_content = model.content_code(target_features).detach();
        let reconstructed = model.decode(model.decoder_input(target_content).detach(), target_style);
        let reconstruction = l1(reconstructed.clone(), target);
        (Tensor::cat(vec![translated, reconstructed], 0), reconstruction)
    } else {
        let zero = content_loss.clone().mul_scalar(0.0);
        (translated, zero)
    };

    let seen = shown(discriminators, fakes, config, rng);
    let gan = config.gan_loss.generator(discriminators.logits(seen.clone()));
    // No contrastive term in fine-tuning; logged as 0 so both phases share one log format.
    let contrastive = gan.clone().mul_scalar(0.0);
    let total = content_loss.clone().mul_scalar(config.content)
        + style_loss.clone().mul_scalar(config.style)
        + reconstruction.clone().mul_scalar(config.reconstruction)
        + gan.clone().mul_scalar(config.gan);
    GeneratorLosses { total, contrastive, content: content_loss, style: style_loss, reconstruction, gan, fakes: seen.detach() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Device;
    use rand_core::SeedableRng;

    #[test]
    fn a_window_stays_inside_the_map_and_lines_up_cells_with_pixels() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut offsets = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let window = Window::draw(&mut rng, 3, [16, 12]);
            assert_eq!(window.size, [13, 9]);
            assert!(window.offset.iter().all(|o| *o <= 3));
            offsets.insert(window.offset);
        }
        assert_eq!(offsets.len(), 16, "every offset in 0..=3 on both axes is drawn");
        assert_eq!(Window::draw(&mut rng, 0, [16, 12]).offset, [0, 0], "no shift: the whole map");

        // The same window of a code (1 element per cell) and of its image (4 pixels per cell).
        let window = Window { offset: [1, 2], size: [2, 3] };
        let device = Device::flex();
        let image = Tensor::<1, burn::tensor::Int>::arange(0..(16 * 24), &device).float().reshape([1, 1, 16, 24]);
        let picked = window.of(image, 4).into_data().try_to_vec::<f32>().unwrap();
        assert_eq!(picked.len(), 8 * 12, "2 x 3 cells of 4 x 4 pixels");
        assert_eq!(picked[0], (4 * 24 + 8) as f32, "row 4, column 8: cell (1, 2)");
    }
}
