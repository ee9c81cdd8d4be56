//! The kernel against burn's own convolution: outputs and all three gradients, on shapes that cover
//! odd sizes, non-square pictures, several kernels, paddings and strides, a batch, and both ways of
//! running the taps (one product each, or stacked below 16 input channels).

use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::tensor::{Device, Distribution, Tensor};

use burn::tensor::ops::PadMode;

use super::{applies, applies_to, conv2d, conv2d_weights, own_padding, reflect_conv2d};

fn close(name: &str, ours: Tensor<4>, theirs: Tensor<4>) {
    let (a, b) = (ours.into_data().try_into_vec::<f32>().unwrap(), theirs.into_data().try_into_vec::<f32>().unwrap());
    assert_eq!(a.len(), b.len(), "{name}: sizes");
    let scale = b.iter().fold(0f32, |m, v| m.max(v.abs())).max(1e-6);
    let worst = a.iter().zip(&b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
    assert!(worst <= 1e-5 * scale.max(1.0), "{name}: off by {worst} (largest value {scale})");
}

/// Both paths' outputs, then the gradients of one random projection of them with respect to the input,
/// the weight and the bias.
fn compare(case: &str, x: &Tensor<4>, conv: &Conv2d, ours: Tensor<4>, theirs: Tensor<4>) {
    let probe = Tensor::<4>::random(theirs.dims(), Distribution::Normal(0.0, 1.0), &x.device());
    close(&format!("{case} output"), ours.clone().inner(), theirs.clone().inner());
    let ours_grads = (ours * probe.clone()).sum().backward();
    let theirs_grads = (theirs * probe).sum().backward();
    close(&format!("{case} d input"), x.grad(&ours_grads).unwrap(), x.grad(&theirs_grads).unwrap());
    let (weight, bias) = (conv.weight.val(), conv.bias.as_ref().unwrap().val());
    close(&format!("{case} d weight"), weight.grad(&ours_grads).unwrap(), weight.grad(&theirs_grads).unwrap());
    let bias_of = |g| bias.grad(g).unwrap().reshape([1, 1, 1, -1]);
    close(&format!("{case} d bias"), bias_of(&ours_grads), bias_of(&theirs_grads));
}

/// One case: the same convolution (zero padding) through both paths, with every input tracked.
fn check(batch: usize, channels: [usize; 2], [h, w]: [usize; 2], kernel: usize, pad: usize) {
    let device = Device::flex().autodiff();
    let padding = if pad == 0 { PaddingConfig2d::Valid } else { PaddingConfig2d::Explicit(pad, pad, pad, pad) };
    let conv: Conv2d = Conv2dConfig::new(channels, [kernel, kernel]).with_padding(padding).init(&device);
    let x = Tensor::<4>::random([batch, channels[0], h, w], Distribution::Normal(0.0, 1.0), &device).require_grad();
    assert_eq!(applies(&conv, &x, pad), Some(pad), "the case must take the kernel's path");
    let case = format!("{batch}x{channels:?}x{h}x{w} k{kernel} p{pad}");
    compare(&case, &x, &conv, conv2d(&conv, x.clone()), conv.forward(x.clone()));
}

#[test]
fn matches_burn_forward_and_backward() {
    check(2, [16, 24], [9, 13], 3, 1);
    check(1, [32, 16], [17, 17], 3, 0);
    check(3, [16, 16], [20, 18], 5, 2);
    check(2, [20, 8], [30, 28], 7, 0);
    check(2, [64, 64], [32, 32], 3, 1);
    // Few input channels: the taps stacked into one product (an RGB picture's first convolutions).
    check(2, [3, 16], [19, 21], 3, 1);
    check(1, [3, 8], [30, 30], 7, 0);
    check(2, [15, 4], [12, 12], 3, 1);
}

/// Reflection padding done by the kernel against burn's `pad(Reflect)` followed by the convolution.
fn check_reflect(batch: usize, channels: [usize; 2], [h, w]: [usize; 2], kernel: usize, pad: usize) {
    let device = Device::flex().autodiff();
    let conv: Conv2d = Conv2dConfig::new(channels, [kernel, kernel]).init(&device);
    let x = Tensor::<4>::random([batch, channels[0], h, w], Distribution::Normal(0.0, 1.0), &device).require_grad();
    assert_eq!((own_padding(&conv), applies(&conv, &x, pad)), (Some(0), Some(pad)), "the case must take the kernel's path");
    let theirs = conv.forward(x.clone().pad([(pad, pad), (pad, pad)], PadMode::Reflect));
    let case = format!("reflect {batch}x{channels:?}x{h}x{w} k{kernel} p{pad}");
    compare(&case, &x, &conv, reflect_conv2d(&conv, x.clone(), pad), theirs);
}

#[test]
fn reflection_padding_matches_burns_pad_then_convolution() {
    check_reflect(2, [16, 24], [9, 13], 3, 1);
    check_reflect(1, [32, 8], [18, 20], 5, 2);
    check_reflect(2, [16, 3], [26, 24], 7, 3);
    check_reflect(2, [3, 16], [11, 15], 3, 1);
}

/// The input a slice of a larger batch and the output one part of a concatenation: both arrive as
/// views that start inside a larger buffer (the input here, the output's gradient in the backward pass).
#[test]
fn views_inside_larger_buffers_are_read_as_views() {
    let device = Device::flex().autodiff();
    let conv: Conv2d = Conv2dConfig::new([16, 8], [3, 3]).with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1)).init(&device);
    let both = Tensor::<4>::random([4, 16, 10, 10], Distribution::Normal(0.0, 1.0), &device).require_grad();
    let probe = Tensor::<4>::random([4, 8, 10, 10], Distribution::Normal(0.0, 1.0), &device);
    let run = |conv_fn: &dyn Fn(Tensor<4>) -> Tensor<4>| {
        let y = conv_fn(both.clone().slice([2..4]));
        let joined = Tensor::cat(vec![y.clone().mul_scalar(2.0), y.clone()], 0);
        let grads = (joined * probe.clone()).sum().backward();
        (y.inner(), both.grad(&grads).unwrap(), conv.weight.val().grad(&grads).unwrap())
    };
    let (ours, theirs) = (run(&|x| conv2d(&conv, x)), run(&|x| conv.forward(x)));
    close("sliced input: output", ours.0, theirs.0);
    close("concatenated output: d input", ours.1, theirs.1);
    close("concatenated output: d weight", ours.2, theirs.2);
}

