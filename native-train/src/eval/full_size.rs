//! What a visitor sees in a full-size output (experiments/full-resolution/RULE.md, 3): fidelity to
//! the translation made at the model's scale, sharpness against the photo's own, and seams where a
//! route joins pieces. Each is a pure function of images, on sRGB 0-255 values and the luminance
//! `Y = 0.299 R + 0.587 G + 0.114 B`.

use image::imageops::{FilterType, resize};
use image::RgbImage;

/// A line where two pieces of an output meet: between rows `y - 1` and `y`, or columns `x - 1` and `x`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Join {
    Row(u32),
    Column(u32),
}

/// How many pixel pairs inside each piece the step across a join is compared with, on each side.
const INSIDE: u32 = 4;

/// The joins of a grid of `tile` x `tile` pieces over a `width` x `height` picture: its inner borders,
/// those with `INSIDE` pixels of room on both sides.
pub fn grid_joins(width: u32, height: u32, tile: u32) -> Vec<Join> {
    let inner = |len: u32| (1..).map(move |i| i * tile).take_while(move |at| *at + INSIDE < len);
    inner(height).map(Join::Row).chain(inner(width).map(Join::Column)).collect()
}

/// Mean |difference| over pixels and channels between `output` taken down (Lanczos3) to the size of
/// `direct`, the translation made directly at that size, and `direct`. Lower is better.
pub fn fidelity(output: &RgbImage, direct: &RgbImage) -> f64 {
    let (width, height) = direct.dimensions();
    let down = resize(output, width, height, FilterType::Lanczos3);
    let total: u64 = down.as_raw().iter().zip(direct.as_raw()).map(|(a, b)| a.abs_diff(*b) as u64).sum();
    total as f64 / direct.as_raw().len() as f64
}

/// The mean squared 3x3 Laplacian of `output`'s luminance over the photo's: 1 is the photo's own
/// detail, an upscaled picture scores far below it.
pub fn sharpness(output: &RgbImage, photo: &RgbImage) -> f64 {
    laplacian_energy(output) / laplacian_energy(photo)
}

/// The seam score of `output` at `joins` against the photo's own at the same lines (RULE.md 3): the
/// step across each join minus the steps between neighbouring rows (columns) one to four pixels
/// inside the pieces, averaged over joins, the output's minus the photo's. 0: no seam beyond what the
/// photo has there.
pub fn seam_score(output: &RgbImage, photo: &RgbImage, joins: &[Join]) -> f64 {
    seam_step(output, joins) - seam_step(photo, joins)
}

/// The mean over `joins` of (step across the join - mean step inside the pieces near it).
fn seam_step(image: &RgbImage, joins: &[Join]) -> f64 {
    assert!(!joins.is_empty(), "a seam score needs at least one join");
    let luma = Luma::of(image);
    let per_join = |join: &Join| {
        // `step(i)`: the mean |Y difference| between line i - 1 and line i, along the join.
        let step = |i: u32| match join {
            Join::Row(_) => (0..luma.width).map(|x| (luma.at(x, i) - luma.at(x, i - 1)).abs()).sum::<f64>() / luma.width as f64,
            Join::Column(_) => (0..luma.height).map(|y| (luma.at(i, y) - luma.at(i - 1, y)).abs()).sum::<f64>() / luma.height as f64,
        };
        let at = match join {
            Join::Row(y) => *y,
            Join::Column(x) => *x,
        };
        let inside = (1..=INSIDE).map(|d| step(at - d) + step(at + d)).sum::<f64>() / (2 * INSIDE) as f64;
        step(at) - inside
    };
    joins.iter().map(per_join).sum::<f64>() / joins.len() as f64
}

fn laplacian_energy(image: &RgbImage) -> f64 {
    let luma = Luma::of(image);
    let (width, height) = (luma.width, luma.height);
    let mut total = 0.0;
    for y in 1..height - 1 {
        for x in 1..width - 1 {
            let l = luma.at(x - 1, y) + luma.at(x + 1, y) + luma.at(x, y - 1) + luma.at(x, y + 1) - 4.0 * luma.at(x, y);
            total += l * l;
        }
    }
    total / ((width - 2) as f64 * (height - 2) as f64)
}

/// A picture's luminance, row-major.
struct Luma {
    values: Vec<f64>,
    width: u32,
    height: u32,
}

impl Luma {
    fn of(image: &RgbImage) -> Self {
        let values = image.pixels().map(|p| 0.299 * p.0[0] as f64 + 0.587 * p.0[1] as f64 + 0.114 * p.0[2] as f64).collect();
        Self { values, width: image.width(), height: image.height() }
    }

    fn at(&self, x: u32, y: u32) -> f64 {
        self.values[(y * self.width + x) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Rgb;

    /// A smooth picture with texture: steps between neighbouring rows everywhere, none special.
    fn picture() -> RgbImage {
        RgbImage::from_fn(64, 48, |x, y| {
            let v = 100.0 + 40.0 * ((x as f64) / 7.0).sin() + 30.0 * ((y as f64) / 5.0).cos() + ((x * 7 + y * 13) % 5) as f64;
            Rgb([v as u8, (v * 0.8) as u8, (v * 0.5) as u8])
        })
    }

    #[test]
    fn a_jump_at_a_join_is_a_seam_and_the_picture_itself_is_not() {
        let photo = picture();
        let joins = grid_joins(64, 48, 32);
        assert_eq!(joins, vec![Join::Row(32), Join::Column(32)]);
        assert!(seam_score(&photo, &photo, &joins).abs() < 1e-12);
        // The lower-right piece made 12 levels brighter: a jump on half of the row join's length and a
        // third of the column join's, about 5 levels on average (less where the picture's own step
        // runs the other way).
        let mut tiled = photo.clone();
        for (x, y, p) in tiled.enumerate_pixels_mut() {
            if x >= 32 && y >= 32 {
                p.0.iter_mut().for_each(|c| *c = c.saturating_add(12));
            }
        }
        let score = seam_score(&tiled, &photo, &joins);
        assert!((3.0..7.0).contains(&score), "{score}");
        // The same brightening away from the joins is no seam there.
        assert!(seam_score(&tiled, &photo, &[Join::Row(16), Join::Column(16)]).abs() < 0.5);
    }

    #[test]
    fn sharpness_is_one_for_the_photo_and_low_for_an_upscale() {
        let photo = picture();
        assert!((sharpness(&photo, &photo) - 1.0).abs() < 1e-12);
        let upscaled = resize(&resize(&photo, 16, 12, FilterType::Lanczos3), 64, 48, FilterType::CatmullRom);
        assert!(sharpness(&upscaled, &photo) < 0.5, "{}", sharpness(&upscaled, &photo));
    }

    #[test]
    fn fidelity_is_zero_for_the_direct_translation_taken_down() {
        let direct = RgbImage::from_pixel(16, 12, Rgb([10, 200, 30]));
        let output = RgbImage::from_pixel(64, 48, Rgb([10, 200, 30]));
        assert_eq!(fidelity(&output, &direct), 0.0);
        let off = RgbImage::from_pixel(64, 48, Rgb([13, 197, 30]));
        assert!((fidelity(&off, &direct) - 2.0).abs() < 1e-9);
    }
}
