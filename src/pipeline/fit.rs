//! Fitting any image to the network and back. The network needs sides that are a multiple of
//! 2^(VGG poolings) and not too small (reflection padding inside needs a few pixels per feature map);
//! users send anything from 1x1 to 4000x3000. So: downscale above `max_side` (and say so), stretch
//! very small sides up to the minimum, reflect-pad to the multiple, and undo it all on the way out.

use image::RgbImage;
use image::imageops::{FilterType, resize};

use crate::error::SizeLimit;

/// An image prepared for the network, with what is needed to map the result back.
#[derive(Clone, Debug)]
pub struct Fitted {
    /// `[3, height, width]` in [-1, 1], channel-major, already padded.
    pub pixels: Vec<f32>,
    /// Padded network input size (height, width).
    pub padded: (usize, usize),
    /// Size before padding (width, height): the region of the output to keep.
    pub work: (u32, u32),
    /// Size handed back to the caller (width, height).
    pub output: (u32, u32),
    /// Set when the image was downscaled, saying from and to what.
    pub downscaled: Option<Downscaled>,
}

/// Smallest network input side: four times the pooling multiple keeps every reflection pad
/// (up to 3 px at full resolution, 1 px on the coarsest map) smaller than the map it pads.
pub fn min_side(multiple: usize) -> u32 {
    (4 * multiple) as u32
}

/// The most pixels one translation works on after fitting (2048 x 2048): VGG's first layers hold 64
/// values per pixel, so this keeps one activation near 1 GB as f32. Above it: `ImageTooLarge`.
pub const MAX_WORKING_PIXELS: u64 = 2048 * 2048;

/// The size an image is translated at: downscaled so its longer side is at most `max_side`.
pub fn downscaled(w: u32, h: u32, max_side: u32) -> (u32, u32) {
    if w.max(h) <= max_side {
        return (w, h);
    }
    let scale = max_side as f64 / w.max(h) as f64;
    (((w as f64 * scale).round() as u32).clamp(1, max_side), ((h as f64 * scale).round() as u32).clamp(1, max_side))
}

/// Checks, before any pixel is resampled, that a `w` x `h` image fits a translation: its area after
/// fitting is at most `MAX_WORKING_PIXELS`, and downscaling leaves its shorter side at least
/// `min_side` pixels (an image more than `max_side / min_side` times longer than wide has no shape
/// left to keep: `ImageTooSmall` with the downscaled size).
pub fn check_fit(w: u32, h: u32, max_side: u32, multiple: usize, min_side_px: u32) -> crate::error::Result<()> {
    let (ow, oh) = downscaled(w, h, max_side);
    if ow.min(oh) < min_side_px {
        return Err(crate::error::AceError::ImageTooSmall { width: ow, height: oh, min_side: min_side_px });
    }
    let (pw, ph) = padded(ow, oh, multiple);
    if pw * ph > MAX_WORKING_PIXELS {
        return Err(crate::error::AceError::ImageTooLarge { width: ow, height: oh, limit: SizeLimit::Pixels(MAX_WORKING_PIXELS) });
    }
    Ok(())
}

/// The network's input size for an image translated at `ow` x `oh`: at least the minimum side, and
/// each side a multiple of `multiple`.
pub(crate) fn padded(ow: u32, oh: u32, multiple: usize) -> (u64, u64) {
    let floor = min_side(multiple) as usize;
    let side = |s: u32| ((s as usize).max(floor).div_ceil(multiple) * multiple) as u64;
    (side(ow), side(oh))
}

/// An image that comes back smaller than it went in: from which size to which, under which `max_side`.
/// Its `Display` is the sentence a command line or a page shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Downscaled {
    pub from: (u32, u32),
    pub to: (u32, u32),
    pub max_side: u32,
}

impl std::fmt::Display for Downscaled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ((w, h), (ow, oh)) = (self.from, self.to);
        write!(f, "downscaled from {w}x{h} to {ow}x{oh} (max side {})", self.max_side)
    }
}

/// Whether a `w` x `h` image comes back smaller (at most `max_side`), and how.
pub fn downscale(w: u32, h: u32, max_side: u32) -> Option<Downscaled> {
    let to = downscaled(w, h, max_side);
    (to != (w, h)).then_some(Downscaled { from: (w, h), to, max_side })
}

