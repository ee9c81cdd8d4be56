//! The loss terms of the ACE objective, each a small pure function so tests can check them alone.

use burn::tensor::Tensor;

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

/// LSGAN discriminator loss over scales: real patches towards 1, fake towards 0.
pub fn lsgan_discriminator(real: Vec<Tensor<4>>, fake: Vec<Tensor<4>>) -> Tensor<1> {
    let mut total: Option<Tensor<1>> = None;
    for (r, f) in real.into_iter().zip(fake) {
        let term = r.sub_scalar(1.0).powf_scalar(2.0).mean() + f.powf_scalar(2.0).mean();
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
        let term = f.sub_scalar(1.0).powf_scalar(2.0).mean();
        total = Some(match total {
            Some(t) => t + term,
            None => term,
        });
    }
    total.expect("at least one scale")
}
