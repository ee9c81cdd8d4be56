//! The VGG-19 importer against numbers computed independently in numpy by
//! `scripts/check/vgg_reference.py` (stored in tests/fixtures/vgg_reference.json), and its failure modes.

mod common;

use ace::nn::vgg::{VGG_CONVS, Vgg19SliceConfig};
use ace::weights::vgg_import::{import_vgg, read_vgg_convs};
use ace::{AceError, VggLayer, WeightsError};
use burn::tensor::{Device, Tensor, TensorData};
use serde_json::Value;

fn reference() -> Value {
    let text = std::fs::read_to_string(common::root().join("tests/fixtures/vgg_reference.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array().unwrap().iter().map(|x| x.as_f64().unwrap() as f32).collect()
}

/// The 32x32 crop of chelsea.png the reference used, as RGB in [-1, 1], `[1, 3, 32, 32]`.
fn crop(device: &Device, ltrb: &[u32]) -> Tensor<4> {
    let image = image::open(common::fixture("chelsea.png")).unwrap().into_rgb8();
    let (l, t, r, b) = (ltrb[0], ltrb[1], ltrb[2], ltrb[3]);
    let crop = image::imageops::crop_imm(&image, l, t, r - l, b - t).to_image();
    let (w, h) = ((r - l) as usize, (b - t) as usize);
    Tensor::from_data(TensorData::new(ace::pipeline::to_chw(&crop), [1, 3, h, w]), device)
}

#[test]
fn imported_vgg_matches_the_numpy_reference() {
    let device = Device::flex();
    let reference = reference();
    let mut vgg = Vgg19SliceConfig::new(VggLayer::Relu3_1).init(&device);
    import_vgg(&mut vgg, &common::vgg_path()).unwrap();

    // The dequantised first filter, exactly.
    let weight = vgg.block1_conv1.weight.val().into_data().try_into_vec::<f32>().unwrap();
    assert_eq!(&weight[..27], floats(&reference["conv1_1_weight_0"]).as_slice());

    let ltrb: Vec<u32> = reference["crop_ltrb"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap() as u32).collect();
    let input = ace::nn::vgg::rgb_to_caffe(crop(&device, &ltrb));
    // conv1_1 before its ReLU at a few positions, all 64 channels.
    let conv1 = vgg.block1_conv1.forward(input.clone()).into_data().try_into_vec::<f32>().unwrap();
    for (key, expected) in reference["conv1_1_points"].as_object().unwrap() {
        let (y, x) = key.split_once(',').unwrap();
        let (y, x): (usize, usize) = (y.parse().unwrap(), x.parse().unwrap());
        for (c, e) in floats(expected).iter().enumerate() {
            let a = conv1[c * 32 * 32 + y * 32 + x];
            assert!((a - e).abs() <= 1e-3 * (1.0 + e.abs()), "conv1_1 channel {c} at {key}: {a} vs {e}");
        }
    }
    // The whole slice to relu3_1: channel means and one full position.
    let relu3_1 = vgg.forward(input);
    assert_eq!(relu3_1.dims(), [1, 256, 8, 8]);
    let values = relu3_1.into_data().try_into_vec::<f32>().unwrap();
    for (c, e) in floats(&reference["relu3_1_channel_means"]).iter().enumerate() {
        let mean: f32 = values[c * 64..(c + 1) * 64].iter().sum::<f32>() / 64.0;
        assert!((mean - e).abs() <= 1e-3 * (1.0 + e.abs()), "relu3_1 channel {c} mean: {mean} vs {e}");
    }
    for (c, e) in floats(&reference["relu3_1_point_4_3"]).iter().enumerate() {
        let a = values[c * 64 + 4 * 8 + 3];
        assert!((a - e).abs() <= 1e-3 * (1.0 + e.abs()), "relu3_1 channel {c} at 4,3: {a} vs {e}");
    }
}

#[test]
fn relu4_1_slice_imports_all_nine_convs() {
    let device = Device::flex();
    let mut vgg = Vgg19SliceConfig::new(VggLayer::Relu4_1).init(&device);
    import_vgg(&mut vgg, &common::vgg_path()).unwrap();
    assert_eq!(vgg.convs().len(), VGG_CONVS.len());
    let convs = read_vgg_convs(&common::vgg_path(), 9).unwrap();
    let last = vgg.block4_conv1.as_ref().unwrap().weight.val().into_data().try_into_vec::<f32>().unwrap();
    assert_eq!(last, convs[8].weight);
    let out = vgg.forward_image(Tensor::zeros([1, 3, 32, 32], &device));
    assert_eq!(out.dims(), [1, 512, 4, 4]);
}

fn expect_vgg_source_error(result: Result<(), AceError>, needle: &str) {
    match result {
        Err(AceError::Weights(WeightsError::VggSource(message))) => {
            assert!(message.contains(needle), "message {message:?} lacks {needle:?}")
        }
        other => panic!("expected a VggSource error, got {other:?}"),
    }
}

#[test]
fn truncated_wrong_and_missing_vgg_files_are_clear_errors() {
    let device = Device::flex();
    let dir = tempdir();
    let bytes = std::fs::read(common::vgg_path()).unwrap();

    let truncated = dir.join("truncated.bin");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let mut vgg = Vgg19SliceConfig::new(VggLayer::Relu3_1).init(&device);
    expect_vgg_source_error(import_vgg(&mut vgg, &truncated), "truncated or wrong file");

    let mut flipped = bytes.clone();
    flipped[bytes.len() / 2] ^= 0xff;
    let corrupt = dir.join("corrupt.bin");
    std::fs::write(&corrupt, &flipped).unwrap();
    expect_vgg_source_error(import_vgg(&mut vgg, &corrupt), "sha256");

    match import_vgg(&mut vgg, &dir.join("absent.bin")) {
        Err(AceError::Io { .. }) => {}
        other => panic!("expected an i/o error, got {other:?}"),
    }
}

fn tempdir() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ace-test-vgg-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
