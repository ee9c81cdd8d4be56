//! Carrying a translation made at the model's scale up to a larger output with the photo's own detail
//! (a one-level Laplacian detail transfer). The model learnt "cat" from 64-128 px crops; at 256 px and
//! above its network sees fur-sized patches and the target rate falls (stage 5's rule 9). So the
//! network can work small and the photo supplies what only the larger size holds: the band of detail
//! between the two scales, `photo - up(down(photo))`, added to `up(translation)`.
//!
//! Upsampling is linear, so `up(translation) + photo - up(down(photo))` is `photo + up(translation -
//! down(photo))`: only the small difference is upsampled, row by row into the output, and the memory
//! beyond the output is the difference widened to the output's width at the working height (under 5 MB
//! for a 12-megapixel photo carried up from 128 px), however large the photo. There are no strips or
//! tiles, so nothing to join and no seams. A translation that returned its input unchanged gives the
//! photo back exactly: the transfer adds no detail of its own, only the photo's.
//!
//! The band can be carried at a share `g` (`TranslateOptions::detail`): `up(translation) + g (photo -
//! up(down(photo)))` is `g photo + up(translation - g down(photo))`, the same one pass. The band is the
//! source photo's, so with it comes some of the source's fur and texture; `g` below 1 trades sharpness
//! for the translation's look (stage 5's rule 17 chooses it).
//!
//! Or the share can follow the translation pixel by pixel ([`PhotoDetail::carry_up_guided`]): where
//! the translation kept the photo's structure (an eye, an outline) the band is carried, where it drew
//! something of its own (cat fur over dog fur) little of it is. The share there is the guided filter's
//! local linear coefficient of the translation on the photo at the working size (He, Sun and Tang,
//! "Guided Image Filtering", 2013; the same coefficient carries networks' outputs up to full size in
//! Wu et al., "Fast End-to-End Trainable Guided Filter", 2018): `up(translation) + g up(a) (photo -
//! up(down(photo)))`, per channel, `a` clamped to 0-1 (stage 5's rule 32).

use image::imageops::{FilterType, resize};
use image::RgbImage;

/// How the photo is taken down to the working size (as [`fit`](super::fit::fit) does).
pub const DOWN: FilterType = FilterType::Lanczos3;

/// The photo at the working size, made the way the translation's input is made.
pub fn down(photo: &RgbImage, (width, height): (u32, u32)) -> RgbImage {
    if photo.dimensions() == (width, height) { photo.clone() } else { resize(photo, width, height, DOWN) }
}

/// A photo ready to take translations made at a smaller working size up to its own size: the photo
/// at that working size is made once and serves every seed's translation.
pub struct PhotoDetail<'a> {
    photo: &'a RgbImage,
    small: RgbImage,
}

impl<'a> PhotoDetail<'a> {
    /// `photo`, to carry translations of `work` size up to it.
    pub fn of(photo: &'a RgbImage, work: (u32, u32)) -> Self {
        Self::new(photo, down(photo, work))
    }

    /// `photo` with `small`, what [`down`] makes of it at the working size, already at hand (the
    /// network's input is that picture: a 12-megapixel photo need not be resampled twice).
    pub fn new(photo: &'a RgbImage, small: RgbImage) -> Self {
        Self { photo, small }
    }

    /// `translation` (at the working size) carried up to the photo's size with `detail` (0-1) of the
    /// photo's detail band: `detail photo + up(translation - detail down(photo))`, rounded and clamped
    /// to 0-255.
    pub fn carry_up(&self, translation: &RgbImage, detail: f32) -> RgbImage {
        assert_eq!(translation.dimensions(), self.small.dimensions(), "the translation is at the working size");
        let (width, height) = self.photo.dimensions();
        let (small_width, small_height) = self.small.dimensions();
        let difference: Vec<f32> = translation.as_raw().iter().zip(self.small.as_raw()).map(|(t, p)| *t as f32 - detail * *p as f32).collect();
        let wide = widen(&difference, small_width as usize, small_height as usize, width as usize);
        let row_len = 3 * width as usize;
        let mut out = self.photo.as_raw().clone();
        let mut column = vec![0.0f32; row_len];
        for (y, (start, weights)) in taps(small_height as usize, height as usize).into_iter().enumerate() {
            column.fill(0.0);
            for (k, weight) in weights.iter().enumerate() {
                let row = &wide[(start + k) * row_len..][..row_len];
                column.iter_mut().zip(row).for_each(|(sum, v)| *sum += weight * v);
            }
            let out_row = &mut out[y * row_len..][..row_len];
            out_row.iter_mut().zip(&column).for_each(|(p, d)| *p = (detail * *p as f32 + d).round().clamp(0.0, 255.0) as u8);
        }
        RgbImage::from_raw(width, height, out).expect("the output has the photo's size")
    }

