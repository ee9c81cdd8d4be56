//! The small JSON file beside a weights file: its size and sha256, which loaders (the browser
//! included, SRI style) verify before use, plus the config for tools that do not parse safetensors.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use base64::prelude::{BASE64_STANDARD, Engine};
use sha2::{Digest, Sha256};

use crate::error::{Result, WeightsError};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// File name of the weights (not a path: the manifest travels with the file).
    pub file: String,
    pub size: u64,
    /// Lower-case hex sha256 of the whole file.
    pub sha256: String,
    /// `sha256-<base64>`, the Subresource Integrity form `fetch(..., { integrity })` accepts.
    pub integrity: String,
    pub format: String,
    pub version: u32,
}

/// `model.safetensors` -> `model.safetensors.json`.
pub fn manifest_path(weights: &Path) -> PathBuf {
    let mut name = weights.as_os_str().to_owned();
    name.push(".json");
    PathBuf::from(name)
}

use super::digest::sha256_hex;

impl Manifest {
    pub fn for_bytes(weights: &Path, bytes: &[u8]) -> Self {
        let digest = Sha256::digest(bytes);
        Manifest {
            file: weights.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
            size: bytes.len() as u64,
            sha256: digest.iter().map(|b| format!("{b:02x}")).collect(),
            integrity: format!("sha256-{}", BASE64_STANDARD.encode(digest)),
            format: super::FORMAT.to_string(),
            version: super::VERSION,
        }
    }

    /// Size first (cheap, and the clearer message for a truncated download), then the hash.
    pub fn verify(&self, bytes: &[u8]) -> Result<(), WeightsError> {
        if bytes.len() as u64 != self.size {
            return Err(WeightsError::SizeMismatch { expected: self.size, actual: bytes.len() as u64 });
        }
        let actual = sha256_hex(bytes);
        // A digest is hex: upper or lower case name the same bytes (the npm package compares it so too).
        if !actual.eq_ignore_ascii_case(&self.sha256) {
            return Err(WeightsError::ChecksumMismatch { expected: self.sha256.clone(), actual });
        }
        Ok(())
    }

    /// The manifest's other fields describe this file: its name, and the format and version its
    /// metadata says (a manifest copied beside another file, or left from an older export, is caught).
    pub fn verify_describes(&self, weights: &Path, version: u32) -> Result<(), WeightsError> {
        let name = weights.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if self.file != name {
            return Err(WeightsError::BadManifest(format!("it describes {:?}, not {name:?}", self.file)));
        }
        if self.format != super::FORMAT || self.version != version {
            return Err(WeightsError::BadManifest(format!(
                "it says format {:?} version {}, the file is {:?} version {version}",
                self.format,
                self.version,
                super::FORMAT
            )));
        }
        Ok(())
    }

    pub fn from_json(json: &str) -> Result<Self, WeightsError> {
        serde_json::from_str(json).map_err(|e| WeightsError::BadManifest(e.to_string()))
    }

    pub fn load(path: &Path) -> Result<Self> {
        let json = crate::input_file::read_to_string(path)?;
        Ok(Self::from_json(&json)?)
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let json = serde_json::to_string_pretty(self).expect("a manifest always serialises");
        crate::atomic_file::write(path, format!("{json}\n").as_bytes())
    }
}

