//! Writes the seed corpus: small, valid inputs of every kind each target reads, and the damaged
//! ones the hostile battery found, so the fuzzer starts past the first checks.
//!
//!   cargo run --release --bin seeds -- fuzz/corpus            (from the repository root: see run.sh)
//!
//! The files are committed (fuzz/corpus/{image,weights}); this program says how they were made.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use image::{DynamicImage, ImageFormat, Luma, Rgb, Rgba};
use serde_json::{Value, json};
use ace::weights::digest::sha256_hex;

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).expect("usage: seeds <corpus folder>"));
    let images = out.join("image");
    let weights = out.join("weights");
    std::fs::create_dir_all(&images).unwrap();
    std::fs::create_dir_all(&weights).unwrap();
    write_images(&images);
    write_weights(&weights);
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

fn gradient(w: u32, h: u32) -> DynamicImage {
    DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| Rgb([(x * 13) as u8, (y * 7) as u8, ((x ^ y) * 5) as u8])))
}

fn write_images(dir: &Path) {
    let save = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).unwrap();
    let rgb = gradient(16, 16);
    save("rgb-16.png", encode(&rgb, ImageFormat::Png));
    save("rgb-32x24.jpg", encode(&gradient(32, 24), ImageFormat::Jpeg));
    save("rgb-16.webp", encode(&rgb, ImageFormat::WebP));
    save("rgb-16.bmp", encode(&rgb, ImageFormat::Bmp));
    save("rgb-16.gif", encode(&DynamicImage::ImageRgba8(rgb.to_rgba8()), ImageFormat::Gif));
    let grey = DynamicImage::ImageLuma8(image::GrayImage::from_fn(12, 40, |x, y| Luma([(x * 20 + y) as u8])));
    save("grey-12x40.png", encode(&grey, ImageFormat::Png));
    save("grey-12x40.jpg", encode(&grey, ImageFormat::Jpeg));
    let deep = DynamicImage::ImageRgba16(image::ImageBuffer::from_fn(20, 20, |x, y| Rgba([(x * 3000) as u16, (y * 3000) as u16, 40_000, 30_000])));
    save("rgba16-20.png", encode(&deep, ImageFormat::Png));
    // At and past the edges of the rules: the smallest side, one pixel under it, a long sliver.
    save("rgb-8.png", encode(&gradient(8, 8), ImageFormat::Png));
    save("rgb-7.png", encode(&gradient(7, 7), ImageFormat::Png));
    save("sliver-8x600.png", encode(&gradient(8, 600), ImageFormat::Png));
    save("wide-300x9.jpg", encode(&gradient(300, 9), ImageFormat::Jpeg));
    // The battery's damage: half a JPEG, half a PNG, a header that claims 100,000 x 100,000 pixels.
    let jpeg = encode(&gradient(32, 32), ImageFormat::Jpeg);
    save("half.jpg", jpeg[..jpeg.len() / 2].to_vec());
    let png = encode(&gradient(32, 32), ImageFormat::Png);
    save("half.png", png[..png.len() / 2].to_vec());
    let mut bomb = encode(&gradient(8, 8), ImageFormat::Png);
    bomb[16..24].copy_from_slice(&[0, 1, 0x86, 0xA0, 0, 1, 0x86, 0xA0]); // IHDR width and height (the CRC now fails too)
    save("dimension-bomb.png", bomb);
    save("text.txt", b"not an image".to_vec());
}

/// A weights file from a header and tensor data, as safetensors lays it out.
fn file(header: &Value, data: &[u8]) -> Vec<u8> {
    let json = serde_json::to_vec(header).unwrap();
    [&(json.len() as u64).to_le_bytes()[..], &json, data].concat()
}

fn metadata(version: &str, config: &Value, data: Option<&[u8]>) -> Value {
    let mut meta = json!({ "format": "ace", "version": version, "config": config.to_string() });
    if let Some(data) = data {
        meta["tensors_sha256"] = json!(sha256_hex(data));
    }
    meta
}

