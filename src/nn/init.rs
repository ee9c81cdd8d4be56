//! MUNIT's initialisation for generator layers: Kaiming-normal weights (fan-in, ReLU gain), zero biases.
//! burn's default (PyTorch's uniform 1/sqrt(fan_in)) leaves the style MLP's output near zero, so an
//! untrained model would ignore its style code; this init makes the style path matter from step one.

use burn::module::Param;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{Initializer, Linear, LinearConfig};
use burn::tensor::{Device, Tensor};

fn kaiming() -> Initializer {
    Initializer::KaimingNormal { gain: core::f64::consts::SQRT_2, fan_out_only: false }
}

/// A conv with the given config's shape, Kaiming-normal weights and zero bias.
pub fn conv(config: Conv2dConfig, device: &Device) -> Conv2d {
    let mut conv = config.with_initializer(kaiming()).init(device);
    conv.bias = conv.bias.map(|b| Param::from_tensor(Tensor::zeros(b.dims(), device)));
    conv
}

/// A linear layer with Kaiming-normal weights and zero bias.
pub fn linear(inputs: usize, outputs: usize, device: &Device) -> Linear {
    let mut linear = LinearConfig::new(inputs, outputs).with_initializer(kaiming()).init(device);
    linear.bias = linear.bias.map(|b| Param::from_tensor(Tensor::zeros(b.dims(), device)));
    linear
}
