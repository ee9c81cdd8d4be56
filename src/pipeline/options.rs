//! The knobs of one translation.

use crate::error::{AceError, Result};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TranslateOptions {
    /// 0 gives back the content image's own style (a reconstruction), 1 the full translation.
    pub strength: f32,
    /// How far the seed moves the style code when a style image is given (0: the seed is irrelevant).
    /// Without a style image the seed always draws the whole style around the domain code.
    pub variation: f32,
    /// Content images with a longer side are downscaled to it first (the output has that size).
    pub max_side: u32,
    /// Style images are encoded at most this large: the style code is a global statistic, and more
    /// pixels only cost time.
    pub style_max_side: u32,
}

impl Default for TranslateOptions {
    fn default() -> Self {
        Self { strength: 1.0, variation: 0.3, max_side: 1024, style_max_side: 256 }
    }
}

impl TranslateOptions {
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.strength) {
            return Err(AceError::InvalidOption(format!("strength must be in [0, 1], got {}", self.strength)));
        }
        if !self.variation.is_finite() || !(0.0..=10.0).contains(&self.variation) {
            return Err(AceError::InvalidOption(format!("variation must be in [0, 10], got {}", self.variation)));
        }
        if self.max_side < 16 || self.style_max_side < 16 {
            return Err(AceError::InvalidOption("max_side and style_max_side must be at least 16".into()));
        }
        Ok(())
    }
}
