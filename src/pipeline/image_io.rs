//! Decoding and encoding with the `image` crate, with limits checked *before* pixels are allocated, so a
//! hostile 60000x60000 PNG header is an error instead of an out-of-memory crash.

use std::io::Cursor;

use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};

use crate::error::{AceError, Result, SizeLimit};

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

/// Decodes PNG, JPEG, WebP, BMP or GIF bytes to RGB, upright: a phone stores the sensor's rows as they
/// came and an EXIF orientation tag that says how to turn them, which browsers and viewers apply, so a
/// picture is what its tag says it is (transparent pixels are laid on white).
pub fn decode_image(bytes: &[u8], limits: ImageLimits) -> Result<RgbImage> {
    if bytes.is_empty() {
        return Err(AceError::EmptyImage);
    }
    let reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| AceError::InvalidImage(e.to_string()))?;
    if reader.format().is_none() {
        return Err(AceError::InvalidImage("not a PNG, JPEG, WebP, BMP or GIF image".into()));
    }
    if reader.format() == Some(ImageFormat::Jpeg) {
        check_jpeg(bytes)?;
    }
    // The header's size, read without opening a decoder: png refuses to open a picture whose pixels
    // would not fit the address space (on wasm32, 2 GB), which would hide "too large" behind a
    // decoding error. A header imagesize cannot read goes to the decoder, which says what is wrong.
    let (width, height) = match imagesize::blob_size(bytes) {
        Ok(size) => (u32::try_from(size.width).unwrap_or(u32::MAX), u32::try_from(size.height).unwrap_or(u32::MAX)),
        Err(_) => reader.into_dimensions().map_err(|e| AceError::InvalidImage(e.to_string()))?,
    };
    check_size(width, height, limits)?;
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| AceError::InvalidImage(e.to_string()))?;
    let mut decoder_limits = Limits::default();
    decoder_limits.max_image_width = Some(limits.max_side);
    decoder_limits.max_image_height = Some(limits.max_side);
    decoder_limits.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(decoder_limits.clone());
    // A decoder's panic on damaged data is that input's error, not the caller's crash: zune-jpeg 0.5.15
    // (image's JPEG decoder) unwraps inside its AVX2 IDCT on some damaged baseline JPEGs (found by the
    // fuzzer: fuzz/corpus/image/crashes-*). Where panics abort (wasm), this cannot catch them.
    let image = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| upright(reader, decoder_limits)))
        .map_err(|_| AceError::InvalidImage("the decoder failed on damaged image data".into()))?
        .map_err(decoding_error)?;
    if image.color().has_alpha() { on_white(image.to_rgba8().as_raw(), image.width(), image.height()) } else { Ok(image.into_rgb8()) }
}

/// A decoder's error in words about the file: a reader that ran out of bytes means a cut-off file
/// (a truncated BMP said "failed to fill whole buffer").
fn decoding_error(error: image::ImageError) -> AceError {
    match &error {
        image::ImageError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            AceError::InvalidImage("the image data ends early: the file is truncated".into())
        }
        _ => AceError::InvalidImage(error.to_string()),
    }
}

/// Transparency's rule: a picture with an alpha channel is laid on white, as a page shows it; one with
/// no visible pixel at all is refused (its hidden colours are not the picture).
fn on_white(rgba: &[u8], width: u32, height: u32) -> Result<RgbImage> {
    if rgba.chunks_exact(4).all(|p| p[3] == 0) {
        return Err(AceError::InvalidImage("the picture is fully transparent: there is nothing to translate".into()));
    }
    let rgb = rgba
        .chunks_exact(4)
        .flat_map(|p| {
            let alpha = p[3] as u32;
            [0, 1, 2].map(|c| ((p[c] as u32 * alpha + 255 * (255 - alpha) + 127) / 255) as u8)
        })
        .collect();
    RgbImage::from_raw(width, height, rgb).ok_or_else(|| AceError::InvalidImage("pixel buffer size".into()))
}

