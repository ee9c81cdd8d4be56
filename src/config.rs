//! The model's shape. It is stored as JSON inside every weights file, so a file always says how to
//! build the network that reads it: widths are configuration, not code.

use serde::{Deserialize, Serialize};

use crate::error::WeightsError;
pub use crate::nn::upscaler::UpscalerConfig;
pub use crate::nn::vgg::VggLayer;

/// Everything needed to build an ACE network. `Default` is the 128-wide reference network that the
/// benchmarks and the PyTorch peer measure (24.2 GMAC per 256x256 translation); the shipped model's own
/// config lives in its weights file (64 wide, 11.7 GMAC).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AceConfig {
    /// The frozen VGG-19 layer the encoders read.
    pub vgg_layer: VggLayer,
    /// Width of the content path. When it differs from the VGG width, a 1x1 convolution reduces the
    /// VGG features first (`fixed_projection` keeps it at its initialisation in training); the
    /// decoder's cost scales with this width squared.
    pub content_channels: usize,
    /// Residual blocks in the content encoder.
    pub content_res_blocks: usize,
    /// Residual blocks with AdaIN in the decoder.
    pub decoder_res_blocks: usize,
    /// Size of the style code (8 in MUNIT and ACE).
    pub style_dim: usize,
    /// Hidden width of the style-to-AdaIN MLP.
    pub mlp_hidden: usize,
    /// The content bottleneck: the decoder reads `predictor(c)` average-pooled over `k x k` cells and
    /// enlarged back (nearest), so it sees the layout at 1/(4k) of the side (with relu3_1) and must
    /// invent the finer geometry in the target domain's style instead of copying the source's, the
    /// way StarGAN v2 decodes from 1/16 of the side and SDEdit / ILVR drop a photo's high frequencies.
    /// 1 (no pooling) is the architecture of version-1 weights files, which omit the field.
    #[serde(default = "no_pooling", skip_serializing_if = "is_no_pooling")]
    pub content_pool: usize,
    /// A learned 2x enlargement of the translation ([`crate::nn::upscaler`]), trained apart from the
    /// generator and stored in the same file; files without one omit the field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upscaler: Option<UpscalerConfig>,
}

fn no_pooling() -> usize {
    1
}

fn is_no_pooling(k: &usize) -> bool {
    *k == 1
}

impl Default for AceConfig {
    fn default() -> Self {
        Self {
            vgg_layer: VggLayer::Relu3_1,
            content_channels: 128,
            content_res_blocks: 4,
            decoder_res_blocks: 4,
            style_dim: 8,
            mlp_hidden: 256,
            content_pool: 1,
            upscaler: None,
        }
    }
}

impl AceConfig {
    /// A very small model for fast tests and smoke runs (same structure, narrow widths).
    pub fn tiny() -> Self {
        Self {
            vgg_layer: VggLayer::Relu3_1,
            content_channels: 16,
            content_res_blocks: 1,
            decoder_res_blocks: 1,
            style_dim: 8,
            mlp_hidden: 32,
            content_pool: 1,
            upscaler: None,
        }
    }

    /// Number of AdaIN layers in the decoder (two per residual block).
    pub fn adain_layers(&self) -> usize {
        self.decoder_res_blocks * 2
    }

    /// Length of the MLP output: a shift and a scale offset per channel per AdaIN layer.
    pub fn adain_params(&self) -> usize {
        self.adain_layers() * 2 * self.content_channels
    }

    /// Whether a network of `other`'s config has exactly this one's parameters (names and shapes): they
    /// may differ only in `content_pool`, which has none.
    pub fn same_parameters(&self, other: &AceConfig) -> bool {
        AceConfig { content_pool: 1, ..self.clone() } == AceConfig { content_pool: 1, ..other.clone() }
    }

    /// Pixels per cell of the content map (one factor 2 per VGG pooling).
    pub fn content_stride(&self) -> usize {
        1 << self.vgg_layer.poolings()
    }

    /// Image sides must be a multiple of this: whole content cells, in whole bottleneck blocks.
    pub fn size_multiple(&self) -> usize {
        self.content_stride() * self.content_pool
    }

