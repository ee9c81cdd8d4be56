//! The loss terms of the ACE objective, each a small pure function so tests can check them alone.

use burn::tensor::Tensor;
use burn::tensor::activation::{relu, softplus};

/// Mean absolute error.
pub fn l1<const D: usize>(a: Tensor<D>, b: Tensor<D>) -> Tensor<1> {
    (a - b).abs().mean()
}

/// SimSiam's dense negative cosine: `-mean over (N, H, W) of cos(p, z)` taken over channels, with
/// the stop-gradient on `z` (the caller passes `z` already detached or not; this detaches it).
pub fn negative_cosine(p: Tensor<4>, z: Tensor<4>) -> Tensor<1> {
    let z = z.detach();
    let dot = (p.clone() * z.clone()).sum_dim(1);
    // The epsilon sits inside the root: sqrt's gradient at an all-zero vector would be infinite.
    let norms = (p.powf_scalar(2.0).sum_dim(1).add_scalar(1e-12) * z.powf_scalar(2.0).sum_dim(1).add_scalar(1e-12)).sqrt();
    (dot / norms).mean().neg()
}

/// `mean((x - t)^2)`, written as `mean(x^2) - 2 t mean(x) + t^2`: the same value, and the direct form
/// comes out wrong under burn's wgpu fusion with autodiff when `x` is a convolution's output (burn
/// 0.22.1; `docs/gpu-correctness.md`, reproduced by `examples/fused_discriminator.rs`). Patch logits
/// stay near 1 in size, so the cancellation costs nothing measurable in f32.
fn mean_squared_distance(x: Tensor<4>, t: f32) -> Tensor<1> {
    let squares = x.clone().powf_scalar(2.0).mean();
    if t == 0.0 { squares } else { (squares - x.mean().mul_scalar(2.0 * t)).add_scalar(t * t) }
}

/// LSGAN discriminator loss over scales: real patches towards 1, fake towards 0.
pub fn lsgan_discriminator(real: Vec<Tensor<4>>, fake: Vec<Tensor<4>>) -> Tensor<1> {
    let mut total: Option<Tensor<1>> = None;
    for (r, f) in real.into_iter().zip(fake) {
        let term = mean_squared_distance(r, 1.0) + mean_squared_distance(f, 0.0);
        total = Some(match total {
            Some(t) => t + term,
            None => term,
        });
    }
    total.expect("at least one scale").mul_scalar(0.5)
}

/// LSGAN generator loss over scales: fake patches towards 1.
pub fn lsgan_generator(fake: Vec<Tensor<4>>) -> Tensor<1> {
    let mut total: Option<Tensor<1>> = None;
    for f in fake {
        let term = mean_squared_distance(f, 1.0);
        total = Some(match total {
            Some(t) => t + term,
            None => term,
        });
    }
    total.expect("at least one scale")
}

/// Which adversarial loss every discriminator plays. Each sums its terms over the discriminators'
/// patch maps (pixel scales, then VGG depths), every term a mean over its map.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GanLoss {
    /// Least squares (Mao et al. 2017; MUNIT): real towards 1, fake towards 0; D's sum halved.
    #[default]
    Lsgan,
    /// Hinge (Lim & Ye 2017; BigGAN, Projected GAN): D `relu(1 - r) + relu(1 + f)`, G `-f`.
    Hinge,
    /// Non-saturating logistic (Goodfellow et al. 2014; StyleGAN, StarGAN v2): D `softplus(-r) +
    /// softplus(f)`, G `softplus(-f)`.
    NonSaturating,
}

fn sum_over_maps(maps: Vec<Tensor<4>>, term: impl Fn(Tensor<4>) -> Tensor<1>) -> Tensor<1> {
    maps.into_iter().map(term).reduce(|a, b| a + b).expect("at least one patch map")
}

impl GanLoss {
    pub fn discriminator(self, real: Vec<Tensor<4>>, fake: Vec<Tensor<4>>) -> Tensor<1> {
        match self {
            GanLoss::Lsgan => lsgan_discriminator(real, fake),
            GanLoss::Hinge => {
                sum_over_maps(real, |r| relu(r.neg().add_scalar(1.0)).mean()) + sum_over_maps(fake, |f| relu(f.add_scalar(1.0)).mean())
            }
            GanLoss::NonSaturating => {
                sum_over_maps(real, |r| softplus(r.neg(), 1.0).mean()) + sum_over_maps(fake, |f| softplus(f, 1.0).mean())
            }
        }
    }

    pub fn generator(self, fake: Vec<Tensor<4>>) -> Tensor<1> {
        match self {
            GanLoss::Lsgan => lsgan_generator(fake),
            GanLoss::Hinge => sum_over_maps(fake, |f| f.mean().neg()),
            GanLoss::NonSaturating => sum_over_maps(fake, |f| softplus(f.neg(), 1.0).mean()),
        }
    }
}

#[cfg(test)]
mod tests {
    use burn::tensor::{Device, Distribution, Tensor};

    use super::mean_squared_distance;

    /// The expanded form is the direct one to f32 rounding, for logits near and far from the target.
    #[test]
    fn mean_squared_distance_is_the_direct_form() {
        let device = Device::flex();
        for (centre, target) in [(1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (3.0, 0.5)] {
            let x = Tensor::<4>::random([2, 1, 5, 7], Distribution::Normal(centre, 0.5), &device);
            let direct: f32 = x.clone().sub_scalar(target).powf_scalar(2.0).mean().into_scalar();
            let expanded: f32 = mean_squared_distance(x, target as f32).into_scalar();
            assert!((direct - expanded).abs() <= 1e-5 * direct.abs().max(1.0), "{direct} vs {expanded} (centre {centre}, target {target})");
        }
    }
}
