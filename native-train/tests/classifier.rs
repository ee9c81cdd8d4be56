//! The evaluation's independent classifier, EfficientNet-Lite0 with the pinned ImageNet weights
//! (scripts/fetch/efficientnet.sh, run by test.sh first), recognises the fixture photos.

mod common;

use std::path::PathBuf;

use ace_train::eval::efficientnet::{EfficientNetLite0, SIDE};
use burn::tensor::{Device, Tensor, TensorData};

fn weights() -> PathBuf {
    common::cache().join("efficientnet/efficientnet-lite0-57934424.pth")
}

fn top5(model: &EfficientNetLite0, path: &str) -> Vec<usize> {
    let image = image::open(path).unwrap().into_rgb8();
    let image = image::imageops::resize(&image, SIDE as u32, SIDE as u32, image::imageops::FilterType::Triangle);
    let input = Tensor::<4>::from_data(TensorData::new(ace::pipeline::to_chw(&image), [1, 3, SIDE, SIDE]), &Device::flex());
    let (_, logits) = model.forward(input);
    let values: Vec<f32> = logits.into_data().try_to_vec().unwrap();
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|a, b| values[*b].total_cmp(&values[*a]));
    order.truncate(5);
    order
}

#[test]
fn the_fixtures_fall_in_their_imagenet_classes() {
    let model = EfficientNetLite0::load(&weights(), &Device::flex()).expect("run scripts/fetch/efficientnet.sh");
    let repo = common::repo();
    let sample = |name: &str| repo.join("assets/samples").join(name).display().to_string();
    let cat = top5(&model, &sample("chelsea.png"));
    let coffee = top5(&model, &sample("coffee.png"));
    let orange = top5(&model, &sample("orange.jpg"));
    println!("top-5: chelsea {cat:?}, coffee {coffee:?}, orange {orange:?}");
    assert!((281..=285).contains(&cat[0]), "chelsea: {cat:?}");
    assert_eq!(coffee[0], 967, "coffee is espresso: {coffee:?}");
    assert_eq!(orange[0], 950, "orange: {orange:?}");
}

#[test]
fn a_wrong_file_is_refused_before_parsing() {
    let error = EfficientNetLite0::load(
        &common::repo().join("weights/ace-default.safetensors"),
        &Device::flex(),
    )
    .unwrap_err()
    .to_string();
    assert!(error.contains("sha256"), "{error}");
}
