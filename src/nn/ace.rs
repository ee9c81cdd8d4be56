//! The whole ACE generator: VGG -> content encoder -> predictor -> decoder, with the style path
//! VGG -> style encoder (+ domain code) -> MLP -> decoder's AdaIN. Training adds only the
//! discriminator and the losses (in `native-train`); inference runs exactly this.

use burn::module::Module;
use burn::tensor::{Device, Tensor};

use super::content_encoder::{ContentEncoder, ContentEncoderConfig};
use super::decoder::{AdainParams, Decoder, DecoderConfig};
use super::mlp::{StyleMlp, StyleMlpConfig};
use super::predictor::{Predictor, PredictorConfig};
use super::style_encoder::{StyleEncoder, StyleEncoderConfig};
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

    /// What the decoder consumes: `predictor(c)`.
    pub fn decoder_input(&self, content_code: Tensor<4>) -> Tensor<4> {
        self.predictor.forward(content_code)
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

    /// Reference-guided translation of a batch, no randomness: content images and style codes.
    pub fn translate_with_code(&self, content_rgb: Tensor<4>, style: Tensor<2>) -> Tensor<4> {
        let features = self.features(content_rgb);
        let input = self.decoder_input(self.content_code(features));
        self.decode(input, style)
    }

    pub fn device(&self) -> Device {
        self.vgg.block1_conv1.weight.val().device()
    }
}
