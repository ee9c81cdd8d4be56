//! Every entry point of the Rust library in one short program: the example each entry point's
//! documentation points to. `cargo test --all-targets` compiles it (a few seconds of CI, not one doctest
//! build per item); running it translates a bundled photo with the shipped weights:
//!
//!   cargo run --release --example library_tour -- [out-folder]

use std::path::{Path, PathBuf};

use ace::pipeline::{ImageLimits, decode_image};
use ace::{AceError, SizeLimit, StyleCode, TranslateOptions, Translator};
use burn::tensor::Device;

fn main() -> Result<(), AceError> {
    // The repository cargo runs this in (the build folder may be shared with another clone).
    let root = &std::env::var_os("CARGO_MANIFEST_DIR").map_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")), PathBuf::from);
    let out = std::env::args().nth(1).map_or_else(std::env::temp_dir, PathBuf::from);
    let read = |name: &str| std::fs::read(root.join("assets/samples").join(name)).expect("a bundled photo");

    // A native program may let glibc keep freed memory for the next tensor: translations run faster, and
    // up to 1 GiB freed stays in the process (`memory_reuse`); the library never decides that itself.
    ace::keep_freed_memory();

    // Load a weights file (its manifest, if beside it, is checked too) on the CPU; `Device::wgpu()` for a GPU.
    let translator = Translator::from_file(&root.join("weights/ace-default.safetensors"), &Device::flex())?;

    // Decode with limits checked from the header first (size, side; EXIF orientation applied).
    let photo = decode_image(&read("coffee.png"), ImageLimits::default())?;
    let style = translator.decode(&read("chelsea.png"))?;

    // translate(content, style, seed): the look of `style`, the structure of `photo`; the network works
    // at 128 px (`model_side`) and the result is carried up to `max_side` with the photo's detail.
    let options = TranslateOptions { max_side: 256, ..TranslateOptions::default() };
    let result = translator.translate(&photo, Some(&style), 7, &options)?;
    save(&result.image, &out.join("tour-translation.png"));
    if let Some(downscaled) = result.downscaled {
        println!("note: {downscaled} (to {:?})", downscaled.to);
    }

    // No style image: the seed samples a style around the model's domain.
    let sampled = translator.translate(&photo, None, 3, &options)?;
    save(&sampled.image, &out.join("tour-sampled.png"));

    // Encode styles once, mix them, and decode several seeds in one batch.
    let a = translator.encode_style(&style, &options)?;
    let b = sampled.style.clone();
    let mixed = StyleCode::mix(&[a, b], &[0.7, 0.3])?;
    let strip = translator.translate_seeds(&photo, Some(&mixed), &[1, 2, 3, 4], &options)?;
    println!("{} variations, the first with style code {:?}", strip.len(), strip[0].style.as_slice());

    // Half the translation over the photo.
    let half = translator.translate_with_code(&photo, Some(&mixed), 1, &TranslateOptions { strength: 0.5, ..options })?;
    save(&half.image, &out.join("tour-half.png"));

    // What a translation would need, and the typed error when the budget is smaller.
    let full = TranslateOptions { max_side: 2048, model_side: None, ..options };
    println!("a 2048 px translation at full size needs about {} MiB", translator.memory_needed(2048, 2048, &full, 1) >> 20);
    let small_budget = Translator::from_file(&root.join("weights/ace-default.safetensors"), &Device::flex())?.with_memory_limit(256 << 20);
    let big = image::imageops::resize(&photo, 2048, 1365, image::imageops::FilterType::Triangle);
    match small_budget.translate(&big, None, 0, &full) {
        Err(AceError::ImageTooLarge { limit: SizeLimit::Memory { max_side, .. }, .. }) => println!("refused; fits at max_side {max_side}"),
        other => println!("unexpected: {:?}", other.map(|t| t.image.dimensions())),
    }
    println!("wrote tour-*.png to {}", out.display());
    Ok(())
}

fn save(image: &image::RgbImage, path: &Path) {
    ace::atomic_file::write_image(path, image).expect("a writable folder");
}
