//! The ACE weights file: safetensors, so PyTorch, ONNX tools and burn-store all read it.
//!
//! `__metadata__` holds `format` = "ace", `version` = "2", `config` = the [`AceConfig`] as JSON and
//! `tensors_sha256` = the sha256 of the tensor data, so the file checks itself without its manifest.
//! Version-1 files (no digest) still load; callers warn that they are not self-checking.
//! Tensor names are the module paths (`decoder.blocks.0.conv1.conv.weight`). Values are f16 or f32;
//! BatchNorm running statistics are stored too (inference needs them).
//!
//! Loading checks everything a damaged or foreign file can get wrong and says which, as a
//! [`WeightsError`]: it never panics on bad bytes.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::{Device, TensorData};
use half::f16;
use safetensors::tensor::{Dtype, SafeTensorError, SafeTensors, TensorView};

use crate::config::AceConfig;
use crate::error::{AceError, Result, WeightsError};
use crate::nn::Ace;
use super::digest::sha256_hex;
use super::{FORMAT, OLDEST_VERSION, VERSION};

/// How tensors are stored. f16 halves the download for the browser (a tensor whose values exceed
/// f16's range stays f32); f32 keeps training checkpoints exact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StorageDtype {
    F16,
    F32,
}

/// Serialises a model and the config it carries to safetensors bytes.
pub fn save_bytes(model: &Ace, dtype: StorageDtype) -> Result<Vec<u8>> {
    let mut owned: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
    for tensor in model.collect(None, None, true) {
        let name = tensor.name.clone();
        let data = bridge::into_data(tensor).map_err(|e| AceError::Backend(format!("reading {name}: {e}")))?;
        let shape = data.shape().to_vec();
        let values: Vec<f32> =
            data.convert::<f32>().try_into_vec::<f32>().map_err(|e| AceError::Backend(format!("converting {name}: {e:?}")))?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(WeightsError::NonFinite(name).into());
        }
        // f16 tops out at 65504: statistics of raw VGG features (BatchNorm running variances) can
        // exceed it, so such a tensor stays f32 rather than becoming infinite.
        let fits_f16 = values.iter().all(|v| v.abs() <= f16::MAX.to_f32());
        let (dtype, bytes) = match dtype {
            StorageDtype::F16 if fits_f16 => (Dtype::F16, values.iter().flat_map(|v| f16::from_f32(*v).to_le_bytes()).collect()),
            _ => (Dtype::F32, values.iter().flat_map(|v| v.to_le_bytes()).collect()),
        };
        owned.push((name, dtype, shape, bytes));
    }
    let views: Vec<(String, TensorView<'_>)> = owned
        .iter()
        .map(|(name, dtype, shape, bytes)| {
            let view = TensorView::new(*dtype, shape.clone(), bytes).expect("shape and byte length agree by construction");
            (name.clone(), view)
        })
        .collect();
    let config_json = serde_json::to_string(&model.config).map_err(|e| AceError::Backend(e.to_string()))?;
    let metadata = |digest: &str| {
        HashMap::from([
            ("format".to_string(), FORMAT.to_string()),
            ("version".to_string(), VERSION.to_string()),
            ("config".to_string(), config_json.clone()),
            ("tensors_sha256".to_string(), digest.to_string()),
        ])
    };
    // The tensor data does not depend on the metadata: lay it out once to digest it, then write the
    // file with the digest in its header.
    let draft = safetensors::serialize(views.clone(), Some(metadata(""))).map_err(|e| AceError::Backend(format!("serialising: {e}")))?;
    let digest = sha256_hex(data_section(&draft));
    let bytes = safetensors::serialize(views, Some(metadata(&digest))).map_err(|e| AceError::Backend(format!("serialising: {e}")))?;
    Ok(canonical_header(bytes))
}

/// The bytes after the header: every tensor's data, in the file's order.
fn data_section(bytes: &[u8]) -> &[u8] {
    let header_len = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    &bytes[8 + header_len..]
}

