//! The frozen VGG-19 feature extractor, cut at relu3_1 or relu4_1. Layer names follow the Keras
//! weights we import (`block{b}_conv{i}`), so the importer is a plain name mapping.
//!
//! It expects Caffe-style input: BGR, 0..255, minus the ImageNet channel means. `forward_image`
//! converts from the pipeline's RGB in [-1, 1].

use burn::config::Config;
use burn::module::Module;
use burn::nn::PaddingConfig2d;
use burn::nn::conv::{Conv2d, Conv2dConfig};
use burn::nn::pool::{MaxPool2d, MaxPool2dConfig};
use burn::tensor::activation::relu;
use burn::tensor::{Device, Tensor};

use super::cpu_conv::conv2d;
use serde::{Deserialize, Serialize};

/// Which VGG-19 activation feeds the encoders. Deeper layers carry more semantics and cost more.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VggLayer {
    /// relu3_1: 256 channels at 1/4 resolution (two poolings). About 7 GMAC at 256x256.
    Relu3_1,
    /// relu4_1: 512 channels at 1/8 resolution (three poolings).
    Relu4_1,
}

impl VggLayer {
    /// Channels of the activation.
    pub fn channels(self) -> usize {
        match self {
            VggLayer::Relu3_1 => 256,
            VggLayer::Relu4_1 => 512,
        }
    }

    /// Number of 2x poolings before it; the decoder upsamples as many times.
    pub fn poolings(self) -> usize {
        match self {
            VggLayer::Relu3_1 => 2,
            VggLayer::Relu4_1 => 3,
        }
    }
}


/// ImageNet channel means in B, G, R order (Caffe VGG preprocessing).
pub const CAFFE_MEAN_BGR: [f32; 3] = [103.939, 116.779, 123.68];

/// (name, in, out) of every conv up to relu4_1, in order; the layer plan inserts poolings.
pub const VGG_CONVS: [(&str, usize, usize); 9] = [
    ("block1_conv1", 3, 64),
    ("block1_conv2", 64, 64),
    ("block2_conv1", 64, 128),
    ("block2_conv2", 128, 128),
    ("block3_conv1", 128, 256),
    ("block3_conv2", 256, 256),
    ("block3_conv3", 256, 256),
    ("block3_conv4", 256, 256),
    ("block4_conv1", 256, 512),
];

/// How many of `VGG_CONVS` a layer needs.
pub fn conv_count(layer: VggLayer) -> usize {
    match layer {
        VggLayer::Relu3_1 => 5,
        VggLayer::Relu4_1 => 9,
    }
}

#[derive(Config, Debug)]
pub struct Vgg19SliceConfig {
    pub layer: VggLayer,
}

#[derive(Module, Debug)]
pub struct Vgg19Slice {
    pub block1_conv1: Conv2d,
    pub block1_conv2: Conv2d,
    pub block2_conv1: Conv2d,
    pub block2_conv2: Conv2d,
    pub block3_conv1: Conv2d,
    pub block3_conv2: Option<Conv2d>,
    pub block3_conv3: Option<Conv2d>,
    pub block3_conv4: Option<Conv2d>,
    pub block4_conv1: Option<Conv2d>,
    pub pool: MaxPool2d,
}

impl Vgg19SliceConfig {
    pub fn init(&self, device: &Device) -> Vgg19Slice {
        let conv = |i: usize| {
            let (_, cin, cout) = VGG_CONVS[i];
            Conv2dConfig::new([cin, cout], [3, 3]).with_padding(PaddingConfig2d::Explicit(1, 1, 1, 1)).init(device)
        };
        let deep = self.layer == VggLayer::Relu4_1;
        let opt = |i: usize| deep.then(|| conv(i));
        Vgg19Slice {
            block1_conv1: conv(0),
            block1_conv2: conv(1),
            block2_conv1: conv(2),
            block2_conv2: conv(3),
            block3_conv1: conv(4),
            block3_conv2: opt(5),
            block3_conv3: opt(6),
            block3_conv4: opt(7),
            block4_conv1: opt(8),
            pool: MaxPool2dConfig::new([2, 2]).with_strides([2, 2]).init(),
        }
        .no_grad()
    }
}