    /// `translation` (at the working size) carried up to the photo's size with the photo's detail band
    /// at `detail` (0-1) times each pixel's [`guide_gate`]: `up(translation) + detail up(gate) (photo -
    /// up(down(photo)))`, rounded and clamped to 0-255. The three pictures at the working size are
    /// widened to the output's width first and each output row is read off them, as `carry_up` does.
    pub fn carry_up_guided(&self, translation: &RgbImage, detail: f32) -> RgbImage {
        assert_eq!(translation.dimensions(), self.small.dimensions(), "the translation is at the working size");
        let (width, height) = self.photo.dimensions();
        let (small_width, small_height) = (self.small.width() as usize, self.small.height() as usize);
        let gate: Vec<f32> = guide_gate(&self.small, translation).into_iter().map(|g| detail * g).collect();
        let samples = |image: &RgbImage| image.as_raw().iter().map(|v| *v as f32).collect::<Vec<f32>>();
        let [translated, small, gate] = [samples(translation), samples(&self.small), gate]
            .map(|rows| widen(&rows, small_width, small_height, width as usize));
        let row_len = 3 * width as usize;
        let mut out = self.photo.as_raw().clone();
        let mut columns = [vec![0.0f32; row_len], vec![0.0f32; row_len], vec![0.0f32; row_len]];
        for (y, (start, weights)) in taps(small_height, height as usize).into_iter().enumerate() {
            for (column, wide) in columns.iter_mut().zip([&translated, &small, &gate]) {
                column.fill(0.0);
                for (k, weight) in weights.iter().enumerate() {
                    let row = &wide[(start + k) * row_len..][..row_len];
                    column.iter_mut().zip(row).for_each(|(sum, v)| *sum += weight * v);
                }
            }
            let [t, s, g] = &columns;
            let out_row = &mut out[y * row_len..][..row_len];
            for (i, p) in out_row.iter_mut().enumerate() {
                *p = (t[i] + g[i] * (*p as f32 - s[i])).round().clamp(0.0, 255.0) as u8;
            }
        }
        RgbImage::from_raw(width, height, out).expect("the output has the photo's size")
    }
}

/// The guided filter's regulariser, in 0-1 units squared: a local contrast of standard deviation 0.1
/// in the photo that the translation follows fully gets a gate of one half; the fainter texture of fur,
/// which the network redraws rather than follows, much less (stage 5's rule 32).
pub const GUIDE_EPS: f32 = 0.01;
/// The guided filter's window radius at the working size: 5x5 pixels at 128 px, a feature the size of
/// an eye.
pub const GUIDE_RADIUS: usize = 2;

/// For each sample of `translation` (three interleaved channels, at `photo`'s size): how closely it
/// follows the photo there, the guided filter's coefficient `cov(photo, translation) / (var(photo) +
/// GUIDE_EPS)` over the window around it (values in 0-1), averaged over the same window and clamped
/// to 0-1: one where the translation repeats the photo's local contrast, zero where it is flat or
/// unrelated or inverts it.
pub fn guide_gate(photo: &RgbImage, translation: &RgbImage) -> Vec<f32> {
    assert_eq!(photo.dimensions(), translation.dimensions(), "the gate compares pictures of one size");
    let (width, height) = (photo.width() as usize, photo.height() as usize);
    let unit = |image: &RgbImage| image.as_raw().iter().map(|v| *v as f32 / 255.0).collect::<Vec<f32>>();
    let (p, t) = (unit(photo), unit(translation));
    let mean = |values: &[f32]| box_mean(values, width, height, GUIDE_RADIUS);
    let products = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(a, b)| a * b).collect::<Vec<f32>>();
    let (mean_p, mean_t, mean_pt, mean_pp) = (mean(&p), mean(&t), mean(&products(&p, &t)), mean(&products(&p, &p)));
    let coefficient: Vec<f32> = (0..p.len())
        .map(|i| (mean_pt[i] - mean_p[i] * mean_t[i]) / ((mean_pp[i] - mean_p[i] * mean_p[i]).max(0.0) + GUIDE_EPS))
        .collect();
    mean(&coefficient).into_iter().map(|a| a.clamp(0.0, 1.0)).collect()
}

