//! Shared helpers for the integration tests: the real VGG weights and the fixture photos committed in
//! `assets/samples` (licences in its CREDITS.md).
#![allow(dead_code)]

use std::path::PathBuf;

use ace::weights::vgg_import::{default_vgg_path, import_vgg};
use ace::{Ace, AceConfig};
use burn::tensor::Device;

/// The pinned VGG-19 source file. Tests need the real weights: run `scripts/fetch/vgg.sh`.
pub fn vgg_path() -> PathBuf {
    let path = default_vgg_path();
    assert!(path.exists(), "VGG-19 weights not found at {}: run scripts/fetch/vgg.sh (the test command does)", path.display());
    path
}

/// The optional photo collection named by `$ACE_DATA` (AFHQ and DRIT cats and dogs), which a clone does
/// not have; `.ci/run` names the one beside CI's clone. Tests that use it are named `with_shared_data_*`
/// and say so when they skip.
pub fn shared_data() -> Option<PathBuf> {
    let Some(dir) = std::env::var_os("ACE_DATA").map(PathBuf::from) else {
        eprintln!("skipped: no photo collection (set ACE_DATA to run this test)");
        return None;
    };
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: no photo collection at {} (set ACE_DATA to run this test)", dir.display());
        None
    }
}

/// The repository the test runs in, read when the test runs, not fixed at build time: the build folder is shared between clones
/// (CI's fresh clone and the developer's), and cargo reuses a test built in another clone whose
/// sources match, so `env!("CARGO_MANIFEST_DIR")` can name a clone that is not this one.
pub fn root() -> PathBuf {
    PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo test sets CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    root().join("assets/samples").join(name)
}

pub fn fixture_bytes(name: &str) -> Vec<u8> {
    std::fs::read(fixture(name)).unwrap()
}

/// An untrained model with the real ImageNet VGG inside, deterministic for a seed.
/// BatchNorm statistics are calibrated on the five fixture photos, as `ace init` does on training photos.
pub fn model_with_vgg(config: &AceConfig, seed: u64, device: &Device) -> Ace {
    device.seed(seed);
    let mut model = config.init(device);
    import_vgg(&mut model.vgg, &vgg_path()).unwrap();
    ace::nn::calibrate::calibrate_batch_norm(model, fixture_batch(128, device), device)
}

/// The five fixture photos, squashed to `side` x `side`, as one batch in [-1, 1].
pub fn fixture_batch(side: u32, device: &Device) -> burn::tensor::Tensor<4> {
    let names = ["chelsea.png", "coffee.png", "astronaut.png", "apple.jpg", "orange.jpg"];
    let mut data = Vec::new();
    for name in names {
        let image = image::open(fixture(name)).unwrap().into_rgb8();
        let image = image::imageops::resize(&image, side, side, image::imageops::FilterType::Triangle);
        data.extend(ace::pipeline::to_chw(&image));
    }
    let s = side as usize;
    burn::tensor::Tensor::from_data(burn::tensor::TensorData::new(data, [names.len(), 3, s, s]), device)
}

/// Mean absolute difference of two equally sized RGB images, in [0, 1].
pub fn mean_abs_diff(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let total: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| x.abs_diff(*y) as u64).sum();
    total as f64 / a.as_raw().len() as f64 / 255.0
}
