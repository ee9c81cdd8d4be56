//! What one evaluation reports (`report.json`, and the pictures of its HTML page): every number with
//! the inputs and settings that made it.

use image::RgbImage;
use serde::Serialize;

#[derive(Serialize)]
pub struct FileId {
    pub path: String,
    pub sha256: String,
}

#[derive(Serialize)]
pub struct Settings {
    pub side: u32,
    pub seeds: u64,
    pub style_seed: u64,
    pub classifier_side: usize,
    /// The ImageNet ids that count as the target domain.
    pub target_classes: String,
    pub variation: f32,
    /// Absent when the network worked at `side`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub model_side: Option<u32>,
    /// The share of the photo's detail band carried up; absent when nothing was carried.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<f32>,
    /// Where that band came from when not from the photo at one share (`DetailFrom::name`: `network`,
    /// the network's own translation, `decoder`, the decoder on the carried translation's layout, or
    /// `guided`, the photo's band gated pixel by pixel); absent for the photo's (or when nothing was
    /// carried).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail_from: Option<&'static str>,
    /// Set when the translation was enlarged by the model's learned upscaler before any band was carried.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub upscale: bool,
    /// The side the style photos were encoded at; absent when it is `side`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub style_side: Option<u32>,
}

/// Numbers that do not depend on any method: where S and T stand before translation.
#[derive(Serialize)]
pub struct Reference {
    pub source_images: usize,
    pub target_images: usize,
    /// Share of the real target test photos the classifier puts in the target domain's classes (the ceiling a method can reach).
    pub target_rate_of_target: f64,
    /// ... and of the untranslated source photos (the identity baseline's rate).
    pub target_rate_of_source: f64,
    /// Share of the untranslated source photos the classifier puts in the source domain's classes.
    pub source_rate_of_source: f64,
    pub kid_source_to_target: f64,
    pub frechet_source_to_target: f64,
}

#[derive(Serialize)]
pub struct MethodNumbers {
    pub name: String,
    pub description: String,
    pub uses_seed: bool,
    pub target_rate: f64,
    pub kid: f64,
    pub frechet: f64,
    pub gap_closed_kid: f64,
    pub gap_closed_frechet: f64,
    pub diversity: f64,
    /// Mean pairwise |a - b| of one photo's outputs over the seeds, in levels of 0-255 at `side`.
    pub pixel_spread: f64,
    pub content_kept: f64,
}

/// Everything about one source photo, so any number in the report can be traced back.
#[derive(Clone, Serialize)]
pub struct PerImage {
    pub source: String,
    pub style: String,
    /// The classifier's top class for ACE's output at each seed.
    pub ace_classes: Vec<usize>,
    /// ... and without the style photo.
    pub ace_no_style_classes: Vec<usize>,
    pub identity_class: usize,
    pub lab_class: usize,
    pub ace_content_kept: f64,
    pub lab_content_kept: f64,
}

#[derive(Serialize)]
pub struct EvalReport {
    /// The command line that produced this report (run from the repository root).
    pub command: String,
    pub weights: FileId,
    pub classifier: FileId,
    pub settings: Settings,
    pub reference: Reference,
    pub methods: Vec<MethodNumbers>,
    pub target: Vec<String>,
    pub images: Vec<PerImage>,
    pub elapsed_s: f64,
}

/// The pictures the HTML page shows for one source photo.
pub struct ShowcaseRow {
    pub source: RgbImage,
    pub style: RgbImage,
    pub ace: Vec<RgbImage>,
    pub lab: RgbImage,
    pub ace_classes: Vec<usize>,
    pub lab_class: usize,
    pub identity_class: usize,
}
