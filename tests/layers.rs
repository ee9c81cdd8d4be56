//! The normalisation layers against numbers worked out by hand.

use ace::nn::adain;
use ace::nn::layer_norm::MunitLayerNormConfig;
use burn::module::Param;
use burn::tensor::{Device, Tensor, TensorData};

fn close(actual: &[f32], expected: &[f32], tol: f32) {
    assert_eq!(actual.len(), expected.len());
    for (i, (a, e)) in actual.iter().zip(expected).enumerate() {
        assert!((a - e).abs() <= tol, "element {i}: {a} vs {e}");
    }
}

#[test]
fn adain_matches_hand_computation() {
    let device = Device::flex();
    // One sample, two channels of 2x2. Channel 0: [1, 2, 3, 4] -> mean 2.5, biased var 1.25.
    // Channel 1: [10, 10, 10, 14] -> mean 11, biased var 3.
    let x = Tensor::<4>::from_data(TensorData::new(vec![1.0f32, 2., 3., 4., 10., 10., 10., 14.], [1, 2, 2, 2]), &device);
    let scale = Tensor::<2>::from_data(TensorData::new(vec![2.0f32, 0.5], [1, 2]), &device);
    let shift = Tensor::<2>::from_data(TensorData::new(vec![1.0f32, -3.0], [1, 2]), &device);
    let out = adain(x, scale, shift).into_data().try_into_vec::<f32>().unwrap();
    let s0 = (1.25f32 + 1e-5).sqrt();
    let s1 = (3.0f32 + 1e-5).sqrt();
    let expected: Vec<f32> = [1.0f32, 2., 3., 4.]
        .iter()
        .map(|v| 2.0 * (v - 2.5) / s0 + 1.0)
        .chain([10.0f32, 10., 10., 14.].iter().map(|v| 0.5 * (v - 11.0) / s1 - 3.0))
        .collect();
    // Spelled out for the first element: 2 * (1 - 2.5) / sqrt(1.25) + 1 = -1.683281...
    assert!((expected[0] + 1.683_277).abs() < 1e-5, "{}", expected[0]);
    close(&out, &expected, 1e-5);
}

#[test]
fn adain_with_unit_scale_and_zero_shift_is_instance_norm() {
    let device = Device::flex();
    let x = Tensor::<4>::from_data(TensorData::new((0..18).map(|v| (v * v) as f32).collect::<Vec<_>>(), [2, 1, 3, 3]), &device);
    let out = adain(x, Tensor::ones([2, 1], &device), Tensor::zeros([2, 1], &device));
    let values = out.into_data().try_into_vec::<f32>().unwrap();
    for sample in values.chunks(9) {
        let mean: f32 = sample.iter().sum::<f32>() / 9.0;
        let var: f32 = sample.iter().map(|v| (v - mean).powi(2)).sum::<f32>() / 9.0;
        assert!(mean.abs() < 1e-5, "mean {mean}");
        assert!((var - 1.0).abs() < 1e-3, "var {var}");
    }
}

#[test]
fn munit_layer_norm_uses_unbiased_std_over_chw_and_per_channel_affine() {
    let device = Device::flex();
    let mut norm = MunitLayerNormConfig::new(2).init(&device);
    norm.gamma = Param::from_tensor(Tensor::from_floats([1.0, 3.0], &device));
    norm.beta = Param::from_tensor(Tensor::from_floats([0.0, 1.0], &device));
    // One sample, 2 channels of 1x2: values [0, 2 | 4, 6]. Mean 3; unbiased var = (9+1+1+9)/3 = 20/3.
    let x = Tensor::<4>::from_data(TensorData::new(vec![0.0f32, 2., 4., 6.], [1, 2, 1, 2]), &device);
    let out = norm.forward(x).into_data().try_into_vec::<f32>().unwrap();
    let std = (20.0f32 / 3.0).sqrt() + 1e-5;
    let expected = [-3.0 / std, -1.0 / std, 3.0 * (1.0 / std) + 1.0, 3.0 * (3.0 / std) + 1.0];
    close(&out, &expected, 1e-5);
}