    /// Checks the numbers make a buildable network, so a bad file is an error, not a panic.
    pub fn validate(&self) -> Result<(), WeightsError> {
        let bad = |m: &str| Err(WeightsError::BadConfig(m.to_string()));
        let up = self.vgg_layer.poolings();
        if self.content_channels == 0 || self.content_channels > 4096 {
            return bad("content_channels must be in 1..=4096");
        }
        if self.content_channels % (1 << up) != 0 || self.content_channels >> up < 1 {
            return bad("content_channels must be divisible by 2^(VGG poolings): the decoder halves it per upsampling");
        }
        if self.content_channels % 2 != 0 {
            return bad("content_channels must be even (the predictor halves it)");
        }
        if self.content_res_blocks > 64 || self.decoder_res_blocks == 0 || self.decoder_res_blocks > 64 {
            return bad("residual block counts must be small (content 0..=64, decoder 1..=64)");
        }
        if self.style_dim == 0 || self.style_dim > 1024 {
            return bad("style_dim must be in 1..=1024");
        }
        if self.mlp_hidden == 0 || self.mlp_hidden > 8192 {
            return bad("mlp_hidden must be in 1..=8192");
        }
        if ![1, 2, 4, 8].contains(&self.content_pool) {
            return bad("content_pool must be 1, 2, 4 or 8");
        }
        if let Some(upscaler) = self.upscaler
            && (!(1..=256).contains(&upscaler.channels) || upscaler.hidden_convs > 16)
        {
            return bad("the upscaler must be 1..=256 wide with at most 16 hidden convolutions");
        }
        Ok(())
    }

    /// Every tensor a network of this config holds, by module path, with its shape: what its
    /// weights file must contain, known from the config alone so a file is checked before any
    /// network is built (a test compares it with the built module).
    pub fn tensor_shapes(&self) -> Vec<(String, Vec<usize>)> {
        let mut out = Vec::new();
        let mut conv = |name: String, cin: usize, cout: usize, k: usize| {
            out.push((format!("{name}.weight"), vec![cout, cin, k, k]));
            out.push((format!("{name}.bias"), vec![cout]));
        };
        for &(name, cin, cout) in &crate::nn::vgg::VGG_CONVS[..crate::nn::vgg::conv_count(self.vgg_layer)] {
            conv(format!("vgg.{name}"), cin, cout, 3);
        }
        let (v, c, s, h) = (self.vgg_layer.channels(), self.content_channels, self.style_dim, self.mlp_hidden);
        if c != v {
            conv("content_encoder.reduce".into(), v, c, 1);
        }
        for b in 0..self.content_res_blocks {
            conv(format!("content_encoder.blocks.{b}.conv1.conv"), c, c, 3);
            conv(format!("content_encoder.blocks.{b}.conv2.conv"), c, c, 3);
        }
        conv("predictor.squeeze".into(), c, c / 2, 1);
        conv("predictor.expand".into(), c / 2, c, 1);
        conv("style_encoder.project".into(), v, s, 1);
        for b in 0..self.decoder_res_blocks {
            conv(format!("decoder.blocks.{b}.conv1.conv"), c, c, 3);
            conv(format!("decoder.blocks.{b}.conv2.conv"), c, c, 3);
        }
        let mut ch = c;
        for u in 0..self.vgg_layer.poolings() {
            conv(format!("decoder.ups.{u}.conv.conv"), ch, ch / 2, 5);
            ch /= 2;
        }
        conv("decoder.to_rgb.conv".into(), ch, 3, 7);
        if let Some(upscaler) = self.upscaler {
            let k = upscaler.channels;
            conv("upscaler.first.conv".into(), 3, k, 3);
            for i in 0..upscaler.hidden_convs {
                conv(format!("upscaler.hidden.{i}.conv"), k, k, 3);
            }
            conv("upscaler.last.conv".into(), k, 3 * crate::nn::upscaler::FACTOR.pow(2), 3);
        }
        let mut norm = |name: String, width: usize, running: bool| {
            let fields: &[&str] = if running { &["gamma", "beta", "running_mean", "running_var"] } else { &["gamma", "beta"] };
            out.extend(fields.iter().map(|f| (format!("{name}.{f}"), vec![width])));
        };
        norm("content_encoder.input_norm".into(), c, true);
        for b in 0..self.content_res_blocks {
            norm(format!("content_encoder.blocks.{b}.norm1"), c, true);
            norm(format!("content_encoder.blocks.{b}.norm2"), c, true);
        }
        norm("predictor.norm".into(), c / 2, true);
        norm("style_encoder.norm".into(), s, true);
        norm("decoder.input_norm".into(), c, false);
        for u in 0..self.vgg_layer.poolings() {
            norm(format!("decoder.ups.{u}.norm"), c >> (u + 1), false);
        }
        out.push(("style_encoder.domain_code".into(), vec![s]));
        // burn's Linear stores its weight as [in, out].
        for (name, i, o) in [("fc1", s, h), ("fc2", h, h), ("fc3", h, self.adain_params())] {
            out.push((format!("mlp.{name}.weight"), vec![i, o]));
            out.push((format!("mlp.{name}.bias"), vec![o]));
        }
        out.sort();
        out
    }

