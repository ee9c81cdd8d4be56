//! Fitting any image to the network and back. The network needs sides that are a multiple of
//! 2^(VGG poolings) and not too small (reflection padding inside needs a few pixels per feature map);
//! users send anything from 1x1 to 4000x3000. So: downscale above `max_side` (and say so), stretch
//! very small sides up to the minimum, reflect-pad to the multiple, and undo it all on the way out.

use image::imageops::{FilterType, resize};
use image::RgbImage;

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
    pub note: Option<String>,
}

/// Smallest network input side: four times the pooling multiple keeps every reflection pad
/// (up to 3 px at full resolution, 1 px on the coarsest map) smaller than the map it pads.
pub fn min_side(multiple: usize) -> u32 {
    (4 * multiple) as u32
}

/// Prepares `image` for a network whose sides must be multiples of `multiple`.
pub fn fit(image: &RgbImage, max_side: u32, multiple: usize) -> Fitted {
    let (w, h) = image.dimensions();
    let (mut ow, mut oh) = (w, h);
    let mut note = None;
    if w.max(h) > max_side {
        let scale = max_side as f64 / w.max(h) as f64;
        ow = ((w as f64 * scale).round() as u32).clamp(1, max_side);
        oh = ((h as f64 * scale).round() as u32).clamp(1, max_side);
        note = Some(format!("downscaled from {w}x{h} to {ow}x{oh} (max side {max_side})"));
    }
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
    Fitted { pixels, padded: (ph, pw), work, output: (ow, oh), note }
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
        let px = |c: usize| ((output[c * ph * pw + i] + 1.0) * 127.5).round().clamp(0.0, 255.0) as u8;
        image::Rgb([px(0), px(1), px(2)])
    });
    if fitted.output != fitted.work {
        resize(&image, fitted.output.0, fitted.output.1, FilterType::Lanczos3)
    } else {
        image
    }
}
