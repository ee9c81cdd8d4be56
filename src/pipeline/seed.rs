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
