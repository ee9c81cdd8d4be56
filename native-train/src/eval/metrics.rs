//! The numbers of `ace eval` (docs/evaluation.md), as pure functions over classifier features,
//! class predictions and pictures, so each can be tested on a case whose answer is known.
//!
//! - target rate: the share of outputs the classifier puts in the target domain's classes;
//! - KID (unbiased MMD^2, cubic polynomial kernel) and Fréchet distance between feature sets;
//! - gap closed: `1 - D(translated, T) / D(untranslated S, T)`;
//! - diversity: mean pairwise feature distance between the outputs of one input over seeds;
//! - content kept: SSIM of low-pass luminance between input and output.

use std::ops::RangeInclusive;

use anyhow::{Result, ensure};
use image::RgbImage;
use nalgebra::{DMatrix, DVector, SymmetricEigen};

/// Share of predicted ImageNet classes that fall in any of `classes` (e.g. cats 281..=285).
pub fn target_rate(predicted: &[usize], classes: &[RangeInclusive<usize>]) -> f64 {
    if predicted.is_empty() {
        return 0.0;
    }
    let hits = predicted.iter().filter(|p| classes.iter().any(|c| c.contains(p))).count();
    hits as f64 / predicted.len() as f64
}

fn check(a: &[Vec<f32>], b: &[Vec<f32>], min: usize) -> Result<usize> {
    ensure!(a.len() >= min && b.len() >= min, "need at least {min} feature vectors per set ({} and {})", a.len(), b.len());
    let d = a[0].len();
    ensure!(d > 0 && a.iter().chain(b).all(|v| v.len() == d), "feature vectors must all have the same, non-zero length");
    Ok(d)
}

/// Kernel Inception Distance (Bińkowski et al. 2018): the unbiased estimate of MMD^2 with the kernel
/// `k(x, y) = (x.y / d + 1)^3`. Near 0 for sets from one distribution (it can dip below 0); sound with a
/// few hundred samples, unlike the Fréchet distance.
pub fn kid(a: &[Vec<f32>], b: &[Vec<f32>]) -> Result<f64> {
    let d = check(a, b, 2)? as f64;
    let k = |x: &[f32], y: &[f32]| (x.iter().zip(y).map(|(p, q)| *p as f64 * *q as f64).sum::<f64>() / d + 1.0).powi(3);
    let within = |s: &[Vec<f32>]| {
        let n = s.len() as f64;
        let mut sum = 0.0;
        for i in 0..s.len() {
            for j in 0..s.len() {
                if i != j {
                    sum += k(&s[i], &s[j]);
                }
            }
        }
        sum / (n * (n - 1.0))
    };
    let mut cross = 0.0;
    for x in a {
        for y in b {
            cross += k(x, y);
        }
    }
    Ok(within(a) + within(b) - 2.0 * cross / (a.len() * b.len()) as f64)
}

fn mean_and_covariance(s: &[Vec<f32>]) -> (DVector<f64>, DMatrix<f64>) {
    let (n, d) = (s.len(), s[0].len());
    let m = DMatrix::from_fn(n, d, |i, j| s[i][j] as f64);
    let mean = DVector::from_fn(d, |j, _| m.column(j).mean());
    let centred = DMatrix::from_fn(n, d, |i, j| m[(i, j)] - mean[j]);
    let covariance = centred.transpose() * &centred / (n as f64 - 1.0);
    (mean, covariance)
}

/// The square root of a symmetric positive semi-definite matrix (negative round-off eigenvalues -> 0).
fn sqrt_psd(m: DMatrix<f64>) -> DMatrix<f64> {
    let eigen = SymmetricEigen::new(m);
    let roots = eigen.eigenvalues.map(|v| v.max(0.0).sqrt());
    &eigen.eigenvectors * DMatrix::from_diagonal(&roots) * eigen.eigenvectors.transpose()
}

