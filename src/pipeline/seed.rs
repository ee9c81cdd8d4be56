//! The seeded noise behind multimodal output. Every random draw happens on the host from a documented
//! generator, so the same seed gives the same style code on every backend and platform (native, wasm,
//! GPU or CPU): ChaCha8 seeded from the u64, then Box-Muller with `libm`'s log/cos (the platform's
//! own libm could differ in the last bit between native and wasm).

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

/// `n` independent N(0, 1) draws for `seed`.
pub fn standard_normal(seed: u64, n: usize) -> Vec<f32> {
    normal_from(&mut ChaCha8Rng::seed_from_u64(seed), n)
}

/// `n` N(0, 1) draws from a generator the caller keeps (training draws every random number from one
/// stream, so a checkpoint can store its position and a resumed run draws the same numbers).
pub fn normal_from(rng: &mut ChaCha8Rng, n: usize) -> Vec<f32> {
    // A uniform in (0, 1]: 53 random bits, never 0 (log(0) is -inf).
    let mut uniform = || ((rng.next_u64() >> 11) as f64 + 1.0) / (1u64 << 53) as f64;
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (u1, u2) = (uniform(), uniform());
        let radius = libm::sqrt(-2.0 * libm::log(u1));
        let angle = 2.0 * std::f64::consts::PI * u2;
        out.push((radius * libm::cos(angle)) as f32);
        if out.len() < n {
            out.push((radius * libm::sin(angle)) as f32);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_seed_always_gives_the_same_standard_normal_draws() {
        assert_eq!(standard_normal(42, 8), standard_normal(42, 8));
        assert_ne!(standard_normal(42, 8), standard_normal(43, 8));
        // An odd count uses half of the last Box-Muller pair; the prefix is the same draws.
        assert_eq!(standard_normal(7, 3)[..], standard_normal(7, 4)[..3]);
        let many = standard_normal(1, 20_000);
        let mean = many.iter().sum::<f32>() / many.len() as f32;
        let var = many.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / many.len() as f32;
        assert!(mean.abs() < 0.03 && (var - 1.0).abs() < 0.05, "mean {mean}, variance {var}");
        assert!(many.iter().all(|v| v.is_finite()));
    }
}
