//! The classic baseline of `ace eval`: colour-statistics transfer in CIE Lab (Reinhard et al. 2001,
//! "Color Transfer between Images", with Lab for their lαβ). Each of L, a, b of the content photo is
//! shifted and scaled to the style photo's mean and standard deviation. It changes colour and
//! contrast, never shape or texture: what a translation model must beat to be worth its compute.
//!
//! Why not AdaIN on VGG features (the other baseline one might expect): ACE's decoder reads the
//! content encoder's code, not VGG features, so re-normalised VGG features cannot be decoded by the
//! same decoder, and a separately trained VGG decoder would be a second model, not a baseline.

use image::{Rgb, RgbImage};
use palette::{IntoColor, Lab, Srgb};

/// Per-channel mean and standard deviation of L, a, b.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabStatistics {
    pub mean: [f32; 3],
    pub std: [f32; 3],
}

fn to_lab(image: &RgbImage) -> Vec<[f32; 3]> {
    image
        .pixels()
        .map(|p| {
            let lab: Lab = Srgb::new(p[0], p[1], p[2]).into_format::<f32>().into_linear::<f32>().into_color();
            [lab.l, lab.a, lab.b]
        })
        .collect()
}

fn statistics(lab: &[[f32; 3]]) -> LabStatistics {
    let n = lab.len().max(1) as f64;
    let mut mean = [0f64; 3];
    for p in lab {
        for c in 0..3 {
            mean[c] += p[c] as f64 / n;
        }
    }
    let mut var = [0f64; 3];
    for p in lab {
        for c in 0..3 {
            var[c] += (p[c] as f64 - mean[c]).powi(2) / n;
        }
    }
    LabStatistics { mean: mean.map(|m| m as f32), std: var.map(|v| v.sqrt() as f32) }
}

impl LabStatistics {
    pub fn of(image: &RgbImage) -> Self {
        statistics(&to_lab(image))
    }
}

/// `content` recoloured to `style`'s Lab statistics; a flat channel (std 0) is only shifted.
pub fn transfer(content: &RgbImage, style: &LabStatistics) -> RgbImage {
    let lab = to_lab(content);
    let own = statistics(&lab);
    let gain: [f32; 3] = std::array::from_fn(|c| if own.std[c] > 1e-6 { style.std[c] / own.std[c] } else { 1.0 });
    let pixels = lab.iter().map(|p| {
        let v: [f32; 3] = std::array::from_fn(|c| (p[c] - own.mean[c]) * gain[c] + style.mean[c]);
        let rgb: Srgb = Srgb::from_linear(Lab::new(v[0], v[1], v[2]).into_color());
        // Out-of-gamut colours are clipped, as in the paper's implementations.
        Rgb([rgb.red, rgb.green, rgb.blue].map(|x| (x.clamp(0.0, 1.0) * 255.0).round() as u8))
    });
    let mut out = RgbImage::new(content.width(), content.height());
    for (dst, src) in out.pixels_mut().zip(pixels) {
        *dst = src;
    }
    out
}
