//! The knobs of one translation.

use crate::error::{AceError, Result};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TranslateOptions {
    /// How much of the translation is laid over the photo: 0 gives the photo back unchanged, 1 the
    /// full translation, values between blend the two pixel by pixel.
    pub strength: f32,
    /// How far the seed moves the style code when a style image is given (0: the seed is irrelevant).
    /// Without a style image the seed always draws the whole style around the domain code. The default,
    /// 0.3, was chosen by stage 5's rule 42 (`experiments/stage-5/README.md`) for the shipped model on
    /// the page's route: 0.6 and 1.0 spread the seeds' pictures further (pixel spread 31.5 and 46.9
    /// against 16.9) but cost cats beyond the noise (target rate 0.430 and 0.352 against 0.505).
    pub variation: f32,
    /// Content images with a longer side are downscaled to it first (the output has that size).
    pub max_side: u32,
    /// Style images are encoded at most this large: the style code is a global statistic, and more
    /// pixels only cost time.
    pub style_max_side: u32,
    /// The side the network works at when the output is larger: the translation is made at this size
    /// and carried up to the output's with the photo's own detail (`pipeline::detail`). `None`: the
    /// network works at the output's size. The default, 128 px, is the scale the model was trained at,
    /// chosen by stage 5's rules 9 and 10 (`experiments/stage-5/README.md`): the judge called 0.130 of
    /// translated dogs cats at 256 px output and 0.145 at 512 carried up from 128, against 0.027 and
    /// 0.000 for the network's own 256 and 512 px translations.
    pub model_side: Option<u32>,
    /// How much of the photo's own detail a translation carried up from `model_side` takes (0-1): 1
    /// adds the photo's whole detail band (sharp, with some of the source's texture), 0 only upsamples
    /// the translation (soft, the translation's look alone). The default, 0.25, is what stage 5's rule
    /// 17 (`experiments/stage-5/RULE.md`) chose for the shipped model: the first share whose 256 px
    /// target rate reached the 128 px one on the choosing half (0.429 against 0.417; the whole band
    /// kept 0.376).
    pub detail: f32,
    /// Where the detail band carried up comes from: the photo (its own fine detail, and with it some of
    /// the source's texture), the network's own translation at the output's size (its rendering of
    /// the photo in the style, one more pass of the network at that size), or the decoder alone drawing
    /// at the output's size on the working size's layout (one more pass of the decoder); or the photo's
    /// band gated pixel by pixel by how closely the translation follows the photo (`guided`). The
    /// network's and the decoder's not with `full_size`, whose output the network does not work at.
    pub detail_from: DetailFrom,
    /// The output keeps the photo's own size, however large (up to `ImageLimits`): the network still
    /// works at most at `max_side` (at `model_side` where one is set), and the result is carried up to
    /// the photo's size with its detail, in memory that grows with the output, not with the network.
    pub full_size: bool,
    /// A translation carried up from `model_side` to an output at least twice its side is first
    /// enlarged 2x by the model's learned upscaler (`nn::upscaler`), where the weights file has one, and
    /// the photo's band is carried only above that. A file without one, or detail drawn at the output's
    /// size (which replaces the enlargement), carries the translation up as before. On by default: with
    /// the shipped upscaler the judge called 0.518 of the deciding half's 256 px outputs cats, against
    /// 0.406 carried up with the photo's band and 0.465 at 128 px (stage 5's rule 41,
    /// `experiments/stage-5/RULE.md`).
    pub upscale: bool,
}

impl Default for TranslateOptions {
    /// The native defaults: photos are translated at up to 1024 px on their longer side.
    fn default() -> Self {
        Self { strength: 1.0, variation: 0.3, max_side: 1024, style_max_side: 256, model_side: Some(MODEL_SIDE), detail: DETAIL, detail_from: DetailFrom::Photo, full_size: false, upscale: true }
    }
}

/// The source of the detail band a translation carried up from `model_side` takes
/// (`TranslateOptions::detail_from`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DetailFrom {
    /// The photo's own detail band.
    #[default]
    Photo,
    /// The detail band of the network's own translation at the output's size (same style code and seed).
    Network,
    /// The detail band of the decoder drawing at the output's size on the working size's layout
    /// (same style code and seed): the layout of the translation that is carried up, rendered at the
    /// number of pixels per layout cell the decoder learnt, where the network's own pass at that size
    /// reads a face twice as large as it learnt and repeats its parts.
    Decoder,
    /// The photo's own detail band, its share at each pixel gated by how closely the translation
    /// follows the photo there (`pipeline::detail::guide_gate`): the photo's outlines where the
    /// translation kept them, little of its texture where the network drew its own.
    Guided,
}