impl Vgg19Slice {
    /// The convs present, in order, with their Keras names.
    pub fn convs(&self) -> Vec<(&'static str, &Conv2d)> {
        let mut out = vec![
            (VGG_CONVS[0].0, &self.block1_conv1),
            (VGG_CONVS[1].0, &self.block1_conv2),
            (VGG_CONVS[2].0, &self.block2_conv1),
            (VGG_CONVS[3].0, &self.block2_conv2),
            (VGG_CONVS[4].0, &self.block3_conv1),
        ];
        let optional = [&self.block3_conv2, &self.block3_conv3, &self.block3_conv4, &self.block4_conv1];
        for (i, conv) in optional.into_iter().enumerate() {
            if let Some(conv) = conv {
                out.push((VGG_CONVS[5 + i].0, conv));
            }
        }
        out
    }

    /// Features from an RGB image in [-1, 1], `[N, 3, H, W]`.
    pub fn forward_image(&self, rgb: Tensor<4>) -> Tensor<4> {
        self.forward(rgb_to_caffe(rgb))
    }

    /// Features from Caffe-preprocessed input (BGR, 0..255, mean subtracted).
    pub fn forward(&self, x: Tensor<4>) -> Tensor<4> {
        let x = relu(conv2d(&self.block1_conv1, x));
        let x = relu(conv2d(&self.block1_conv2, x));
        let x = self.pool.forward(x);
        let x = relu(conv2d(&self.block2_conv1, x));
        let x = relu(conv2d(&self.block2_conv2, x));
        let x = self.pool.forward(x);
        let x = relu(conv2d(&self.block3_conv1, x));
        match (&self.block3_conv2, &self.block3_conv3, &self.block3_conv4, &self.block4_conv1) {
            (Some(c2), Some(c3), Some(c4), Some(c41)) => {
                let x = relu(conv2d(c2, x));
                let x = relu(conv2d(c3, x));
                let x = relu(conv2d(c4, x));
                let x = self.pool.forward(x);
                relu(conv2d(c41, x))
            }
            _ => x,
        }
    }
}

impl Vgg19Slice {
    /// The activations a feature discriminator reads, from an RGB image in [-1, 1]: relu2_1 (1/2 of
    /// the side), relu3_1 (1/4) and, in a relu4_1 slice, relu4_1 (1/8). Training only.
    pub fn taps(&self, rgb: Tensor<4>) -> Vec<Tensor<4>> {
        let x = relu(conv2d(&self.block1_conv1, rgb_to_caffe(rgb)));
        let x = relu(conv2d(&self.block1_conv2, x));
        let relu2_1 = relu(conv2d(&self.block2_conv1, self.pool.forward(x)));
        let x = relu(conv2d(&self.block2_conv2, relu2_1.clone()));
        let relu3_1 = relu(conv2d(&self.block3_conv1, self.pool.forward(x)));
        let mut taps = vec![relu2_1, relu3_1.clone()];
        if let (Some(c2), Some(c3), Some(c4), Some(c41)) = (&self.block3_conv2, &self.block3_conv3, &self.block3_conv4, &self.block4_conv1)
        {
            let x = relu(conv2d(c4, relu(conv2d(c3, relu(conv2d(c2, relu3_1))))));
            taps.push(relu(conv2d(c41, self.pool.forward(x))));
        }
        taps
    }
}

/// RGB in [-1, 1] to Caffe's BGR 0..255 minus the channel means.
pub fn rgb_to_caffe(rgb: Tensor<4>) -> Tensor<4> {
    let device = rgb.device();
    let bgr = rgb.flip([1]);
    let mean = Tensor::<1>::from_floats(CAFFE_MEAN_BGR, &device).reshape([1, 3, 1, 1]);
    bgr.add_scalar(1.0).mul_scalar(127.5) - mean
}