/// The mean of each sample's (2 `radius` + 1)-square window in its own channel of a `width` x `height`
/// picture of three interleaved channels; windows are cut at the borders (the mean of what is inside).
/// A rectangle's mean is the mean of its rows' means, so a pass along rows and one along columns.
fn box_mean(values: &[f32], width: usize, height: usize, radius: usize) -> Vec<f32> {
    // One pass: along each of `lines` lines of `len` pixels, `stride` samples apart, whose starts are
    // `next_line` samples apart.
    let pass = |values: &[f32], len: usize, stride: usize, next_line: usize, lines: usize| {
        let mut out = vec![0.0f32; values.len()];
        for line in 0..lines {
            for c in 0..3 {
                let at = |i: usize| line * next_line + i * stride + c;
                for i in 0..len {
                    let (lo, hi) = (i.saturating_sub(radius), (i + radius).min(len - 1));
                    out[at(i)] = (lo..=hi).map(|j| values[at(j)]).sum::<f32>() / (hi - lo + 1) as f32;
                }
            }
        }
        out
    };
    let along_rows = pass(values, width, 3, 3 * width, height);
    pass(&along_rows, height, 3 * width, 3, width)
}

/// `translation` (at the working size) carried up to `photo`'s size with `detail` of the photo's detail
/// band; unchanged when it is already that size.
pub fn carry_up(translation: &RgbImage, photo: &RgbImage, detail: f32) -> RgbImage {
    if translation.dimensions() == photo.dimensions() {
        return translation.clone();
    }
    PhotoDetail::of(photo, translation.dimensions()).carry_up(translation, detail)
}

/// Rows of three interleaved channels, `width` wide, resampled to `to_width` (Catmull-Rom). Our own,
/// with `taps`: `image`'s resize works on whole pictures and clamps float pixels to [0, 1], and the
/// difference is signed and goes into the output a row at a time.
fn widen(rows: &[f32], width: usize, height: usize, to_width: usize) -> Vec<f32> {
    let mut wide = vec![0.0f32; height * to_width * 3];
    let taps = taps(width, to_width);
    for (row, out) in rows.chunks_exact(width * 3).zip(wide.chunks_exact_mut(to_width * 3)) {
        for ((start, weights), pixel) in taps.iter().zip(out.chunks_exact_mut(3)) {
            for (k, weight) in weights.iter().enumerate() {
                let source = &row[(start + k) * 3..][..3];
                pixel.iter_mut().zip(source).for_each(|(sum, v)| *sum += weight * v);
            }
        }
    }
    wide
}

/// For each of `to` output samples of a line of `from` samples: the first input sample it reads and
/// the weights of the input samples from there. Centres align (`(i + 0.5) * from / to - 0.5`); the
/// Catmull-Rom kernel is stretched when shrinking so every input sample counts; weights past the ends
/// are folded onto the edge sample, so a constant line stays constant.
fn taps(from: usize, to: usize) -> Vec<(usize, Vec<f32>)> {
    let scale = from as f64 / to as f64;
    let stretch = scale.max(1.0);
    let support = 2.0 * stretch;
    (0..to)
        .map(|i| {
            let centre = (i as f64 + 0.5) * scale - 0.5;
            let first = (centre - support).ceil() as i64;
            let last = (centre + support).floor() as i64;
            let (lo, hi) = (first.clamp(0, from as i64 - 1) as usize, last.clamp(0, from as i64 - 1) as usize);
            let mut weights = vec![0.0f64; hi - lo + 1];
            for j in first..=last {
                let w = catmull_rom((j as f64 - centre) / stretch);
                weights[(j.clamp(lo as i64, hi as i64) as usize) - lo] += w;
            }
            let total: f64 = weights.iter().sum();
            (lo, weights.into_iter().map(|w| (w / total) as f32).collect())
        })
        .collect()
}

