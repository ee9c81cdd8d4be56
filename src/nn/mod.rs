//! The ACE networks, one module per file, each built from a `Config` (burn-nn's pattern). They hold no
//! backend type: in burn 0.22 the device is chosen at run time, so the same definitions serve the
//! trainer (autodiff), the CLI (CPU or GPU) and the browser (WebGPU or CPU in wasm).

pub mod ace;
pub mod adain;
#[cfg(feature = "autodiff")]
pub mod calibrate;
pub mod content_encoder;
pub mod cpu_conv;
pub mod decoder;
pub mod init;
pub mod layer_norm;
pub mod mlp;
pub mod moments;
pub mod predictor;
pub mod reflect_conv;
pub mod style_encoder;
pub mod upscaler;
pub mod vgg;

pub use ace::Ace;
pub use adain::adain;
pub use content_encoder::ContentEncoder;
pub use decoder::Decoder;
pub use layer_norm::MunitLayerNorm;
pub use mlp::StyleMlp;
pub use predictor::Predictor;
pub use style_encoder::StyleEncoder;
pub use upscaler::Upscaler;
pub use vgg::Vgg19Slice;
