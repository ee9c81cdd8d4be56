//! Carrying a translation made at the model's scale up to a larger output with the photo's own detail
//! (a one-level Laplacian detail transfer). The model learnt "cat" from 64-128 px crops; at 256 px and
//! above its network sees fur-sized patches and the target rate falls (stage 5's rule 9). So the
//! network can work small and the photo supplies what only the larger size holds: the band of detail
//! between the two scales, `photo - up(down(photo))`, added to `up(translation)`.
//!
//! The same down- and up-sampling filters are used on both paths, so a translation that returned its
//! input unchanged would give the photo back exactly (to rounding): the transfer adds no detail of its
//! own, only the photo's.

use image::imageops::{FilterType, resize};
use image::RgbImage;

/// How the photo is taken down to the working size (as [`fit`](super::fit::fit) does).
pub const DOWN: FilterType = FilterType::Lanczos3;
/// How the small translation and the small photo are brought back up.
pub const UP: FilterType = FilterType::CatmullRom;

/// The photo at the working size, made the way the translation's input is made.
pub fn down(photo: &RgbImage, (width, height): (u32, u32)) -> RgbImage {
    if photo.dimensions() == (width, height) { photo.clone() } else { resize(photo, width, height, DOWN) }
}

/// A photo's detail between a working size and its own, `photo - up(down(photo))` per channel: made
/// once per photo and laid under each seed's translation.
pub struct PhotoDetail {
    band: Vec<i16>,
    size: (u32, u32),
}

impl PhotoDetail {
    /// The detail `photo` holds beyond what a picture of `work` size can.
    pub fn of(photo: &RgbImage, work: (u32, u32)) -> Self {
        let (width, height) = photo.dimensions();
        let base = resize(&down(photo, work), width, height, UP);
        let band = photo.as_raw().iter().zip(base.as_raw()).map(|(p, b)| *p as i16 - *b as i16).collect();
        Self { band, size: (width, height) }
    }

    /// `translation` (at the working size) carried up to the photo's size: `up(translation) + band`,
    /// clamped to 0-255.
    pub fn carry_up(&self, translation: &RgbImage) -> RgbImage {
        let (width, height) = self.size;
        let up = resize(translation, width, height, UP);
        let pixels = up.as_raw().iter().zip(&self.band).map(|(t, d)| (*t as i16 + d).clamp(0, 255) as u8).collect();
        RgbImage::from_raw(width, height, pixels).expect("the band has the photo's size")
    }
}

/// `translation` (at the working size) carried up to `photo`'s size with the photo's detail; unchanged
/// when it is already that size.
pub fn carry_up(translation: &RgbImage, photo: &RgbImage) -> RgbImage {
    if translation.dimensions() == photo.dimensions() {
        return translation.clone();
    }
    PhotoDetail::of(photo, translation.dimensions()).carry_up(translation)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    fn photo() -> RgbImage {
        // Edges and a fine stripe pattern: detail that a 4x smaller picture cannot hold.
        RgbImage::from_fn(96, 64, |x, y| Rgb([(x * 2 + (y % 2) * 60) as u8, if x > 40 { 200 } else { 30 }, ((x ^ y) * 3) as u8]))
    }

    #[test]
    fn a_translation_that_kept_the_photo_carries_up_to_the_photo() {
        let photo = photo();
        let small = down(&photo, (24, 16));
        assert_eq!(carry_up(&small, &photo), photo);
    }

    #[test]
    fn the_translation_sets_the_colours_and_the_photo_the_fine_detail() {
        let photo = photo();
        // A "translation" that made the small picture one flat colour.
        let flat = RgbImage::from_pixel(24, 16, Rgb([120, 60, 90]));
        let carried = carry_up(&flat, &photo);
        assert_eq!(carried.dimensions(), photo.dimensions());
        // Mean colour follows the translation (the detail band averages near zero)...
        let mean = |c: usize| carried.pixels().map(|p| p.0[c] as f64).sum::<f64>() / (96.0 * 64.0);
        for (c, want) in [120.0, 60.0, 90.0].into_iter().enumerate() {
            assert!((mean(c) - want).abs() < 6.0, "channel {c}: mean {} against {want}", mean(c));
        }
        // ...and the one-pixel stripes of the photo's red channel are there, row to row.
        let stripe = |img: &RgbImage| (0..63).map(|y| (img.get_pixel(10, y).0[0] as i32 - img.get_pixel(10, y + 1).0[0] as i32).abs()).sum::<i32>();
        assert!(stripe(&carried) > stripe(&photo) / 2, "stripes {} against the photo's {}", stripe(&carried), stripe(&photo));
        assert_eq!(stripe(&resize(&flat, 96, 64, UP)), 0);
    }

    #[test]
    fn at_the_working_size_nothing_is_added() {
        let photo = photo();
        let other = RgbImage::from_pixel(96, 64, Rgb([1, 2, 3]));
        assert_eq!(carry_up(&other, &photo), other);
    }
}
