//! Weights: the project's own safetensors file (every network's tensors, VGG included, with the config
//! in the metadata), the JSON manifest beside it, and the importer for the pinned VGG-19 source.

pub mod file;
pub mod manifest;
#[cfg(feature = "import")]
pub mod vgg_import;

pub use file::{FORMAT, VERSION, StorageDtype, load_bytes, save_bytes, load_file, save_file};
pub use manifest::Manifest;
