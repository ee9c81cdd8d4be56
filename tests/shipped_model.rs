//! The model shipped in `weights/` loads (its manifest verified) and produces a real picture.

mod common;


use ace::{TranslateOptions, Translator};
use burn::tensor::Device;

#[test]
fn the_shipped_model_loads_verified_and_translates_a_fixture() {
    let path = common::root().join("weights/ace-default.safetensors");
    assert!(path.with_extension("safetensors.json").exists(), "the manifest ships beside the weights");
    let translator = Translator::from_file(&path, &Device::flex()).unwrap();
    let options = TranslateOptions { max_side: 128, ..TranslateOptions::default() };
    let content = common::fixture_bytes("chelsea.png");
    let style = common::fixture_bytes("coffee.png");
    let a = translator.translate_bytes(&content, Some(&style), 1, &options).unwrap().image;
    let b = translator.translate_bytes(&content, Some(&style), 2, &options).unwrap().image;
    let c = translator.translate_bytes(&content, None, 1, &options).unwrap().image;
    let d = translator.translate_bytes(&content, None, 2, &options).unwrap().image;
    let input = image::imageops::resize(
        &translator.decode(&content).unwrap(),
        a.width(),
        a.height(),
        image::imageops::FilterType::Lanczos3,
    );
    let raw = a.as_raw();
    let mean = raw.iter().map(|v| *v as f64).sum::<f64>() / raw.len() as f64;
    let std = (raw.iter().map(|v| (*v as f64 - mean).powi(2)).sum::<f64>() / raw.len() as f64).sqrt();
    let from_input = common::mean_abs_diff(&a, &input);
    println!(
        "shipped model: pixel std {:.1}/255, difference from the input {:.1}/255, seeds 1 vs 2 {:.2}/255 with a style, {:.2}/255 without",
        std,
        from_input * 255.0,
        common::mean_abs_diff(&a, &b) * 255.0,
        common::mean_abs_diff(&c, &d) * 255.0
    );
    assert!(std > 10.0, "a flat picture (std {std})");
    assert!(from_input > 4.0 / 255.0, "the output is the input");
    assert_ne!(a.as_raw(), b.as_raw(), "the seed does not reach the pixels");
}