#[test]
fn other_convolutions_keep_burns_path() {
    let device = Device::flex();
    let x = Tensor::<4>::zeros([1, 16, 16, 16], &device);
    let strided = Conv2dConfig::new([16, 16], [4, 4]).with_stride([2, 2]).init(&device);
    let tiny = Conv2dConfig::new([16, 16], [3, 3]).with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1)).init(&device);
    assert_eq!(applies(&strided, &x, 0), None);
    assert_eq!(applies(&tiny, &Tensor::zeros([1, 16, 4, 4], &device), 1), None, "4x4 with padding: 44 % useful");
    assert_eq!(applies(&tiny, &x, 1), Some(1));
    assert_eq!(applies(&tiny, &Tensor::zeros([1, 16, 2, 9], &device), 2), None, "reflection needs each side above the pad");
}

/// A strided convolution with a computed weight (the discriminators': spectral normalisation divides
/// it) through the phases, then leaky ReLU if asked, against burn's strided convolution and leaky ReLU
/// of the same tensors.
fn check_strided(batch: usize, [ci, co]: [usize; 2], [h, w]: [usize; 2], kernel: usize, stride: usize, pad: usize, leaky: Option<f32>) {
    let device = Device::flex().autodiff();
    let x = Tensor::<4>::random([batch, ci, h, w], Distribution::Normal(0.0, 1.0), &device).require_grad();
    let raw = Tensor::<4>::random([co, ci, kernel, kernel], Distribution::Normal(0.0, 0.1), &device).require_grad();
    let bias = Tensor::<1>::random([co], Distribution::Normal(0.0, 1.0), &device).require_grad();
    // One computed weight per path: each backward pass consumes its own graph.
    let weight = || raw.clone().div_scalar(0.7);
    assert_eq!(applies_to(&weight(), &x, stride, pad, false), Some(pad), "the case must take the kernel's path");
    let options = burn::tensor::ops::ConvOptions::new([stride; 2], [pad; 2], [1, 1], 1);
    let theirs = burn::tensor::module::conv2d(x.clone(), weight(), Some(bias.clone()), options);
    let theirs = leaky.map_or(theirs.clone(), |slope| burn::tensor::activation::leaky_relu(theirs, slope as f64));
    let ours = conv2d_weights(x.clone(), weight(), bias.clone(), stride, pad, leaky);
    let case = format!("{batch}x[{ci}, {co}]x{h}x{w} k{kernel} s{stride} p{pad} leaky {leaky:?}");
    let probe = Tensor::<4>::random(theirs.dims(), Distribution::Normal(0.0, 1.0), &device);
    close(&format!("{case} output"), ours.clone().inner(), theirs.clone().inner());
    let (ours_grads, theirs_grads) = ((ours * probe.clone()).sum().backward(), (theirs * probe).sum().backward());
    close(&format!("{case} d input"), x.grad(&ours_grads).unwrap(), x.grad(&theirs_grads).unwrap());
    close(&format!("{case} d weight"), raw.grad(&ours_grads).unwrap(), raw.grad(&theirs_grads).unwrap());
    let bias_of = |g| bias.grad(g).unwrap().reshape([1, 1, 1, -1]);
    close(&format!("{case} d bias"), bias_of(&ours_grads), bias_of(&theirs_grads));
}

