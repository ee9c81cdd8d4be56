//! The SimSiam predictor: a 1x1 bottleneck (C -> C/2 -> C) on the content code. In training it gives
//! one side of the contrastive pair; the decoder consumes `predictor(c)`.

use burn::config::Config;
use burn::module::Module;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::{BatchNorm, BatchNormConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};

#[derive(Config, Debug)]
pub struct PredictorConfig {
    pub channels: usize,
}

#[derive(Module, Debug)]
pub struct Predictor {
    pub squeeze: Conv2d,
    pub norm: BatchNorm,
    /// No normalisation after this conv (SimSiam's predictor output is left free).
    pub expand: Conv2d,
}

impl PredictorConfig {
    pub fn init(&self, device: &Device) -> Predictor {
        let c = self.channels;
        Predictor {
            squeeze: super::init::conv(Conv2dConfig::new([c, c / 2], [1, 1]), device),
            norm: BatchNormConfig::new(c / 2).init(device),
            expand: super::init::conv(Conv2dConfig::new([c / 2, c], [1, 1]), device),
        }
    }
}

impl Predictor {
    pub fn forward(&self, content: Tensor<4>) -> Tensor<4> {
        self.expand.forward(relu(self.norm.forward(self.squeeze.forward(content))))
    }
}
