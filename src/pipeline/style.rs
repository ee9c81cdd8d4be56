//! Style codes on the host. A style code is a handful of numbers (8 by default), so mixing,
//! interpolating and adding seeded noise happen here for free, and a code can be encoded once and
//! reused for many translations.

use crate::error::{AceError, Result};

/// The largest magnitude a style code's numbers may have. Trained codes lie within a few units of 0
/// (the domain code plus N(0, 1) noise); a code of 1e38 decodes to a black picture, so it is refused.
pub const STYLE_CODE_BOUND: f32 = 100.0;

/// A full style code as the decoder's MLP consumes it (the encoded style plus the domain code).
#[derive(Clone, Debug, PartialEq)]
pub struct StyleCode(pub Vec<f32>);

impl StyleCode {
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// A code a model with `dim`-number codes can decode: that many finite numbers within
    /// ±`STYLE_CODE_BOUND`.
    pub fn validate(&self, dim: usize) -> Result<()> {
        if self.0.len() != dim || self.0.iter().any(|v| !v.is_finite() || v.abs() > STYLE_CODE_BOUND) {
            return Err(AceError::InvalidOption(format!("a style code must hold {dim} finite numbers within ±{STYLE_CODE_BOUND}")));
        }
        Ok(())
    }

    /// `self + amount * noise`.
    pub fn perturbed(&self, noise: &[f32], amount: f32) -> StyleCode {
        StyleCode(self.0.iter().zip(noise).map(|(s, z)| s + amount * z).collect())
    }

    /// A weighted mix of styles. Weights are normalised to sum to 1, so mixing two codes stays
    /// between them instead of drifting off the distribution the decoder was trained on.
    pub fn mix(codes: &[StyleCode], weights: &[f32]) -> Result<StyleCode> {
        if codes.is_empty() || codes.len() != weights.len() {
            return Err(AceError::InvalidOption(format!(
                "mixing needs one weight per style ({} styles, {} weights)",
                codes.len(),
                weights.len()
            )));
        }
        let dim = codes[0].0.len();
        if codes.iter().any(|c| c.0.len() != dim) {
            return Err(AceError::InvalidOption("styles of different sizes cannot be mixed".into()));
        }
        let total: f32 = weights.iter().sum();
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) || total <= 0.0 {
            return Err(AceError::InvalidOption("mixing weights must be non-negative and not all zero".into()));
        }
        let mut out = vec![0.0; dim];
        for (code, weight) in codes.iter().zip(weights) {
            for (o, v) in out.iter_mut().zip(&code.0) {
                *o += v * weight / total;
            }
        }
        Ok(StyleCode(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixing_normalises_the_weights_and_refuses_bad_ones() {
        let (a, b) = (StyleCode(vec![0.0, 2.0]), StyleCode(vec![4.0, -2.0]));
        assert_eq!(StyleCode::mix(&[a.clone(), b.clone()], &[3.0, 1.0]).unwrap(), StyleCode(vec![1.0, 1.0]));
        assert_eq!(StyleCode::mix(&[a.clone()], &[0.2]).unwrap(), a, "one style mixed alone is itself");
        for weights in [vec![1.0], vec![0.0, 0.0], vec![1.0, -1.0], vec![f32::NAN, 1.0]] {
            assert!(matches!(StyleCode::mix(&[a.clone(), b.clone()], &weights), Err(AceError::InvalidOption(_))), "{weights:?}");
        }
        assert!(StyleCode::mix(&[a, StyleCode(vec![1.0])], &[1.0, 1.0]).is_err(), "different sizes");
    }

    #[test]
    fn noise_scales_with_the_amount() {
        let own = StyleCode(vec![1.0, 1.0]);
        assert_eq!(own.perturbed(&[1.0, -2.0], 0.5), StyleCode(vec![1.5, 0.0]));
        assert_eq!(own.perturbed(&[1.0, -2.0], 0.0), own, "variation 0 makes the seed irrelevant");
    }
}