/// safetensors writes `__metadata__` from a `HashMap`, whose order changes from run to run. Re-emitting
/// the header JSON with sorted keys makes the same model give the same bytes (and the same sha256).
/// Data offsets are relative to the end of the header, so only the header changes.
fn canonical_header(bytes: Vec<u8>) -> Vec<u8> {
    let header_len = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes")) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + header_len]).expect("safetensors wrote JSON");
    // serde_json's default map is a BTreeMap: serialising sorts every object's keys.
    let mut json = serde_json::to_vec(&header).expect("JSON serialises");
    // Keep the data section 8-byte aligned, as safetensors does, by padding with spaces.
    while json.len() % 8 != 0 {
        json.push(b' ');
    }
    let mut out = Vec::with_capacity(8 + json.len() + bytes.len() - 8 - header_len);
    out.extend_from_slice(&(json.len() as u64).to_le_bytes());
    out.extend_from_slice(&json);
    out.extend_from_slice(&bytes[8 + header_len..]);
    out
}

/// Writes the weights file atomically, then its manifest `<file>.json` beside it.
pub fn save_file(path: &Path, model: &Ace, dtype: StorageDtype) -> Result<crate::weights::Manifest> {
    let bytes = save_bytes(model, dtype)?;
    crate::atomic_file::write(path, &bytes)?;
    let manifest = crate::weights::Manifest::for_bytes(path, &bytes);
    manifest.save(&crate::weights::manifest::manifest_path(path))?;
    Ok(manifest)
}

/// What a file's metadata says, checked: its version, its config and (version 2) its data digest.
#[derive(Clone, Debug, PartialEq)]
pub struct Header {
    pub version: u32,
    pub config: AceConfig,
    pub tensors_sha256: Option<String>,
}

/// Reads the metadata only: validates container, format, version and config.
pub fn read_header(bytes: &[u8]) -> Result<Header, WeightsError> {
    check_container(bytes)?;
    let (_, metadata) = SafeTensors::read_metadata(bytes).map_err(map_safetensors_error)?;
    let meta = metadata.metadata().clone().unwrap_or_default();
    let format = meta.get("format").cloned();
    if format.as_deref() != Some(FORMAT) {
        return Err(WeightsError::WrongFormat { found: format });
    }
    let found = meta.get("version").cloned();
    let version = match found.as_deref().and_then(|v| v.parse::<u32>().ok()) {
        Some(v) if (OLDEST_VERSION..=VERSION).contains(&v) => v,
        _ => return Err(WeightsError::UnsupportedVersion { found, supported: VERSION }),
    };
    let tensors_sha256 = meta.get("tensors_sha256").cloned();
    if version >= 2 && tensors_sha256.is_none() {
        return Err(WeightsError::BadConfig("a version-2 file must hold `tensors_sha256`".into()));
    }
    let json = meta.get("config").ok_or_else(|| WeightsError::BadConfig("no `config` in the metadata".into()))?;
    let config: AceConfig = serde_json::from_str(json).map_err(|e| WeightsError::BadConfig(e.to_string()))?;
    config.validate()?;
    Ok(Header { version, config, tensors_sha256 })
}

/// The config of a file (its metadata checked, not its tensors).
pub fn read_config(bytes: &[u8]) -> Result<AceConfig, WeightsError> {
    Ok(read_header(bytes)?.config)
}

/// The most values a weights file may ask for (400 MB as f32, 30 times the shipped model): a larger
/// config is refused before anything is allocated.
pub const MAX_PARAMETERS: u64 = 100_000_000;

/// Parses safetensors bytes into a ready model on `device`. The file's config is checked against a
/// ceiling and every tensor's name and shape against the tensors actually in the file before the
/// network is built: a few bytes of metadata cannot make the loader allocate gigabytes.
pub fn load_bytes(bytes: &[u8], device: &Device) -> Result<Ace> {
    let Header { config, tensors_sha256, .. } = read_header(bytes)?;
    let file = SafeTensors::deserialize(bytes).map_err(map_safetensors_error)?;
    if let Some(expected) = tensors_sha256 {
        let actual = sha256_hex(data_section(bytes));
        if actual != expected {
            return Err(WeightsError::DataDigestMismatch { expected, actual }.into());
        }
    }
    let needed = config.parameter_count();
    if needed > MAX_PARAMETERS {
        return Err(WeightsError::BadConfig(format!("the config needs {needed} values, over the limit of {MAX_PARAMETERS}")).into());
    }

    // What the config's network holds, by name: every tensor is checked before the network is built.
    let expected: BTreeMap<String, Vec<usize>> = config.tensor_shapes().into_iter().collect();
    let mut present: Vec<String> = file.names().into_iter().map(str::to_string).collect();
    present.sort();
    let unexpected: Vec<String> = present.iter().filter(|n| !expected.contains_key(*n)).cloned().collect();
    if !unexpected.is_empty() {
        return Err(WeightsError::UnexpectedTensors(unexpected).into());
    }

    for (name, shape) in &expected {
        let view = file.tensor(name).map_err(|_| WeightsError::MissingTensor(name.clone()))?;
        if view.shape() != shape.as_slice() {
            return Err(WeightsError::ShapeMismatch { name: name.clone(), expected: shape.clone(), found: view.shape().to_vec() }.into());
        }
    }

    let mut model = config.init(device);
    let mut tensors = Vec::with_capacity(expected.len());
    for (name, shape) in &expected {
        let view = file.tensor(name).map_err(|_| WeightsError::MissingTensor(name.clone()))?;
        let values = decode_values(name, &view)?;
        if values.iter().any(|v| !v.is_finite()) {
            return Err(WeightsError::NonFinite(name.clone()).into());
        }
        let data = TensorData::new(values, shape.clone());
        tensors.push(bridge::from_data(data, name.clone(), None));
    }
    let result = model.apply(tensors, None, None, true);
    if let Some(error) = result.errors.first() {
        return Err(AceError::Backend(format!("applying weights: {error}")));
    }
    if let Some((name, _)) = result.missing.first() {
        return Err(WeightsError::MissingTensor(name.clone()).into());
    }
    Ok(model)
}

