//! Full-size outputs with the shipped model: no seams where naive tiling shows them, and peak memory
//! bounded by the output, not by a network at the photo's size (experiments/full-resolution/RULE.md).

mod common;

use std::path::Path;
use std::process::Command;

use ace::{TranslateOptions, Translator};
use ace_train::eval::full_size::{grid_joins, seam_score, sharpness};
use burn::tensor::Device;
use image::{GenericImage, RgbImage};

fn shipped() -> Translator {
    Translator::from_file(&common::repo().join("weights/ace-default.safetensors"), &Device::flex()).unwrap()
}

fn sample(name: &str) -> RgbImage {
    image::open(common::repo().join("assets/samples").join(name)).unwrap().into_rgb8()
}

/// Each `tile` x `tile` piece translated on its own and laid in place: what a tiled route gives
/// without the whole picture's statistics.
fn naively_tiled(translator: &Translator, photo: &RgbImage, style: &RgbImage, tile: u32, options: &TranslateOptions) -> RgbImage {
    let mut out = RgbImage::new(photo.width(), photo.height());
    for y in (0..photo.height()).step_by(tile as usize) {
        for x in (0..photo.width()).step_by(tile as usize) {
            let piece = image::imageops::crop_imm(photo, x, y, tile, tile).to_image();
            let translated = translator.translate(&piece, Some(style), 0, options).unwrap().image;
            out.copy_from(&translated, x, y).unwrap();
        }
    }
    out
}

#[test]
fn a_full_size_output_has_no_seams_where_naive_tiling_has_them() {
    let translator = shipped();
    let (photo, style) = (sample("astronaut.png"), sample("coffee.png"));
    let (width, height) = photo.dimensions();
    let full = TranslateOptions { full_size: true, ..TranslateOptions::default() };
    let output = translator.translate(&photo, Some(&style), 0, &full).unwrap();
    assert_eq!(output.image.dimensions(), (width, height));
    assert!(output.downscaled.is_none());
    let joins = grid_joins(width, height, 256);
    // Tiles through the network at their own size, and tiles each carried up from the model's side.
    let at_tile_size = naively_tiled(&translator, &photo, &style, 256, &TranslateOptions { model_side: None, ..full });
    let carried_tiles = naively_tiled(&translator, &photo, &style, 256, &full);
    let scores = [&output.image, &at_tile_size, &carried_tiles].map(|image| seam_score(image, &photo, &joins));
    println!("seam scores at the 256 px joins: full size {:.2}, naive tiles {:.2}, naive carried tiles {:.2}", scores[0], scores[1], scores[2]);
    // The rule's margin: 0.5 of 255 above the photo's own.
    assert!(scores[0] <= 0.5, "the full-size output has a seam: {}", scores[0]);
    assert!(scores[1] > 0.5 && scores[2] > 0.5, "the seam measure misses naive tiling: {scores:?}");
    // The photo's own detail is carried: sharper than the output at the model's side brought up, by
    // far with the whole band (the default carries a quarter of it, whose energy is a sixteenth).
    let small = translator.translate(&photo, Some(&style), 0, &TranslateOptions { max_side: 128, ..TranslateOptions::default() }).unwrap().image;
    let upscaled = image::imageops::resize(&small, width, height, image::imageops::FilterType::CatmullRom);
    let whole_band = translator.translate(&photo, Some(&style), 0, &TranslateOptions { detail: 1.0, ..full }).unwrap().image;
    let [default, whole, up] = [&output.image, &whole_band, &upscaled].map(|image| sharpness(image, &photo));
    println!("sharpness against the photo's: default detail {default:.3}, whole band {whole:.3}, upscaled {up:.3}");
    assert!(default > up + 0.03, "the default detail carried too little of the photo's: {default} against {up}");
    assert!(whole > up + 0.2, "the whole band carried too little of the photo's detail: {whole} against {up}");
}

/// `ace translate --full-size` on an 8000 x 6000 photo (a mosaic of the sample photos: real pictures
/// at a real camera's size) under a 1.5 GB address-space limit: the network at the photo's size
/// would need tens of gigabytes; carried up, the output and the photo are most of it.
#[test]
fn an_8000_by_6000_photo_comes_back_full_size_in_bounded_memory() {
    let scratch = common::scratch("full-size-8000");
    let tiles = ["chelsea.png", "astronaut.png", "coffee.png", "orange.jpg", "apple.jpg"].map(sample);
    let mut mosaic = RgbImage::new(8000, 6000);
    for (i, (y, x)) in (0..6000).step_by(500).flat_map(|y| (0..8000).step_by(500).map(move |x| (y, x))).enumerate() {
        let tile = image::imageops::resize(&tiles[i % tiles.len()], 500, 500, image::imageops::FilterType::Triangle);
        mosaic.copy_from(&tile, x, y).unwrap();
    }
    let content = scratch.join("mosaic.jpg");
    mosaic.save(&content).unwrap();
    let out = scratch.join("full.jpg");
    let run = Command::new("prlimit")
        .arg("--as=1500000000")
        .arg(env!("CARGO_BIN_EXE_ace"))
        .args(["translate", "--full-size", "--weights"])
        .arg(common::repo().join("weights/ace-default.safetensors"))
        .args([Path::new("--content"), &content, Path::new("--style"), &common::repo().join("assets/samples/coffee.png"), Path::new("--out"), &out])
        .output()
        .unwrap();
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    assert_eq!(image::image_dimensions(&out).unwrap(), (8000, 6000));
}
