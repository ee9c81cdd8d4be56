//! DiffAugment (Zhao et al. 2020, arXiv 2006.10738): the same random, differentiable transformations
//! on every image a discriminator sees, real and fake, so it cannot memorise a small photo set (ours
//! has 4,320) and the generator still gets gradients through them. The policy is the paper's
//! `color,translation,cutout`; each part can be switched on alone. Parameters are drawn per image
//! from the run's seeded stream on the host, so a run stays reproducible and resumable bit for bit.

use burn::tensor::{Tensor, TensorData};
use rand_chacha::ChaCha8Rng;
use rand_core::RngCore;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DiffAugmentConfig {
    /// Random brightness (+U[-0.5, 0.5)), saturation (x U[0, 2)) and contrast (x U[0.5, 1.5)).
    pub color: bool,
    /// Shift by up to this fraction of the side, filling with zeros (paper: 0.125; 0 = off).
    pub translation: f32,
    /// Zero a square of this fraction of the side at a random place (paper: 0.5; 0 = off).
    pub cutout: f32,
}

impl DiffAugmentConfig {
    pub fn is_on(&self) -> bool {
        self.color || self.translation > 0.0 || self.cutout > 0.0
    }

    pub fn validate(&self, crop: u32) -> anyhow::Result<()> {
        anyhow::ensure!((0.0..0.5).contains(&self.translation), "diff_augment.translation must be in [0, 0.5)");
        anyhow::ensure!((0.0..1.0).contains(&self.cutout), "diff_augment.cutout must be in [0, 1)");
        anyhow::ensure!(
            self.cutout == 0.0 || (crop as f32 * self.cutout) >= 1.0,
            "diff_augment.cutout {} of a {crop} px crop is under one pixel",
            self.cutout
        );
        Ok(())
    }

    /// Augments a batch `[N, 3, H, W]` of images in [-1, 1].
    pub fn apply(&self, x: Tensor<4>, rng: &mut ChaCha8Rng) -> Tensor<4> {
        let mut x = x;
        if self.color {
            x = color(x, rng);
        }
        if self.translation > 0.0 {
            x = translation(x, self.translation, rng);
        }
        if self.cutout > 0.0 {
            x = cutout(x, self.cutout, rng);
        }
        x
    }
}

/// U[0, 1) from the top 24 bits of the stream, exactly representable in f32.
fn uniform(rng: &mut ChaCha8Rng) -> f32 {
    (rng.next_u32() >> 8) as f32 / (1u32 << 24) as f32
}

/// One value per image, shaped to broadcast over `[N, C, H, W]`.
fn per_image(rng: &mut ChaCha8Rng, n: usize, like: &Tensor<4>, f: impl Fn(f32) -> f32) -> Tensor<4> {
    let values: Vec<f32> = (0..n).map(|_| f(uniform(rng))).collect();
    Tensor::from_data(TensorData::new(values, [n, 1, 1, 1]), &like.device())
}

fn color(x: Tensor<4>, rng: &mut ChaCha8Rng) -> Tensor<4> {
    let n = x.dims()[0];
    let x = x.clone() + per_image(rng, n, &x, |u| u - 0.5);
    let mean = x.clone().mean_dim(1);
    let x = (x - mean.clone()) * per_image(rng, n, &mean, |u| u * 2.0) + mean;
    let mean = x.clone().mean_dim(1).mean_dim(2).mean_dim(3);
    (x - mean.clone()) * per_image(rng, n, &mean, |u| u + 0.5) + mean
}

/// Integer shifts in `[-s, s]` per axis (s = ratio x side), zeros where the picture moved away.
fn translation(x: Tensor<4>, ratio: f32, rng: &mut ChaCha8Rng) -> Tensor<4> {
    let [n, _, h, w] = x.dims();
    let (sh, sw) = (((h as f32 * ratio) + 0.5) as usize, ((w as f32 * ratio) + 0.5) as usize);
    if sh == 0 && sw == 0 {
        return x;
    }
    let padded = x.pad((sw, sw, sh, sh), 0.0f32);
    let shifted = (0..n)
        .map(|i| {
            let dy = (rng.next_u32() as usize) % (2 * sh + 1);
            let dx = (rng.next_u32() as usize) % (2 * sw + 1);
            padded.clone().narrow(0, i, 1).narrow(2, dy, h).narrow(3, dx, w)
        })
        .collect();
    Tensor::cat(shifted, 0)
}

