//! Decoding and encoding with the `image` crate, with limits checked *before* pixels are allocated, so a
//! hostile 60000x60000 PNG header is an error instead of an out-of-memory crash.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::{AceError, Result};

/// What we agree to decode.
#[derive(Clone, Copy, Debug)]
pub struct ImageLimits {
    /// Largest accepted width * height (default 64 megapixels: a 8000x8000 photo).
    pub max_pixels: u64,
    /// Largest accepted side (default 16384).
    pub max_side: u32,
    /// Smallest accepted side (default 8): below it there is no structure to keep or style to read,
    /// and a 1x1 input is almost always a caller's bug (an unloaded image, a zero-sized canvas).
    pub min_side: u32,
}

impl Default for ImageLimits {
    fn default() -> Self {
        Self { max_pixels: 64_000_000, max_side: 16_384, min_side: 8 }
    }
}

/// Decodes PNG, JPEG, WebP, BMP or GIF bytes to RGB (alpha is dropped, EXIF orientation ignored).
pub fn decode_image(bytes: &[u8], limits: ImageLimits) -> Result<RgbImage> {
    if bytes.is_empty() {
        return Err(AceError::EmptyImage);
    }
    let reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| AceError::InvalidImage(e.to_string()))?;
    if reader.format().is_none() {
        return Err(AceError::InvalidImage("not a PNG, JPEG, WebP, BMP or GIF image".into()));
    }
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| AceError::InvalidImage(e.to_string()))?;
    check_size(width, height, limits)?;
    let mut reader = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| AceError::InvalidImage(e.to_string()))?;
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(decoder_limits);
    let image = reader.decode().map_err(|e| AceError::InvalidImage(e.to_string()))?;
    Ok(image.into_rgb8())
}

/// Rejects zero-sized, too small and over-limit images.
pub fn check_size(width: u32, height: u32, limits: ImageLimits) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(AceError::InvalidImage(format!("the image has no pixels ({width}x{height})")));
    }
    if width < limits.min_side || height < limits.min_side {
        return Err(AceError::ImageTooSmall { width, height, min_side: limits.min_side });
    }
    if width > limits.max_side || height > limits.max_side || width as u64 * height as u64 > limits.max_pixels {
        return Err(AceError::ImageTooLarge { width, height, max_pixels: limits.max_pixels });
    }
    Ok(())
}

/// An RGB image from raw RGBA bytes (a canvas' `ImageData`): alpha is dropped, sizes are checked.
pub fn from_rgba(rgba: &[u8], width: u32, height: u32, limits: ImageLimits) -> Result<RgbImage> {
    if rgba.is_empty() {
        return Err(AceError::EmptyImage);
    }
    check_size(width, height, limits)?;
    let expected = width as usize * height as usize * 4;
    if rgba.len() != expected {
        return Err(AceError::InvalidImage(format!(
            "{width}x{height} RGBA needs {expected} bytes, got {}",
            rgba.len()
        )));
    }
    let rgb = rgba.chunks_exact(4).flat_map(|p| [p[0], p[1], p[2]]).collect();
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| AceError::InvalidImage("pixel buffer size".into()))
}

/// RGBA bytes (opaque) of an RGB image, the layout of a canvas' `ImageData`.
pub fn to_rgba(image: &RgbImage) -> Vec<u8> {
    image.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2], 255]).collect()
}

/// PNG bytes of an RGB image.
pub fn encode_png(image: &RgbImage) -> Result<Vec<u8>> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, ImageFormat::Png).map_err(|e| AceError::Backend(format!("PNG encoding: {e}")))?;
    Ok(out.into_inner())
}

/// An RGB image as network input: channel-major `[3, height, width]` values in [-1, 1].
pub fn to_chw(image: &RgbImage) -> Vec<f32> {
    let (w, h) = (image.width() as usize, image.height() as usize);
    let mut chw = vec![0.0f32; 3 * w * h];
    for (x, y, p) in image.enumerate_pixels() {
        for c in 0..3 {
            chw[c * w * h + y as usize * w + x as usize] = p.0[c] as f32 / 127.5 - 1.0;
        }
    }
    chw
}