/// `ImageReader::decode` plus the orientation: the decoder is asked for its EXIF orientation before it
/// decodes (a tag it cannot read counts as upright: the pixels are still the picture).
fn upright(reader: ImageReader<Cursor<&[u8]>>, mut limits: Limits) -> image::ImageResult<DynamicImage> {
    let mut decoder = reader.into_decoder()?;
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    limits.reserve(decoder.total_bytes())?;
    let mut image = DynamicImage::from_decoder(decoder)?;
    image.apply_orientation(orientation);
    Ok(image)
}

/// What a JPEG must pass before it is decoded for use: a coding the decoder supports, an end-of-image
/// marker after its last scan, and, for a sequential JPEG, every scan's data whole.
fn check_jpeg(bytes: &[u8]) -> Result<()> {
    let frame = first_frame(bytes);
    let unsupported = match frame {
        Some(0xC3 | 0xC7 | 0xCB | 0xCF) => Some("lossless coding"),
        Some(0xC5 | 0xC6 | 0xCD | 0xCE) => Some("hierarchical coding"),
        Some(0xC9 | 0xCA) => Some("arithmetic coding"),
        _ => None,
    };
    if let Some(coding) = unsupported {
        return Err(AceError::InvalidImage(format!(
            "this JPEG uses {coding}, which is not supported: save it again as an ordinary (baseline or progressive) JPEG or a PNG"
        )));
    }
    if jpeg_is_truncated(bytes) {
        return Err(AceError::InvalidImage(
            "the JPEG data ends early (no end-of-image marker after its last scan): the file is truncated".into(),
        ));
    }
    // Sequential frames only: a progressive decoder reads past a whole file's last scan as well, so
    // the test below cannot tell a cut progressive file from a whole one.
    if matches!(frame, Some(0xC0 | 0xC1)) {
        if let Err(error) = scans_are_whole(bytes) {
            return Err(AceError::InvalidImage(format!("the JPEG's image data is cut short or damaged ({error})")));
        }
    }
    Ok(())
}

/// The first start-of-frame marker's second byte (C0 baseline, C1 extended, C2 progressive; the
/// others are lossless, hierarchical or arithmetic codings, which the decoder cannot read and would
/// report as "Number of components cannot be zero"). `None` when the headers end first.
fn first_frame(bytes: &[u8]) -> Option<u8> {
    let mut i = 2;
    while i + 4 <= bytes.len() && bytes[i] == 0xFF {
        match bytes[i + 1] {
            0xFF => {
                i += 1;
                continue;
            }
            0xDA => return None,
            marker @ (0xC0..=0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF) => return Some(marker),
            _ => {}
        }
        i += 2 + u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]) as usize;
    }
    None
}

/// Whether every scan's data is all there. A decoder that meets the end-of-image marker inside a scan
/// fills the rest of the picture with zero bits and says nothing (zune-jpeg, as libjpeg, only warns),
/// so a file cut in half with a marker appended decodes to a grey half. Without its final marker the
/// same data makes the decoder run out of bytes, which its strict mode reports ("Exhausted data",
/// "Premature end of buffer"), while a whole scan ends before its data does. An error that is not about the data ending
/// (strict mode also objects to harmless oddities some cameras write) is left to the lenient decode.
fn scans_are_whole(bytes: &[u8]) -> std::result::Result<(), String> {
    let Some(end) = bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]) else { return Ok(()) };
    let options = zune_core::options::DecoderOptions::default().set_strict_mode(true);
    let mut decoder = zune_jpeg::JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(&bytes[..end]), options);
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| decoder.decode())) {
        Ok(Err(error @ zune_jpeg::errors::DecodeErrors::ExhaustedData)) => Err(error.to_string()),
        Ok(Err(error)) if error.to_string().contains("Premature end") => Err(error.to_string()),
        _ => Ok(()),
    }
}