#[test]
fn strided_convolutions_through_their_phases_match_burn() {
    // The discriminators' 4x4 stride-2 convolutions, with RGB in (stacked taps) and deeper maps.
    check_strided(2, [3, 16], [32, 32], 4, 2, 1, None);
    check_strided(2, [16, 32], [16, 12], 4, 2, 1, None);
    check_strided(1, [32, 8], [18, 22], 4, 2, 3, None);
    // Other strides and kernels that divide: 6x6 at stride 3, 2x2 at stride 2 without padding.
    check_strided(2, [16, 8], [19, 16], 6, 3, 1, None);
    check_strided(3, [20, 4], [14, 10], 2, 2, 0, None);
    // Stride 1 through the same entry point (the heads' 1x1 convolutions).
    check_strided(2, [64, 1], [8, 8], 1, 1, 0, None);
    // With the discriminators' leaky ReLU on the output walk, and its gradient from the output's sign.
    check_strided(2, [3, 16], [66, 66], 4, 2, 1, Some(0.2));
    check_strided(2, [16, 32], [16, 12], 4, 2, 1, Some(0.2));
    check_strided(2, [16, 8], [12, 12], 3, 1, 1, Some(0.5));
}

#[test]
fn strided_convolutions_that_do_not_split_keep_burns_path() {
    let device = Device::flex();
    let x = |h: usize, w: usize| Tensor::<4>::zeros([1, 16, h, w], &device);
    let weight = |k: usize| Tensor::<4>::zeros([8, 16, k, k], &device);
    assert_eq!(applies_to(&weight(4), &x(15, 16), 2, 1, false), None, "odd padded height");
    assert_eq!(applies_to(&weight(3), &x(16, 16), 2, 1, false), None, "a kernel the stride does not divide");
    assert_eq!(applies_to(&weight(4), &x(4, 4), 2, 1, false), None, "4x4 in: the phases' grid 44 % useful");
    assert_eq!(applies_to(&weight(4), &x(16, 16), 2, 1, true), None, "reflection at stride 2");
    assert_eq!(applies_to(&weight(4), &x(16, 16), 2, 1, false), Some(1));
}
