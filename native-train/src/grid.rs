//! Picture grids of translations, for training samples and model cards: one row per content photo
//! (the photo first), one column per (style, seed); a header row shows each column's style photo.

use ace::{TranslateOptions, Translator};
use anyhow::Result;
use image::imageops::{FilterType, replace, resize};
use image::{Rgb, RgbImage};

/// `styles` may hold `None` (a style sampled from the seed around the domain code).
pub fn translation_grid(
    translator: &Translator,
    contents: &[RgbImage],
    styles: &[Option<RgbImage>],
    seeds: &[u64],
    side: u32,
) -> Result<RgbImage> {
    let columns = 1 + styles.len() * seeds.len();
    let header = styles.iter().any(Option::is_some);
    let top = if header { side } else { 0 };
    // The grid is one picture: its cells and its whole get the library's limits before any allocation.
    TranslateOptions { max_side: side, ..TranslateOptions::default() }.validate()?;
    let (width, height) = (side as u64 * columns as u64, top as u64 + side as u64 * contents.len() as u64);
    let max_pixels = ace::pipeline::ImageLimits::default().max_pixels;
    anyhow::ensure!(
        width * height <= max_pixels,
        "a {width}x{height} grid is over the limit of {max_pixels} pixels: use fewer photos, styles or seeds, or a smaller --side"
    );
    let mut grid = RgbImage::from_pixel(side * columns as u32, top + side * contents.len() as u32, Rgb([255, 255, 255]));
    let square = |image: &RgbImage| resize(image, side, side, FilterType::Triangle);
    let options = TranslateOptions::default();
    let codes = styles
        .iter()
        .map(|s| s.as_ref().map(|s| translator.encode_style(s, &options)).transpose())
        .collect::<Result<Vec<_>, _>>()?;
    if header {
        for (i, style) in styles.iter().enumerate() {
            if let Some(style) = style {
                for j in 0..seeds.len() {
                    let x = (1 + i * seeds.len() + j) as u32 * side;
                    replace(&mut grid, &square(style), x as i64, 0);
                }
            }
        }
    }
    for (row, content) in contents.iter().enumerate() {
        let content = square(content);
        let y = (top + row as u32 * side) as i64;
        replace(&mut grid, &content, 0, y);
        for (i, code) in codes.iter().enumerate() {
            for (j, seed) in seeds.iter().enumerate() {
                let out = translator.translate_with_code(&content, code.as_ref(), *seed, &options)?;
                replace(&mut grid, &out.image, ((1 + i * seeds.len() + j) as u32 * side) as i64, y);
            }
        }
    }
    Ok(grid)
}