/// Reads and loads a weights file. When `<file>.json` (the manifest) exists beside it, every field
/// is verified first: the file's name, size and sha256, and the format and version its metadata says.
pub fn load_file(path: &Path, device: &Device) -> Result<Ace> {
    let bytes = crate::input_file::read(path)?;
    let manifest_path = crate::weights::manifest::manifest_path(path);
    if manifest_path.exists() {
        let manifest = crate::weights::Manifest::load(&manifest_path)?;
        manifest.verify(&bytes)?;
        manifest.verify_describes(path, read_header(&bytes)?.version)?;
    }
    load_bytes(&bytes, device)
}

/// The safetensors header is an 8-byte little-endian length then that much JSON. Telling a cut-off
/// file from a foreign one needs this check before the library's (which reports both alike).
fn check_container(bytes: &[u8]) -> Result<(), WeightsError> {
    if bytes.len() < 8 {
        return Err(if bytes.is_empty() {
            WeightsError::NotSafetensors("the file is empty".into())
        } else {
            WeightsError::Truncated(format!("only {} bytes", bytes.len()))
        });
    }
    let header_len = u64::from_le_bytes(bytes[..8].try_into().expect("8 bytes"));
    // A JSON header starts with '{'; a random file's first 8 bytes give an absurd length instead.
    if header_len > 100_000_000 || (bytes.len() > 8 && bytes[8] != b'{') {
        return Err(WeightsError::NotSafetensors("no safetensors header".into()));
    }
    if 8 + header_len > bytes.len() as u64 {
        return Err(WeightsError::Truncated(format!("header needs {} bytes, the file has {}", 8 + header_len, bytes.len())));
    }
    // The tensor data ends where the furthest tensor does; safetensors calls bytes past it "incomplete"
    // like bytes missing, so the two are told apart here.
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + header_len as usize])
        .map_err(|e| WeightsError::NotSafetensors(format!("the header is not JSON: {e}")))?;
    let data_end = header
        .as_object()
        .into_iter()
        .flatten()
        .filter_map(|(_, tensor)| tensor.get("data_offsets")?.get(1)?.as_u64())
        .max()
        .unwrap_or(0);
    let data = bytes.len() as u64 - 8 - header_len;
    if data > data_end {
        return Err(WeightsError::TrailingData { extra: data - data_end });
    }
    Ok(())
}

fn map_safetensors_error(error: SafeTensorError) -> WeightsError {
    match error {
        SafeTensorError::MetadataIncompleteBuffer => WeightsError::Truncated("tensor data ends early".into()),
        other => WeightsError::NotSafetensors(other.to_string()),
    }
}

fn decode_values(name: &str, view: &TensorView<'_>) -> Result<Vec<f32>, WeightsError> {
    let data = view.data();
    match view.dtype() {
        Dtype::F32 => Ok(data.chunks_exact(4).map(|c| f32::from_le_bytes(c.try_into().expect("4 bytes"))).collect()),
        Dtype::F16 => Ok(data.chunks_exact(2).map(|c| f16::from_le_bytes(c.try_into().expect("2 bytes")).to_f32()).collect()),
        other => Err(WeightsError::UnsupportedDtype { name: name.to_string(), dtype: format!("{other:?}") }),
    }
}