/// Fréchet distance between Gaussians fitted to two feature sets (the FID formula):
/// `|mu_a - mu_b|^2 + tr(Sa + Sb - 2 (Sa^1/2 Sb Sa^1/2)^1/2)`. Biased at small sample sizes: report it
/// beside KID, not instead of it.
pub fn frechet_distance(a: &[Vec<f32>], b: &[Vec<f32>]) -> Result<f64> {
    check(a, b, 2)?;
    let (mu_a, sa) = mean_and_covariance(a);
    let (mu_b, sb) = mean_and_covariance(b);
    let root_a = sqrt_psd(sa.clone());
    let middle = &root_a * &sb * &root_a;
    let middle = (&middle + middle.transpose()) / 2.0; // symmetric up to round-off
    let cross_trace: f64 = SymmetricEigen::new(middle).eigenvalues.iter().map(|v| v.max(0.0).sqrt()).sum();
    Ok(((mu_a - mu_b).norm_squared() + sa.trace() + sb.trace() - 2.0 * cross_trace).max(0.0))
}

/// `1 - D(translated, T) / D(untranslated S, T)`: 0 = no closer to T than the inputs were, 1 = as
/// close as T's own test set (with KID, can exceed 1 slightly by noise).
pub fn gap_closed(translated_to_target: f64, source_to_target: f64) -> f64 {
    if source_to_target <= 0.0 { 0.0 } else { 1.0 - translated_to_target / source_to_target }
}

/// Mean pairwise Euclidean distance between the features of one input's outputs over seeds.
pub fn diversity(outputs: &[Vec<f32>]) -> f64 {
    let mut sum = 0.0;
    let mut pairs = 0;
    for i in 0..outputs.len() {
        for j in i + 1..outputs.len() {
            sum += outputs[i].iter().zip(&outputs[j]).map(|(a, b)| (*a as f64 - *b as f64).powi(2)).sum::<f64>().sqrt();
            pairs += 1;
        }
    }
    if pairs == 0 { 0.0 } else { sum / pairs as f64 }
}

/// Mean pairwise absolute pixel difference between one input's outputs over seeds, in levels of 0-255
/// over every channel: how far apart the pictures a visitor sees are (the judge's `diversity` is the
/// same in its feature space). 0 with fewer than two outputs.
pub fn pixel_spread(outputs: &[RgbImage]) -> f64 {
    let (mut sum, mut pairs) = (0.0, 0usize);
    for (i, a) in outputs.iter().enumerate() {
        for b in &outputs[i + 1..] {
            assert_eq!(a.dimensions(), b.dimensions(), "outputs of one input share a size");
            let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| x.abs_diff(*y) as u64).sum();
            sum += total as f64 / a.as_raw().len() as f64;
            pairs += 1;
        }
    }
    if pairs == 0 { 0.0 } else { sum / pairs as f64 }
}

/// Luminance (BT.601), blurred (sigma 2 px at 64 px) and resized to 64x64: the structure a translation
/// should keep, without the colour and texture it is meant to change.
fn low_pass_luminance(image: &RgbImage) -> Vec<f64> {
    let small = image::imageops::resize(image, 64, 64, image::imageops::FilterType::Triangle);
    let gray = image::ImageBuffer::<image::Luma<f32>, Vec<f32>>::from_fn(64, 64, |x, y| {
        let p = small.get_pixel(x, y).0;
        image::Luma([(0.299 * p[0] as f32 + 0.587 * p[1] as f32 + 0.114 * p[2] as f32) / 255.0])
    });
    image::imageops::blur(&gray, 2.0).into_raw().into_iter().map(f64::from).collect()
}

/// Content kept: the structural similarity (SSIM, global form) of the low-pass luminance of input and
/// output. 1 for the same picture; near 0 for unrelated ones.
pub fn content_kept(input: &RgbImage, output: &RgbImage) -> f64 {
    let (x, y) = (low_pass_luminance(input), low_pass_luminance(output));
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let vx = x.iter().map(|v| (v - mx).powi(2)).sum::<f64>() / (n - 1.0);
    let vy = y.iter().map(|v| (v - my).powi(2)).sum::<f64>() / (n - 1.0);
    let cov = x.iter().zip(&y).map(|(a, b)| (a - mx) * (b - my)).sum::<f64>() / (n - 1.0);
    let (c1, c2) = (0.01f64.powi(2), 0.03f64.powi(2));
    ((2.0 * mx * my + c1) * (2.0 * cov + c2)) / ((mx * mx + my * my + c1) * (vx + vy + c2))
}