impl DetailFrom {
    /// The word that names it wherever an option is spelt out (`--detail-from`, `detailFrom`, reports).
    pub fn name(self) -> &'static str {
        match self {
            Self::Photo => "photo",
            Self::Network => "network",
            Self::Decoder => "decoder",
            Self::Guided => "guided",
        }
    }

    /// Every source, in the order the words are listed in errors and help.
    pub const ALL: [Self; 4] = [Self::Photo, Self::Network, Self::Decoder, Self::Guided];

    /// The words, quoted and listed, as errors name them: `"photo", "network", "decoder", "guided"`.
    pub fn words() -> String {
        Self::ALL.iter().map(|from| format!("{:?}", from.name())).collect::<Vec<_>>().join(", ")
    }

    /// Whether the band is drawn by a second pass at the output's size (which `full_size` refuses).
    pub fn draws_at_output(self) -> bool {
        matches!(self, Self::Network | Self::Decoder)
    }
}

impl std::str::FromStr for DetailFrom {
    type Err = AceError;

    fn from_str(word: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|from| from.name() == word)
            .ok_or_else(|| AceError::InvalidOption(format!("detail_from must be one of {}, got {word:?}", Self::words())))
    }
}

impl TranslateOptions {
    /// The browser's defaults (the npm package and the page): as native, but photos are translated at
    /// up to 512 px. A phone's GPU, or one wasm thread on its CPU, translates that in a few seconds;
    /// 1024 px costs four times as long and a WebGPU buffer a phone may not have.
    pub fn browser() -> Self {
        Self { max_side: 512, ..Self::default() }
    }
}

/// The side the network works at by default (`TranslateOptions::model_side`).
pub const MODEL_SIDE: u32 = 128;

/// The share of the photo's detail band carried up by default (`TranslateOptions::detail`).
pub const DETAIL: f32 = 0.25;

/// The largest `max_side` accepted: a 4096 px side already makes VGG's first layers hold gigabytes, and
/// `fit::MAX_WORKING_PIXELS` caps the area whatever the side.
pub const MAX_SIDE_LIMIT: u32 = 4096;
/// The largest `style_max_side`: the style code is a global statistic, more pixels add nothing.
pub const STYLE_SIDE_LIMIT: u32 = 1024;

impl TranslateOptions {
    pub fn validate(&self) -> Result<()> {
        if !(0.0..=1.0).contains(&self.strength) {
            return Err(AceError::InvalidOption(format!("strength must be in [0, 1], got {}", self.strength)));
        }
        if !self.variation.is_finite() || !(0.0..=10.0).contains(&self.variation) {
            return Err(AceError::InvalidOption(format!("variation must be in [0, 10], got {}", self.variation)));
        }
        if !(0.0..=1.0).contains(&self.detail) {
            return Err(AceError::InvalidOption(format!("detail must be in [0, 1], got {}", self.detail)));
        }
        if self.detail_from.draws_at_output() && self.full_size {
            return Err(AceError::InvalidOption(format!(
                "detail from the {} needs the network to work at the output's size, which full_size does not",
                self.detail_from.name()
            )));
        }
        if self.max_side < 16 || self.style_max_side < 16 {
            return Err(AceError::InvalidOption("max_side and style_max_side must be at least 16".into()));
        }
        if self.max_side > MAX_SIDE_LIMIT {
            return Err(AceError::InvalidOption(format!("max_side must be at most {MAX_SIDE_LIMIT}, got {}", self.max_side)));
        }
        if let Some(side) = self.model_side {
            if !(16..=MAX_SIDE_LIMIT).contains(&side) {
                return Err(AceError::InvalidOption(format!("model_side must be from 16 to {MAX_SIDE_LIMIT}, got {side}")));
            }
        }
        if self.style_max_side > STYLE_SIDE_LIMIT {
            return Err(AceError::InvalidOption(format!("style_max_side must be at most {STYLE_SIDE_LIMIT}, got {}", self.style_max_side)));
        }
        Ok(())
    }
}