/// A square of side ratio x side, centred anywhere in the picture (clipped at its borders), zeroed.
fn cutout(x: Tensor<4>, ratio: f32, rng: &mut ChaCha8Rng) -> Tensor<4> {
    let [n, _, h, w] = x.dims();
    let (ch, cw) = (((h as f32 * ratio) + 0.5) as usize, ((w as f32 * ratio) + 0.5) as usize);
    let mut mask = vec![1.0f32; n * h * w];
    for i in 0..n {
        let cy = (rng.next_u32() as usize) % (h + 1 - ch % 2);
        let cx = (rng.next_u32() as usize) % (w + 1 - cw % 2);
        let (y0, x0) = (cy.saturating_sub(ch / 2), cx.saturating_sub(cw / 2));
        for y in y0..(cy + ch - ch / 2).min(h) {
            for xx in x0..(cx + cw - cw / 2).min(w) {
                mask[(i * h + y) * w + xx] = 0.0;
            }
        }
    }
    let mask = Tensor::from_data(TensorData::new(mask, [n, 1, h, w]), &x.device());
    x * mask
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Device;
    use rand_core::SeedableRng;

    fn batch(n: usize, side: usize) -> Tensor<4> {
        let values: Vec<f32> = (0..n * 3 * side * side).map(|i| ((i * 37 % 101) as f32 / 50.0) - 1.0).collect();
        Tensor::from_data(TensorData::new(values, [n, 3, side, side]), &Device::flex())
    }

    #[test]
    fn cutout_zeroes_about_the_configured_share_of_each_picture() {
        let x = Tensor::<4>::ones([4, 3, 16, 16], &Device::flex());
        let y = cutout(x, 0.5, &mut ChaCha8Rng::seed_from_u64(1)).into_data().try_to_vec::<f32>().unwrap();
        for image in y.chunks(3 * 16 * 16) {
            let zeros = image.iter().filter(|v| **v == 0.0).count() / 3;
            // An 8x8 square, clipped when its centre falls near a border.
            assert!((16..=64).contains(&zeros), "{zeros} pixels cut out");
        }
    }

    #[test]
    fn translation_moves_content_and_fills_with_zeros() {
        let x = Tensor::<4>::ones([8, 3, 16, 16], &Device::flex());
        let y = translation(x, 0.25, &mut ChaCha8Rng::seed_from_u64(2)).into_data().try_to_vec::<f32>().unwrap();
        let shifted = y.chunks(3 * 16 * 16).filter(|image| image.contains(&0.0)).count();
        assert!(shifted >= 6, "only {shifted} of 8 pictures moved");
        assert!(y.iter().all(|v| *v == 0.0 || *v == 1.0));
    }

    #[test]
    fn gradients_flow_through_every_part() {
        let device = Device::flex().autodiff();
        let x = batch(2, 16).to_device(&device).autodiff().require_grad();
        let config = DiffAugmentConfig { color: true, translation: 0.125, cutout: 0.5 };
        let grads = config.apply(x.clone(), &mut ChaCha8Rng::seed_from_u64(3)).sum().backward();
        let grad = x.grad(&grads).expect("a gradient reaches the input").into_data().try_to_vec::<f32>().unwrap();
        let nonzero = grad.iter().filter(|g| **g != 0.0).count();
        // Cut-out and shifted-away pixels get none; most pixels get one.
        assert!(nonzero > grad.len() / 4, "{nonzero} of {} pixels got a gradient", grad.len());
    }

    #[test]
    fn the_same_stream_gives_the_same_augmentation() {
        let config = DiffAugmentConfig { color: true, translation: 0.125, cutout: 0.5 };
        let a = config.apply(batch(3, 16), &mut ChaCha8Rng::seed_from_u64(7)).into_data();
        let b = config.apply(batch(3, 16), &mut ChaCha8Rng::seed_from_u64(7)).into_data();
        let c = config.apply(batch(3, 16), &mut ChaCha8Rng::seed_from_u64(8)).into_data();
        assert_eq!(a, b);
        assert_ne!(a, c);
    }
}