/// A header with `tensors` (name, dtype, shape) laid out one after another, and zero data for them.
fn with_tensors(meta: Value, tensors: &[(&str, &str, &[usize])]) -> (Value, Vec<u8>) {
    let mut header = json!({ "__metadata__": meta });
    let mut offset = 0usize;
    for (name, dtype, shape) in tensors {
        let size = match *dtype {
            "F16" | "BF16" => 2,
            _ => 4,
        } * shape.iter().product::<usize>();
        header[*name] = json!({ "dtype": dtype, "shape": shape, "data_offsets": [offset, offset + size] });
        offset += size;
    }
    (header, vec![0u8; offset])
}

fn write_weights(dir: &Path) {
    let save = |name: &str, bytes: Vec<u8>| std::fs::write(dir.join(name), bytes).unwrap();
    let tiny = json!({ "vgg_layer": "relu3_1", "content_channels": 16, "content_res_blocks": 1, "decoder_res_blocks": 1, "style_dim": 8, "mlp_hidden": 32 });
    let pooled = json!({ "vgg_layer": "relu3_1", "content_channels": 16, "content_res_blocks": 1, "decoder_res_blocks": 1, "style_dim": 8, "mlp_hidden": 32, "content_pool": 2 });
    let deep = json!({ "vgg_layer": "relu4_1", "content_channels": 64, "content_res_blocks": 0, "decoder_res_blocks": 1, "style_dim": 8, "mlp_hidden": 16 });
    let huge = json!({ "vgg_layer": "relu4_1", "content_channels": 4096, "content_res_blocks": 64, "decoder_res_blocks": 64, "style_dim": 1024, "mlp_hidden": 8192 });
    let plausible = json!({ "vgg_layer": "relu3_1", "content_channels": 512, "content_res_blocks": 4, "decoder_res_blocks": 4, "style_dim": 8, "mlp_hidden": 256 });
    let some: &[(&str, &str, &[usize])] = &[
        ("decoder.to_rgb.conv.bias", "F32", &[3]),
        ("style_encoder.norm.gamma", "F16", &[8]),
        ("predictor.squeeze.weight", "F16", &[8, 16, 1, 1]),
    ];

    save("huge-config.safetensors", file(&json!({ "__metadata__": metadata("1", &huge, None) }), &[]));
    save("no-tensors.safetensors", file(&json!({ "__metadata__": metadata("1", &plausible, None) }), &[]));
    for (name, config) in [("tiny", &tiny), ("pooled", &pooled), ("relu4", &deep)] {
        let (header, data) = with_tensors(metadata("1", config, None), some);
        save(&format!("{name}-partial-v1.safetensors"), file(&header, &data));
    }
    let (header, data) = with_tensors(json!(null), some);
    let mut signed = header.clone();
    signed["__metadata__"] = metadata("2", &tiny, Some(&data));
    save("tiny-partial-v2.safetensors", file(&signed, &data));
    let mut unsigned = header.clone();
    unsigned["__metadata__"] = metadata("2", &tiny, None);
    save("tiny-unsigned-v2.safetensors", file(&unsigned, &data));
    let (header, data) = with_tensors(metadata("1", &tiny, None), &[("decoder.to_rgb.conv.bias", "F32", &[4])]);
    save("tiny-misshapen.safetensors", file(&header, &data));
    let (header, data) = with_tensors(metadata("1", &tiny, None), &[("decoder.to_rgb.conv.bias", "I32", &[3])]);
    save("tiny-int-dtype.safetensors", file(&header, &data));
    let (header, data) = with_tensors(metadata("1", &tiny, None), &[("discriminator.head.weight", "F32", &[2])]);
    save("tiny-unexpected.safetensors", file(&header, &data));
    let mut foreign = json!({ "__metadata__": metadata("1", &tiny, None) });
    foreign["__metadata__"]["format"] = json!("pt");
    save("foreign-format.safetensors", file(&foreign, &[]));
    save("version-3.safetensors", file(&json!({ "__metadata__": metadata("3", &tiny, None) }), &[]));
    let full = file(&json!({ "__metadata__": metadata("1", &tiny, None) }), &[]);
    save("cut-header.safetensors", full[..full.len() / 2].to_vec());
    save("zip.bin", b"PK\x03\x04\x14\x00\x00\x00\x08\x00not a weights file".to_vec());
}
