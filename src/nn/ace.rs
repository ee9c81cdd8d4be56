//! The whole ACE generator: VGG -> content encoder -> predictor -> decoder, with the style path
//! VGG -> style encoder (+ domain code) -> MLP -> decoder's AdaIN. Training adds only the
//! discriminator and the losses (in `native-train`); inference runs exactly this.

use burn::module::Module;
use burn::tensor::module::{avg_pool2d, interpolate};
use burn::tensor::ops::{AvgPoolOptions, InterpolateMode, InterpolateOptions};
use burn::tensor::{Device, Tensor};

use super::content_encoder::{ContentEncoder, ContentEncoderConfig};
use super::decoder::{AdainParams, Decoder, DecoderConfig};
use super::mlp::{StyleMlp, StyleMlpConfig};
use super::predictor::{Predictor, PredictorConfig};
use super::style_encoder::{StyleEncoder, StyleEncoderConfig};
use super::upscaler::Upscaler;
use super::vgg::{Vgg19Slice, Vgg19SliceConfig};
use crate::config::AceConfig;

#[derive(Module, Debug)]
pub struct Ace {
    pub vgg: Vgg19Slice,
    pub content_encoder: ContentEncoder,
    pub predictor: Predictor,
    pub style_encoder: StyleEncoder,
    pub mlp: StyleMlp,
    pub decoder: Decoder,
    /// The learned enlargement of the translation, where the file has one (trained apart).
    pub upscaler: Option<Upscaler>,
    /// The shape this network was built with, and the settings without parameters that its forward
    /// pass reads (`content_pool`). A weights file stores it beside the tensors.
    #[module(skip)]
    pub config: AceConfig,
}

impl AceConfig {
    /// Builds a freshly initialised network on `device` (VGG random too: import it or load a file).
    pub fn init(&self, device: &Device) -> Ace {
        let v = self.vgg_layer.channels();
        let c = self.content_channels;
        Ace {
            vgg: Vgg19SliceConfig::new(self.vgg_layer).init(device),
            content_encoder: ContentEncoderConfig::new(v, c, self.content_res_blocks).init(device),
            predictor: PredictorConfig::new(c).init(device),
            style_encoder: StyleEncoderConfig::new(v, self.style_dim).init(device),
            mlp: StyleMlpConfig::new(self.style_dim, self.mlp_hidden, self.adain_params()).init(device),
            decoder: DecoderConfig::new(c, self.decoder_res_blocks, self.vgg_layer.poolings()).init(device),
            upscaler: self.upscaler.map(|upscaler| upscaler.init(device)),
            config: self.clone(),
        }
    }
}

impl Ace {
    /// VGG features of RGB images in [-1, 1].
    pub fn features(&self, rgb: Tensor<4>) -> Tensor<4> {
        self.vgg.forward_image(rgb)
    }

    /// The content code `c` (before the predictor).
    pub fn content_code(&self, features: Tensor<4>) -> Tensor<4> {
        self.content_encoder.forward(features)
    }

    /// `predictor(c)`: what the contrastive loss compares and, through the bottleneck, the decoder reads.
    pub fn predict(&self, content_code: Tensor<4>) -> Tensor<4> {
        self.predictor.forward(content_code)
    }

    /// The content bottleneck: the mean of each `k x k` block of cells, enlarged back (nearest), so
    /// the map keeps its size and the decoder its shape. The identity when `content_pool` is 1.
    pub fn coarse(&self, predicted: Tensor<4>) -> Tensor<4> {
        let k = self.config.content_pool;
        if k <= 1 {
            return predicted;
        }
        let [_, _, h, w] = predicted.dims();
        let pooled = avg_pool2d(predicted, AvgPoolOptions::new([k, k]));
        let mut options = InterpolateOptions::new(InterpolateMode::Nearest);
        options.output_size = Some([h, w]);
        interpolate(pooled, options)
    }

    /// What the decoder consumes: `coarse(predictor(c))`.
    pub fn decoder_input(&self, content_code: Tensor<4>) -> Tensor<4> {
        self.coarse(self.predict(content_code))
    }

    /// The full style code of images (encoded style + domain code), `[N, style_dim]`.
    pub fn style_code(&self, features: Tensor<4>) -> Tensor<2> {
        self.style_encoder.forward(features)
    }

    /// Style code -> AdaIN parameters.
    pub fn adain_params(&self, style: Tensor<2>) -> AdainParams {
        self.mlp.forward(style)
    }

    /// Decodes `predictor(c)` with a style code.
    pub fn decode(&self, decoder_input: Tensor<4>, style: Tensor<2>) -> Tensor<4> {
        self.decoder.forward(decoder_input, self.mlp.forward(style))
    }

    pub fn device(&self) -> Device {
        self.vgg.block1_conv1.weight.val().device()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::tensor::Distribution;

    /// With `content_pool` k the decoder reads the layout at 1/k of the content map's resolution:
    /// each k x k block holds one value per channel, the mean of the predictor's output over it.
    #[test]
    fn the_bottleneck_holds_one_value_per_block_the_block_mean() {
        let device = Device::flex();
        device.seed(1);
        for k in [1usize, 2, 4] {
            let config = AceConfig { content_pool: k, ..AceConfig::tiny() };
            let model = config.init(&device);
            let c = Tensor::<4>::random([2, 16, 8, 8], Distribution::Normal(0.0, 1.0), &device);
            let predicted = model.predict(c.clone()).into_data().try_to_vec::<f32>().unwrap();
            let input = model.decoder_input(c).into_data().try_to_vec::<f32>().unwrap();
            assert_eq!(input.len(), 2 * 16 * 8 * 8, "the map keeps its size");
            let at = |v: &[f32], plane: usize, y: usize, x: usize| v[plane * 64 + y * 8 + x];
            for plane in 0..32 {
                for (by, bx) in (0..8 / k).flat_map(|by| (0..8 / k).map(move |bx| (by, bx))) {
                    let cells: Vec<(usize, usize)> = (0..k).flat_map(|dy| (0..k).map(move |dx| (by * k + dy, bx * k + dx))).collect();
                    let mean = cells.iter().map(|&(y, x)| at(&predicted, plane, y, x)).sum::<f32>() / (k * k) as f32;
                    for &(y, x) in &cells {
                        assert!((at(&input, plane, y, x) - mean).abs() < 1e-5, "k {k}: cell ({y}, {x}) is not its block's mean");
                    }
                }
            }
        }
    }
}
