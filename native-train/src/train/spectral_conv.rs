//! A convolution with spectral normalisation (Miyato et al. 2018), which burn does not have: the weight
//! is divided by its largest singular value, estimated by one power iteration per training forward.
//! It keeps the discriminator 1-Lipschitz-ish, which is what stops LSGAN from exploding (paper 3.6).

use burn::config::Config;
use burn::module::{Module, Param, RunningState};
use burn::nn::Initializer;
use ace::nn::cpu_conv::conv2d_weights;
use burn::tensor::{Device, Tensor};

/// Keeps the power iteration away from division by zero.
const SN_EPS: f64 = 1e-12;

#[derive(Config, Debug)]
pub struct SpectralConv2dConfig {
    pub channels_in: usize,
    pub channels_out: usize,
    pub kernel: usize,
    pub stride: usize,
    pub padding: usize,
}

#[derive(Module, Debug)]
pub struct SpectralConv2d {
    pub weight: Param<Tensor<4>>,
    pub bias: Param<Tensor<1>>,
    /// The left singular vector estimate, carried from step to step (not trained).
    pub u: RunningState<Tensor<1>>,
    pub stride: usize,
    pub padding: usize,
}

fn normalise(v: Tensor<1>) -> Tensor<1> {
    let norm = v.clone().powf_scalar(2.0).sum().sqrt().add_scalar(SN_EPS);
    v / norm
}

impl SpectralConv2dConfig {
    pub fn init(&self, device: &Device) -> SpectralConv2d {
        let shape = [self.channels_out, self.channels_in, self.kernel, self.kernel];
        // DCGAN/MUNIT discriminator init: N(0, 0.02).
        let weight = Initializer::Normal { mean: 0.0, std: 0.02 }.init(shape, device);
        let u = normalise(Tensor::random([self.channels_out], burn::tensor::Distribution::Normal(0.0, 1.0), device));
        SpectralConv2d {
            weight,
            bias: Initializer::Zeros.init([self.channels_out], device),
            u: RunningState::new(u.detach()),
            stride: self.stride,
            padding: self.padding,
        }
    }
}

impl SpectralConv2d {
    /// The weight divided by its estimated spectral norm. On an autodiff device the estimate of `u`
    /// advances one power iteration (detached, as in the reference implementation).
    pub fn normalised_weight(&self) -> Tensor<4> {
        let weight = self.weight.val();
        let [o, i, kh, kw] = weight.dims();
        let matrix = weight.clone().reshape([o, i * kh * kw]);
        let device = weight.device();
        let frozen = matrix.clone().detach();
        let u = self.u.value_sync().to_device(&device).detach();
        let v = normalise(frozen.clone().transpose().matmul(u.reshape([o, 1])).reshape([i * kh * kw]));
        let u = normalise(frozen.matmul(v.clone().reshape([i * kh * kw, 1])).reshape([o]));
        if device.is_autodiff() {
            self.u.update(u.clone().detach());
        }
        let sigma = u.reshape([1, o]).matmul(matrix).matmul(v.reshape([i * kh * kw, 1])).reshape([1, 1, 1, 1]);
        weight / sigma
    }

    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        conv2d_weights(x, self.normalised_weight(), self.bias.val(), self.stride, self.padding, None)
    }

    /// `leaky_relu(self.forward(x), slope)`, the activation computed with the convolution where the
    /// CPU kernel runs it.
    pub fn forward_leaky(&self, x: Tensor<4>, slope: f32) -> Tensor<4> {
        conv2d_weights(x, self.normalised_weight(), self.bias.val(), self.stride, self.padding, Some(slope))
    }
}