/// Prepares `image` for a network whose sides must be multiples of `multiple`.
pub fn fit(image: &RgbImage, max_side: u32, multiple: usize) -> Fitted {
    let (w, h) = image.dimensions();
    let (ow, oh) = downscaled(w, h, max_side);
    let downscaled = downscale(w, h, max_side);
    let floor = min_side(multiple);
    let work = (ow.max(floor), oh.max(floor));
    let resized;
    let source = if work != (w, h) {
        resized = resize(image, work.0, work.1, FilterType::Lanczos3);
        &resized
    } else {
        image
    };
    let m = multiple;
    let (ww, wh) = (work.0 as usize, work.1 as usize);
    let (pw, ph) = (ww.div_ceil(m) * m, wh.div_ceil(m) * m);
    let mut pixels = vec![0.0f32; 3 * pw * ph];
    for y in 0..ph {
        let sy = reflect(y, wh);
        for x in 0..pw {
            let sx = reflect(x, ww);
            let p = source.get_pixel(sx as u32, sy as u32).0;
            for c in 0..3 {
                pixels[c * ph * pw + y * pw + x] = p[c] as f32 / 127.5 - 1.0;
            }
        }
    }
    Fitted { pixels, padded: (ph, pw), work, output: (ow, oh), downscaled }
}

/// Mirror index beyond the end without repeating the edge (numpy's "reflect"). Padding is always
/// smaller than the side, so one reflection suffices.
fn reflect(i: usize, n: usize) -> usize {
    if i < n { i } else { 2 * (n - 1) - i }
}

/// Network output `[3, padded_h, padded_w]` in [-1, 1] back to the caller's image.
pub fn unfit(output: &[f32], fitted: &Fitted) -> RgbImage {
    let (ph, pw) = fitted.padded;
    let (ww, wh) = fitted.work;
    let image = RgbImage::from_fn(ww, wh, |x, y| {
        let i = y as usize * pw + x as usize;
        let px = |c: usize| super::image_io::level(output[c * ph * pw + i]);
        image::Rgb([px(0), px(1), px(2)])
    });
    if fitted.output != fitted.work { resize(&image, fitted.output.0, fitted.output.1, FilterType::Lanczos3) } else { image }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::AceError;

    #[test]
    fn the_working_size_is_bounded_before_any_pixel_is_touched() {
        // A 16384x3906 panorama at the largest max_side fits: 4096x977 is under the area cap.
        assert!(check_fit(16_384, 3_906, 4_096, 4, 8).is_ok());
        // An 8000x8000 photo at max_side 4096 would be 16.8 MP of work: refused, with the working size.
        match check_fit(8_000, 8_000, 4_096, 4, 8) {
            Err(AceError::ImageTooLarge { width: 4_096, height: 4_096, limit }) => assert_eq!(limit, SizeLimit::Pixels(MAX_WORKING_PIXELS)),
            other => panic!("{other:?}"),
        }
        // 8x8000 at max_side 1024 would become 1x1024: no shape left, refused with that size.
        match check_fit(8, 8_000, 1_024, 4, 8) {
            Err(AceError::ImageTooSmall { width: 1, height: 1_024, min_side: 8 }) => {}
            other => panic!("{other:?}"),
        }
        // The rule's edge: 1:128 at 1024 keeps 8 px.
        assert!(check_fit(64, 8_192, 1_024, 4, 8).is_ok());
    }

    #[test]
    fn fit_then_unfit_gives_back_the_size_and_the_pixels() {
        let image = RgbImage::from_fn(37, 21, |x, y| image::Rgb([(x * 6) as u8, (y * 12) as u8, ((x + y) * 3) as u8]));
        let fitted = fit(&image, 1_024, 4);
        assert_eq!(fitted.work, (37, 21));
        assert_eq!(fitted.padded, (24, 40), "padded up to multiples of 4");
        assert!(fitted.downscaled.is_none());
        // The network's identity: the same pixels come back, cropped to the photo.
        assert_eq!(unfit(&fitted.pixels, &fitted), image);
        // Downscaling is said, and undone on the way out to the downscaled size.
        let fitted = fit(&image, 16, 4);
        assert_eq!(fitted.output, (16, 9));
        assert_eq!(fitted.downscaled, Some(Downscaled { from: (37, 21), to: (16, 9), max_side: 16 }));
        assert_eq!(fitted.downscaled.unwrap().to_string(), "downscaled from 37x21 to 16x9 (max side 16)");
        assert_eq!(unfit(&fitted.pixels, &fitted).dimensions(), (16, 9));
    }
}
