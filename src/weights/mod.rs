//! Weights: the project's own safetensors file (every network's tensors, VGG included, with the config
//! in the metadata), the JSON manifest beside it, and the importer for the pinned VGG-19 source.

pub mod digest;
pub mod file;
pub mod manifest;
#[cfg(feature = "import")]
pub mod vgg_import;

pub use file::{StorageDtype, load_bytes, save_bytes, load_file, save_file};
pub use manifest::Manifest;

/// The `format` metadata value of our files.
pub const FORMAT: &str = "ace";
/// The file version this library writes: 2 holds the digest of its tensor data.
pub const VERSION: u32 = 2;
/// The oldest version it reads (1: the same layout without the digest).
pub const OLDEST_VERSION: u32 = 1;
