//! The style-to-AdaIN MLP: style code -> hidden -> hidden -> a shift and a scale offset for every
//! channel of every AdaIN layer. Scale is `1 + offset`, so an all-zero output is plain instance norm.

use burn::config::Config;
use burn::module::Module;
use burn::nn::Linear;

use super::init::linear;
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};

#[derive(Config, Debug)]
pub struct StyleMlpConfig {
    pub style_dim: usize,
    pub hidden: usize,
    pub outputs: usize,
}

#[derive(Module, Debug)]
pub struct StyleMlp {
    pub fc1: Linear,
    pub fc2: Linear,
    pub fc3: Linear,
}

impl StyleMlpConfig {
    pub fn init(&self, device: &Device) -> StyleMlp {
        StyleMlp {
            fc1: linear(self.style_dim, self.hidden, device),
            fc2: linear(self.hidden, self.hidden, device),
            fc3: linear(self.hidden, self.outputs, device),
        }
    }
}

impl StyleMlp {
    /// `[N, style_dim]` to the raw AdaIN parameters `[N, outputs]` (see `decoder::AdainParams`).
    pub fn forward(&self, style: Tensor<2>) -> Tensor<2> {
        self.fc3.forward(relu(self.fc2.forward(relu(self.fc1.forward(style)))))
    }
}