    /// How many values a network of this config holds (BatchNorm running statistics included).
    pub fn parameter_count(&self) -> u64 {
        self.tensor_shapes().iter().map(|(_, shape)| shape.iter().product::<usize>() as u64).sum()
    }

    /// Multiply-accumulates of one forward pass (content and style both from an image of the given
    /// size), for the benchmarks' share-of-peak figures and for choosing a browser-sized model.
    pub fn macs(&self, height: usize, width: usize) -> u64 {
        let hw = |s: usize| ((height >> s) * (width >> s)) as u64;
        let conv = |cin: usize, cout: usize, k: usize, s: usize| (cin * cout * k * k) as u64 * hw(s);
        let mut total = 0u64;
        // VGG slice.
        let vgg: &[(usize, usize, usize)] = &[(3, 64, 0), (64, 64, 0), (64, 128, 1), (128, 128, 1), (128, 256, 2)];
        for &(i, o, s) in vgg {
            total += conv(i, o, 3, s);
        }
        if self.vgg_layer == VggLayer::Relu4_1 {
            total += 3 * conv(256, 256, 3, 2) + conv(256, 512, 3, 3);
        }
        let p = self.vgg_layer.poolings();
        let c = self.content_channels;
        let v = self.vgg_layer.channels();
        if c != v {
            total += conv(v, c, 1, p);
        }
        total += self.content_res_blocks as u64 * 2 * conv(c, c, 3, p);
        total += conv(c, c / 2, 1, p) + conv(c / 2, c, 1, p);
        total += self.decoder_res_blocks as u64 * 2 * conv(c, c, 3, p);
        let mut ch = c;
        for i in 0..p {
            total += conv(ch, ch / 2, 5, p - i - 1);
            ch /= 2;
        }
        total += conv(ch, 3, 7, 0);
        total
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use burn::store::ModuleSnapshot;
    use burn::tensor::Device;

    /// The layout a file is checked against, computed from the config, is exactly the built network's.
    #[test]
    fn tensor_shapes_are_the_built_networks_tensors() {
        let shipped = AceConfig { content_channels: 64, ..AceConfig::default() };
        let deep = AceConfig { vgg_layer: VggLayer::Relu4_1, content_channels: 512, content_res_blocks: 2, ..AceConfig::default() };
        let pooled = AceConfig { content_pool: 4, ..AceConfig::tiny() };
        let upscaled = AceConfig { upscaler: Some(crate::nn::upscaler::UpscalerConfig::default()), ..AceConfig::tiny() };
        for config in [AceConfig::default(), AceConfig::tiny(), shipped, deep, pooled, upscaled] {
            let model = config.init(&Device::flex());
            let mut built: Vec<(String, Vec<usize>)> =
                model.collect(None, None, true).into_iter().map(|t| (t.name.clone(), t.shape.to_vec())).collect();
            built.sort();
            assert_eq!(config.tensor_shapes(), built, "{config:?}");
        }
        // The shipped file holds 1,601,343 values (counted from its header): 1,569,235 in the networks
        // and 32,108 in the upscaler.
        let networks = AceConfig { content_channels: 64, ..AceConfig::default() };
        assert_eq!(networks.parameter_count(), 1_569_235);
        assert_eq!(AceConfig { upscaler: Some(crate::nn::upscaler::UpscalerConfig::default()), ..networks }.parameter_count(), 1_601_343);
    }
}
