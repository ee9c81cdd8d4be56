//! Pixels across the JS boundary, and the two host-side helpers that need no device.

use wasm_bindgen::prelude::*;

use super::js_error::to_js;
use crate::pipeline::{ImageLimits, StyleCode, decode_image as decode, to_rgba};

/// An RGBA image (the layout of `ImageData`), plus what the pipeline had to say about it.
#[wasm_bindgen]
pub struct Picture {
    width: u32,
    height: u32,
    rgba: Vec<u8>,
    style: Vec<f32>,
    note: Option<String>,
}

impl Picture {
    pub fn new(image: &image::RgbImage, style: Vec<f32>, note: Option<String>) -> Self {
        Self { width: image.width(), height: image.height(), rgba: to_rgba(image), style, note }
    }
}

#[wasm_bindgen]
impl Picture {
    #[wasm_bindgen(getter)]
    pub fn width(&self) -> u32 {
        self.width
    }

    #[wasm_bindgen(getter)]
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The RGBA bytes, copied into a fresh `Uint8Array` (straight out of wasm memory: no second copy
    /// inside it, which for a full-size photo would be hundreds of megabytes at its peak).
    #[wasm_bindgen(getter)]
    pub fn rgba(&self) -> js_sys::Uint8Array {
        js_sys::Uint8Array::from(self.rgba.as_slice())
    }

    /// The style code that was decoded (empty for a decoded input image).
    #[wasm_bindgen(getter)]
    pub fn style(&self) -> Vec<f32> {
        self.style.clone()
    }

    /// Set when the input was downscaled first.
    #[wasm_bindgen(getter)]
    pub fn note(&self) -> Option<String> {
        self.note.clone()
    }
}

/// Decodes PNG/JPEG/WebP/BMP/GIF bytes with the library's limits (typed errors for empty, corrupt,
/// too large or too small images).
#[wasm_bindgen(js_name = decodeImage)]
pub fn decode_image(bytes: &[u8], max_pixels: Option<f64>) -> Result<Picture, JsValue> {
    // `decode` checks the size limits (from the header, before allocating).
    let image = decode(bytes, limits(max_pixels)).map_err(to_js)?;
    Ok(Picture::new(&image, Vec::new(), None))
}

/// A weighted mix of style codes given back to back in `codes` (each `dim` numbers long).
#[wasm_bindgen(js_name = mixStyles)]
pub fn mix_styles(codes: &[f32], dim: usize, weights: &[f32]) -> Result<Vec<f32>, JsValue> {
    if dim == 0 || codes.len() % dim != 0 {
        return Err(to_js(crate::AceError::InvalidOption(format!("{} numbers are not whole style codes of {dim}", codes.len()))));
    }
    let codes: Vec<StyleCode> = codes.chunks(dim).map(|c| StyleCode(c.to_vec())).collect();
    StyleCode::mix(&codes, weights).map(|c| c.0).map_err(to_js)
}

/// The sha256 of some bytes, lowercase hex (checks a downloaded or cached weights file; works where
/// `crypto.subtle` does not, e.g. on a plain-http intranet page).
#[wasm_bindgen(js_name = sha256Hex)]
pub fn sha256_hex(bytes: &[u8]) -> String {
    crate::weights::digest::sha256_hex(bytes)
}

pub fn limits(max_pixels: Option<f64>) -> ImageLimits {
    let mut limits = ImageLimits::default();
    if let Some(max) = max_pixels.filter(|m| m.is_finite() && *m >= 1.0) {
        limits.max_pixels = max as u64;
    }
    limits
}
