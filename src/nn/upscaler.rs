//! A learned 2x enlargement of the translation. The generator draws cats at the scale it learnt (a
//! face 128 px across) and loses them at the page's 256 px; enlarging its 128 px translation keeps the
//! cat but carries no detail finer than 128 px holds. This network draws that detail: a bicubic
//! enlargement plus a residual that a few convolutions at the working size predict and a pixel
//! shuffle lays out at twice the side (ESPCN's sub-pixel layout, Shi et al. 2016, on a bicubic base as
//! in VDSR, Kim et al. 2016). It is trained on cat photos alone (`ace train-upscaler`), so what it adds
//! is detail of the kind cat photos hold.
//!
//! Its last convolution starts at zero, so an untrained upscaler is exactly the bicubic enlargement.

use burn::module::{Module, Param};
use burn::nn::PixelShuffleConfig;
use burn::tensor::activation::relu;
use burn::tensor::module::interpolate;
use burn::tensor::ops::{InterpolateMode, InterpolateOptions};
use burn::tensor::{Device, Tensor};
use serde::{Deserialize, Serialize};

use super::reflect_conv::{ReflectConv2d, ReflectConv2dConfig};

/// The enlargement's factor: one octave, from the model's 128 px to the page's 256.
pub const FACTOR: usize = 2;

/// The upscaler's shape, stored in the weights file inside the model's config.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpscalerConfig {
    /// Width of its hidden layers.
    pub channels: usize,
    /// 3x3 convolutions between the first (from RGB) and the last (to the sub-pixel residual).
    pub hidden_convs: usize,
}

impl Default for UpscalerConfig {
    /// 32 wide with three hidden convolutions: 32 thousand parameters (64 KB in f16), a receptive
    /// field of 11 px at the working size, 32 thousand multiply-accumulates per working pixel (0.5 GMAC
    /// at 128 px, against the generator's 2.9).
    fn default() -> Self {
        Self { channels: 32, hidden_convs: 3 }
    }
}

impl UpscalerConfig {
    pub fn init(&self, device: &Device) -> Upscaler {
        let conv = |channels_in, channels_out| ReflectConv2dConfig::new(channels_in, channels_out, 3).init(device);
        let mut last = conv(self.channels, 3 * FACTOR * FACTOR);
        last.conv.weight = Param::from_tensor(Tensor::zeros(last.conv.weight.dims(), device));
        Upscaler {
            first: conv(3, self.channels),
            hidden: (0..self.hidden_convs).map(|_| conv(self.channels, self.channels)).collect(),
            last,
        }
    }
}

#[derive(Module, Debug)]
pub struct Upscaler {
    pub first: ReflectConv2d,
    pub hidden: Vec<ReflectConv2d>,
    /// To `3 x FACTOR^2` channels: each pixel's residual for the `FACTOR x FACTOR` pixels it becomes.
    pub last: ReflectConv2d,
}

impl Upscaler {
    /// RGB in [-1, 1], `[N, 3, H, W]` (each side at least 2) to `[N, 3, 2H, 2W]`.
    pub fn forward(&self, rgb: Tensor<4>) -> Tensor<4> {
        let [_, _, h, w] = rgb.dims();
        let base = bicubic(rgb.clone(), [h * FACTOR, w * FACTOR]);
        let hidden = self.hidden.iter().fold(relu(self.first.forward(rgb)), |x, conv| relu(conv.forward(x)));
        base + PixelShuffleConfig::new(FACTOR).init().forward(self.last.forward(hidden))
    }
}

/// Bicubic resampling with pixel centres aligned (`(i + 0.5) / scale - 0.5`), as the pipeline's own
/// enlargement aligns them.
pub fn bicubic(x: Tensor<4>, size: [usize; 2]) -> Tensor<4> {
    interpolate(x, InterpolateOptions::new(InterpolateMode::Bicubic).with_align_corners(false).with_output_size(size))
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::{Distribution, TensorData};

    #[test]
    fn untrained_it_is_the_bicubic_enlargement_at_twice_the_side() {
        let device = Device::flex();
        device.seed(3);
        let upscaler = UpscalerConfig::default().init(&device);
        let x = Tensor::<4>::random([2, 3, 12, 20], Distribution::Uniform(-1.0, 1.0), &device);
        let out = upscaler.forward(x.clone());
        assert_eq!(out.dims(), [2, 3, 24, 40]);
        out.into_data().assert_approx_eq::<f32>(&bicubic(x, [24, 40]).into_data(), burn::tensor::Tolerance::absolute(1e-6));
    }

    #[test]
    fn each_pixel_draws_its_own_two_by_two_block_of_the_residual() {
        // A last layer that outputs only its bias: channel c * 4 + dy * 2 + dx is the residual at
        // offset (dy, dx) of colour c in every block, so the output minus the base repeats the bias.
        let device = Device::flex();
        let mut upscaler = UpscalerConfig { channels: 4, hidden_convs: 1 }.init(&device);
        let bias: Vec<f32> = (0..12).map(|i| i as f32 / 10.0).collect();
        upscaler.last.conv.bias = Some(Param::from_tensor(Tensor::from_data(TensorData::new(bias.clone(), [12]), &device)));
        let x = Tensor::<4>::random([1, 3, 5, 6], Distribution::Uniform(-1.0, 1.0), &device);
        let residual = (upscaler.forward(x.clone()) - bicubic(x, [10, 12])).into_data().try_to_vec::<f32>().unwrap();
        for c in 0..3 {
            for (y, x) in (0..10).flat_map(|y| (0..12).map(move |x| (y, x))) {
                let want = bias[c * 4 + (y % 2) * 2 + x % 2];
                assert!((residual[(c * 10 + y) * 12 + x] - want).abs() < 1e-5, "colour {c} at ({y}, {x})");
            }
        }
    }
}