/// Whether a JPEG stops before its end-of-image marker. The decoder fills a cut-off photo with grey
/// and reports nothing, so we look ourselves: the entropy-coded data of a scan cannot contain the
/// bytes FF D9 (0xFF is always followed by 00 or a restart marker there), so a whole file has an
/// end-of-image marker after the start of its last scan. An embedded thumbnail's own marker comes
/// before the main image's scans and does not count.
fn jpeg_is_truncated(bytes: &[u8]) -> bool {
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    match last_scan {
        Some(start) => !bytes[start..].windows(2).any(|w| w == [0xFF, 0xD9]),
        None => true,
    }
}

/// Rejects zero-sized, too small and over-limit images.
pub fn check_size(width: u32, height: u32, limits: ImageLimits) -> Result<()> {
    if width == 0 || height == 0 {
        return Err(AceError::InvalidImage(format!("the image has no pixels ({width}x{height})")));
    }
    if width < limits.min_side || height < limits.min_side {
        return Err(AceError::ImageTooSmall { width, height, min_side: limits.min_side });
    }
    if width > limits.max_side || height > limits.max_side {
        return Err(AceError::ImageTooLarge { width, height, limit: SizeLimit::Side(limits.max_side) });
    }
    if width as u64 * height as u64 > limits.max_pixels {
        return Err(AceError::ImageTooLarge { width, height, limit: SizeLimit::Pixels(limits.max_pixels) });
    }
    Ok(())
}

/// An RGB image from raw RGBA bytes (a canvas' `ImageData`): laid on white as a decoded picture is,
/// sizes are checked.
pub fn from_rgba(rgba: &[u8], width: u32, height: u32, limits: ImageLimits) -> Result<RgbImage> {
    if rgba.is_empty() {
        return Err(AceError::EmptyImage);
    }
    check_size(width, height, limits)?;
    let expected = width as usize * height as usize * 4;
    if rgba.len() != expected {
        return Err(AceError::InvalidImage(format!("{width}x{height} RGBA needs {expected} bytes, got {}", rgba.len())));
    }
    on_white(rgba, width, height)
}

/// RGBA bytes (opaque) of an RGB image, the layout of a canvas' `ImageData`.
pub fn to_rgba(image: &RgbImage) -> Vec<u8> {
    image.pixels().flat_map(|p| [p.0[0], p.0[1], p.0[2], 255]).collect()
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

/// Channel-major `[3, height, width]` values in [-1, 1] (a network's output) as an RGB image, each
/// value rounded to the nearest of 256 levels and clamped.
pub fn from_chw(chw: &[f32], width: u32, height: u32) -> RgbImage {
    let plane = width as usize * height as usize;
    RgbImage::from_fn(width, height, |x, y| {
        let i = y as usize * width as usize + x as usize;
        image::Rgb([0, 1, 2].map(|c| level(chw[c * plane + i])))
    })
}

/// A network's value in [-1, 1] as the nearest of 256 levels, clamped.
pub fn level(value: f32) -> u8 {
    ((value + 1.0) * 127.5).round().clamp(0.0, 255.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg() -> Vec<u8> {
        let image = RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 128]));
        let mut out = Cursor::new(Vec::new());
        image.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    #[test]
    fn a_whole_jpeg_decodes_and_a_cut_one_is_an_error() {
        let bytes = jpeg();
        assert!(decode_image(&bytes, ImageLimits::default()).is_ok());
        for keep in [bytes.len() - 2, bytes.len() * 3 / 4, bytes.len() / 2] {
            match decode_image(&bytes[..keep], ImageLimits::default()) {
                Err(AceError::InvalidImage(message)) => assert!(message.contains("truncated"), "{message}"),
                other => panic!("{keep} of {} bytes: {other:?}", bytes.len()),
            }
        }
        // Bytes after the end-of-image marker (some cameras pad files) are harmless.
        let padded = [bytes.as_slice(), &[0u8; 64]].concat();
        assert!(decode_image(&padded, ImageLimits::default()).is_ok());
    }
}