/// The Catmull-Rom cubic (Keys' a = -0.5): interpolating, and exact on straight lines.
fn catmull_rom(x: f64) -> f64 {
    let x = x.abs();
    if x < 1.0 {
        1.5 * x * x * x - 2.5 * x * x + 1.0
    } else if x < 2.0 {
        -0.5 * x * x * x + 2.5 * x * x - 4.0 * x + 2.0
    } else {
        0.0
    }
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
        assert_eq!(carry_up(&small, &photo, 1.0), photo);
    }

    #[test]
    fn the_translation_sets_the_colours_and_the_photo_the_fine_detail() {
        let photo = photo();
        // A "translation" that made the small picture one flat colour.
        let flat = RgbImage::from_pixel(24, 16, Rgb([120, 60, 90]));
        let carried = carry_up(&flat, &photo, 1.0);
        assert_eq!(carried.dimensions(), photo.dimensions());
        // Mean colour follows the translation (the detail band averages near zero)...
        let mean = |c: usize| carried.pixels().map(|p| p.0[c] as f64).sum::<f64>() / (96.0 * 64.0);
        for (c, want) in [120.0, 60.0, 90.0].into_iter().enumerate() {
            assert!((mean(c) - want).abs() < 6.0, "channel {c}: mean {} against {want}", mean(c));
        }
        // ...and the one-pixel stripes of the photo's red channel are there, row to row.
        let stripe = |img: &RgbImage| (0..63).map(|y| (img.get_pixel(10, y).0[0] as i32 - img.get_pixel(10, y + 1).0[0] as i32).abs()).sum::<i32>();
        assert!(stripe(&carried) > stripe(&photo) / 2, "stripes {} against the photo's {}", stripe(&carried), stripe(&photo));
    }

    #[test]
    fn without_detail_the_translation_is_only_upsampled_and_half_the_detail_is_half_the_band() {
        let photo = photo();
        let flat = RgbImage::from_pixel(24, 16, Rgb([120, 60, 90]));
        // A flat translation upsampled is flat: none of the photo comes through.
        assert!(carry_up(&flat, &photo, 0.0).pixels().all(|p| p.0 == [120, 60, 90]));
        // Half the band: each pixel's offset from the plain upsampling is half the full band's.
        let (full, half) = (carry_up(&flat, &photo, 1.0), carry_up(&flat, &photo, 0.5));
        let unclamped = |p: &Rgb<u8>| p.0.iter().all(|v| (1..255).contains(v));
        let base = [120i32, 60, 90];
        let mut compared = 0;
        for (f, h) in full.pixels().zip(half.pixels()) {
            if !unclamped(f) {
                continue;
            }
            compared += 1;
            for c in 0..3 {
                let want = base[c] as f32 + 0.5 * (f.0[c] as i32 - base[c]) as f32;
                assert!((h.0[c] as f32 - want).abs() <= 1.0, "{} against {want}", h.0[c]);
            }
        }
        assert!(compared > 96 * 64 / 2, "only {compared} pixels were not clamped");
    }

    #[test]
    fn the_gated_band_follows_the_translation_where_it_kept_the_photo_and_nowhere_else() {
        let photo = photo();
        let small = down(&photo, (24, 16));
        let guided = |translation: &RgbImage, detail| PhotoDetail::of(&photo, (24, 16)).carry_up_guided(translation, detail);
        // A flat translation follows nothing: it is only enlarged, as with no band at all.
        let flat = RgbImage::from_pixel(24, 16, Rgb([120, 60, 90]));
        assert!(guided(&flat, 1.0).pixels().all(|p| p.0 == [120, 60, 90]));
        // Nor does one that inverts the photo: its gate is closed, not negative.
        let inverted = RgbImage::from_fn(24, 16, |x, y| Rgb(small.get_pixel(x, y).0.map(|v| 255 - v)));
        assert_eq!(guided(&inverted, 1.0), carry_up(&inverted, &photo, 0.0));
        // A translation that kept the photo carries the band where the photo has contrast well above
        // the regulariser's: the green channel's edge at x = 40 comes back near the whole band's.
        let kept = guided(&small, 1.0);
        let whole = carry_up(&small, &photo, 1.0);
        let enlarged = carry_up(&small, &photo, 0.0);
        let across = |image: &RgbImage| (0..63).map(|y| image.get_pixel(41, y).0[1] as i32 - image.get_pixel(39, y).0[1] as i32).sum::<i32>();
        let (kept_edge, whole_edge, enlarged_edge) = (across(&kept), across(&whole), across(&enlarged));
        assert!(kept_edge > enlarged_edge && (whole_edge - kept_edge) * 4 < whole_edge - enlarged_edge, "edge {kept_edge}: whole band {whole_edge}, enlarged {enlarged_edge}");
        // At detail 0 the gate carries nothing.
        assert_eq!(guided(&small, 0.0), enlarged);
    }

    #[test]
    fn the_gate_is_the_guided_filters_coefficient_clamped() {
        // A photo whose left half is faint texture and right half strong stripes, "translated" by
        // keeping it: the gate is var / (var + eps) of each window, small on the left, near one on the right.
        let photo = RgbImage::from_fn(32, 16, |x, y| {
            let v = if x < 16 { 128 + 3 * ((x + y) % 2) } else { 40 + 170 * ((x + y) % 2) };
            Rgb([v as u8; 3])
        });
        let gate = guide_gate(&photo, &photo);
        let at = |x: usize, y: usize| gate[(y * 32 + x) * 3];
        assert!(at(4, 8) < 0.01, "faint texture: {}", at(4, 8));
        assert!(at(28, 8) > 0.85, "strong stripes: {}", at(28, 8));
        assert!(gate.iter().all(|g| (0.0..=1.0).contains(g)));
        // Twice the photo's contrast around the same mean: the coefficient is two, clamped to one.
        let doubled = RgbImage::from_fn(32, 16, |x, y| Rgb(photo.get_pixel(x, y).0.map(|v| (2 * v as i32 - 128).clamp(0, 255) as u8)));
        assert!(guide_gate(&photo, &doubled).iter().all(|g| *g <= 1.0));
        assert!((guide_gate(&photo, &doubled)[(8 * 32 + 28) * 3] - 1.0).abs() < 1e-6);
    }

    #[test]
    fn the_box_mean_is_the_mean_of_each_window_cut_at_the_borders() {
        let (width, height, radius) = (7usize, 5usize, 2usize);
        let values: Vec<f32> = (0..width * height * 3).map(|i| ((i * 37) % 11) as f32).collect();
        let means = box_mean(&values, width, height, radius);
        for y in 0..height {
            for x in 0..width {
                for c in 0..3 {
                    let (xs, ys) = (x.saturating_sub(radius)..=(x + radius).min(width - 1), y.saturating_sub(radius)..=(y + radius).min(height - 1));
                    let inside: Vec<f32> = ys.flat_map(|j| xs.clone().map(move |i| (i, j))).map(|(i, j)| values[(j * width + i) * 3 + c]).collect();
                    let want = inside.iter().sum::<f32>() / inside.len() as f32;
                    assert!((means[(y * width + x) * 3 + c] - want).abs() < 1e-4);
                }
            }
        }
    }

    #[test]
    fn at_the_working_size_nothing_is_added() {
        let photo = photo();
        let other = RgbImage::from_pixel(96, 64, Rgb([1, 2, 3]));
        assert_eq!(carry_up(&other, &photo, 1.0), other);
    }

    #[test]
    fn the_upsampler_keeps_constants_and_straight_lines_and_interpolates() {
        for (from, to) in [(4, 16), (5, 17), (128, 4224), (96, 3168), (7, 3)] {
            for (lo, weights) in taps(from, to) {
                assert!(lo + weights.len() <= from);
                assert!((weights.iter().sum::<f32>() - 1.0).abs() < 1e-5);
            }
        }
        // A ramp away from the ends comes out as the ramp at the output's sample positions.
        let ramp: Vec<f32> = (0..16).flat_map(|x| [x as f32; 3]).collect();
        let wide = widen(&ramp, 16, 1, 64);
        for i in 8..56 {
            let want = (i as f32 + 0.5) / 4.0 - 0.5;
            assert!((wide[i * 3] - want).abs() < 1e-4, "sample {i}: {} against {want}", wide[i * 3]);
        }
        // At the same size every sample comes back as it was.
        let steps: Vec<f32> = [0.0f32, 10.0, 0.0, 10.0, 0.0].iter().flat_map(|v| [*v; 3]).collect();
        let same = widen(&steps, 5, 1, 5);
        assert_eq!(same, steps);
    }
}
