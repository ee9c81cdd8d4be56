//! ACE: zero-shot image-to-image translation with a pretrained Auto-Contrastive-Encoder
//! (Xu et al., arXiv 2302.11705), on burn.
//!
//! `translate(content, style, seed)` returns an image with the structure of `content` and the look of
//! `style`; `seed` picks one of many plausible outputs. The networks live in [`nn`], the weights file
//! in [`weights`], decoding/resizing and the translation pipeline in [`pipeline`].
//!
//! Every entry point in use, in one program the test run compiles: `examples/library_tour.rs`
//! (`cargo run --release --example library_tour`).

pub mod atomic_file;
pub mod config;
pub mod error;
pub mod input_file;
pub mod memory_reuse;
pub mod nn;
pub mod pipeline;
pub mod weights;
#[cfg(target_arch = "wasm32")]
pub mod web;

pub use config::{AceConfig, VggLayer};
pub use error::{AceError, SizeLimit, WeightsError};
pub use memory_reuse::keep_freed_memory;
pub use nn::Ace;
pub use pipeline::{DetailFrom, StyleCode, TranslateOptions, Translator};
