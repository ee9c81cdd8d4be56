//! The safetensors weights file: bit-exact round trips and one typed error per kind of damage.

mod common;

use std::collections::HashMap;

use ace::weights::digest::sha256_hex;
use ace::weights::{Manifest, StorageDtype, load_bytes, load_file, save_bytes, save_file};
use ace::nn::upscaler::UpscalerConfig;
use ace::{Ace, AceConfig, AceError, WeightsError};
use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::Device;
use safetensors::tensor::{Dtype, SafeTensors, TensorView};

fn tiny_model(device: &Device) -> Ace {
    common::model_with_vgg(&AceConfig::tiny(), 7, device)
}

/// Every tensor of a module by name, as f32 bit patterns.
fn tensor_bits(model: &Ace) -> HashMap<String, Vec<u32>> {
    model
        .collect(None, None, true)
        .into_iter()
        .map(|t| {
            let name = t.name.clone();
            let values = bridge::into_data(t).unwrap().try_into_vec::<f32>().unwrap();
            (name, values.iter().map(|v| v.to_bits()).collect())
        })
        .collect()
}

fn weights_err(result: Result<Ace, AceError>) -> WeightsError {
    match result {
        Err(AceError::Weights(e)) => e,
        Err(other) => panic!("expected a weights error, got {other:?}"),
        Ok(_) => panic!("expected a weights error, the file loaded"),
    }
}

#[test]
fn f32_round_trip_is_bit_exact_including_batchnorm_statistics() {
    let device = Device::flex();
    let model = tiny_model(&device);
    let bytes = save_bytes(&model, StorageDtype::F32).unwrap();
    let loaded = load_bytes(&bytes, &device).unwrap();
    assert_eq!(loaded.config, model.config);
    let (before, after) = (tensor_bits(&model), tensor_bits(&loaded));
    assert!(before.keys().any(|k| k.ends_with("running_var")), "running statistics are stored");
    assert!(before.contains_key("style_encoder.domain_code"));
    assert_eq!(before, after);
    // And saving the loaded model reproduces the file byte for byte.
    assert_eq!(sha256_hex(&save_bytes(&loaded, StorageDtype::F32).unwrap()), sha256_hex(&bytes));
}

/// A model's upscaler is stored beside its networks under `upscaler.*` with its shape in the config;
/// a file whose config names one without its tensors, or holds its tensors without naming it, is refused.
#[test]
fn an_upscaler_travels_in_the_file_and_its_config_and_tensors_must_agree() {
    let device = Device::flex();
    let mut model = tiny_model(&device);
    let config = UpscalerConfig { channels: 4, hidden_convs: 2 };
    (model.upscaler, model.config.upscaler) = (Some(config.init(&device)), Some(config));
    let bytes = save_bytes(&model, StorageDtype::F32).unwrap();
    let loaded = load_bytes(&bytes, &device).unwrap();
    assert_eq!(loaded.config, model.config);
    let bits = tensor_bits(&loaded);
    assert!(bits.contains_key("upscaler.hidden.1.conv.weight") && bits.contains_key("upscaler.last.conv.bias"));
    assert_eq!(bits, tensor_bits(&model));
    // Its tensors without its config: tensors the model does not have.
    let mut unnamed = model.clone();
    unnamed.config.upscaler = None;
    assert!(matches!(weights_err(load_bytes(&save_bytes(&unnamed, StorageDtype::F32).unwrap(), &device)), WeightsError::UnexpectedTensors(_)));
    // Its config without its tensors: one is missing.
    let mut bare = tiny_model(&device);
    bare.config.upscaler = Some(config);
    assert!(matches!(weights_err(load_bytes(&save_bytes(&bare, StorageDtype::F32).unwrap(), &device)), WeightsError::MissingTensor(name) if name.starts_with("upscaler.")));
    // A file without one reads as before, and writes no `upscaler` into its config.
    let plain = save_bytes(&tiny_model(&device), StorageDtype::F32).unwrap();
    assert!(load_bytes(&plain, &device).unwrap().upscaler.is_none());
    assert!(!String::from_utf8_lossy(&plain[..plain.len().min(4096)]).contains("upscaler"));
}

#[test]
fn f16_round_trip_is_stable_and_close() {
    let device = Device::flex();
    let model = tiny_model(&device);
    let bytes = save_bytes(&model, StorageDtype::F16).unwrap();
    let loaded = load_bytes(&bytes, &device).unwrap();
    // f16 once loses precision; after that the values are exactly representable: a fixed point.
    assert_eq!(sha256_hex(&save_bytes(&loaded, StorageDtype::F16).unwrap()), sha256_hex(&bytes));
    let (a, b) = (tensor_bits(&model), tensor_bits(&loaded));
    for (name, values) in &a {
        for (x, y) in values.iter().zip(&b[name]) {
            let (x, y) = (f32::from_bits(*x), f32::from_bits(*y));
            assert!((x - y).abs() <= 1e-3 * (1.0 + x.abs()), "{name}: {x} vs {y}");
        }
    }
    // The file says what it is.
    let (_, meta) = SafeTensors::read_metadata(&bytes).unwrap();
    let meta = meta.metadata().clone().unwrap();
    assert_eq!(meta["format"], "ace");
    assert_eq!(meta["version"], "2");
    assert!(meta["config"].contains("content_channels"));
    let header_len = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    assert_eq!(meta["tensors_sha256"], sha256_hex(&bytes[8 + header_len..]), "the digest of its own tensor data");
}

#[test]
fn manifest_is_checked_on_load() {
    let device = Device::flex();
    let model = tiny_model(&device);
    let dir = std::env::temp_dir().join(format!("ace-test-weights-{}", std::process::id()));
    let path = dir.join("model.safetensors");
    let manifest = save_file(&path, &model, StorageDtype::F16).unwrap();
    assert_eq!(Manifest::load(&dir.join("model.safetensors.json")).unwrap(), manifest);
    assert!(manifest.integrity.starts_with("sha256-"));
    load_file(&path, &device).unwrap();
    // The same digest in upper case is the same digest.
    let upper = Manifest { sha256: manifest.sha256.to_uppercase(), ..manifest.clone() };
    upper.verify(&std::fs::read(&path).unwrap()).unwrap();

    // Same size, one byte changed inside a tensor: only the checksum can tell.
    let mut bytes = std::fs::read(&path).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 0x01;
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(weights_err(load_file(&path, &device)), WeightsError::ChecksumMismatch { .. }));

    bytes.truncate(bytes.len() - 100);
    std::fs::write(&path, &bytes).unwrap();
    assert!(matches!(weights_err(load_file(&path, &device)), WeightsError::SizeMismatch { .. }));
    std::fs::remove_dir_all(&dir).ok();
}

/// Rewrites a valid file with changed tensors or metadata. The data digest in the header is brought up
/// to date (unless the metadata edit set it), so each case reaches the check it is about.
fn rewrite(
    bytes: &[u8],
    edit_tensors: impl FnOnce(&mut Vec<(String, Dtype, Vec<usize>, Vec<u8>)>),
    edit_meta: impl FnOnce(&mut HashMap<String, String>),
) -> Vec<u8> {
    let file = SafeTensors::deserialize(bytes).unwrap();
    let mut tensors: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = file
        .tensors()
        .into_iter()
        .map(|(name, view)| (name, view.dtype(), view.shape().to_vec(), view.data().to_vec()))
        .collect();
    let (_, meta) = SafeTensors::read_metadata(bytes).unwrap();
    let mut meta = meta.metadata().clone().unwrap();
    edit_tensors(&mut tensors);
    edit_meta(&mut meta);
    let views: Vec<(String, TensorView<'_>)> = tensors
        .iter()
        .map(|(n, d, s, b)| (n.clone(), TensorView::new(*d, s.clone(), b).unwrap()))
        .collect();
    if meta.get("tensors_sha256").is_some_and(|d| d.len() == 64) {
        let draft = safetensors::serialize(views.clone(), Some(meta.clone())).unwrap();
        let header_len = u64::from_le_bytes(draft[..8].try_into().unwrap()) as usize;
        meta.insert("tensors_sha256".into(), sha256_hex(&draft[8 + header_len..]));
    }
    safetensors::serialize(views, Some(meta)).unwrap()
}

#[test]
fn every_kind_of_damage_has_its_own_error() {
    let device = Device::flex();
    let model = tiny_model(&device);
    let good = save_bytes(&model, StorageDtype::F16).unwrap();
    let load = |bytes: &[u8]| weights_err(load_bytes(bytes, &device));

    assert!(matches!(load(b""), WeightsError::NotSafetensors(_)));
    assert!(matches!(load(b"\x89PNG\r\n\x1a\n and then some bytes of an image"), WeightsError::NotSafetensors(_)));
    assert!(matches!(load(b"hello, this is a text file, not weights"), WeightsError::NotSafetensors(_)));
    // Cut inside the header, and cut inside the tensor data.
    assert!(matches!(load(&good[..50]), WeightsError::Truncated(_)));
    assert!(matches!(load(&good[..good.len() - 10]), WeightsError::Truncated(_)));
    assert!(matches!(load(&good[..4]), WeightsError::Truncated(_)));
    // Bytes appended after the tensor data are not "truncated".
    let appended = [good.as_slice(), b"appended"].concat();
    assert_eq!(load(&appended), WeightsError::TrailingData { extra: 8 });

    let foreign = rewrite(&good, |_| {}, |m| {
        m.insert("format".into(), "pt".into());
    });
    assert_eq!(load(&foreign), WeightsError::WrongFormat { found: Some("pt".into()) });
    let no_meta = rewrite(&good, |_| {}, |m| m.clear());
    assert_eq!(load(&no_meta), WeightsError::WrongFormat { found: None });
    let future = rewrite(&good, |_| {}, |m| {
        m.insert("version".into(), "99".into());
    });
    assert!(matches!(load(&future), WeightsError::UnsupportedVersion { .. }));
    let bad_config = rewrite(&good, |_| {}, |m| {
        m.insert("config".into(), "{\"vgg_layer\": \"relu9_9\"}".into());
    });
    assert!(matches!(load(&bad_config), WeightsError::BadConfig(_)));
    let zero_width = rewrite(&good, |_| {}, |m| {
        let json = m["config"].replace("\"content_channels\":16", "\"content_channels\":0");
        m.insert("config".into(), json);
    });
    assert!(matches!(load(&zero_width), WeightsError::BadConfig(_)));

    let missing = rewrite(&good, |t| t.retain(|(n, ..)| n != "mlp.fc2.weight"), |_| {});
    assert_eq!(load(&missing), WeightsError::MissingTensor("mlp.fc2.weight".into()));

    let misshapen = rewrite(
        &good,
        |t| {
            for (name, _, shape, bytes) in t.iter_mut() {
                if name == "mlp.fc1.bias" {
                    *shape = vec![shape[0] / 2];
                    bytes.truncate(bytes.len() / 2);
                }
            }
        },
        |_| {},
    );
    assert!(matches!(load(&misshapen), WeightsError::ShapeMismatch { ref name, .. } if name == "mlp.fc1.bias"));

    let extra = rewrite(&good, |t| t.push(("discriminator.conv.weight".into(), Dtype::F16, vec![2], vec![0; 4])), |_| {});
    assert!(matches!(load(&extra), WeightsError::UnexpectedTensors(ref names) if names == &["discriminator.conv.weight"]));

    let ints = rewrite(
        &good,
        |t| {
            for (name, dtype, _, bytes) in t.iter_mut() {
                if name == "mlp.fc1.bias" {
                    *dtype = Dtype::I16;
                    bytes.iter_mut().for_each(|b| *b = 0);
                }
            }
        },
        |_| {},
    );
    assert!(matches!(load(&ints), WeightsError::UnsupportedDtype { .. }));

    let nan = rewrite(
        &good,
        |t| {
            for (name, _, _, bytes) in t.iter_mut() {
                if name == "mlp.fc1.bias" {
                    bytes[0..2].copy_from_slice(&half::f16::NAN.to_le_bytes());
                }
            }
        },
        |_| {},
    );
    assert_eq!(load(&nan), WeightsError::NonFinite("mlp.fc1.bias".into()));

    // The untouched file still loads (the edits above are what failed).
    load_bytes(&good, &device).unwrap();
}

/// A file checks itself, without its manifest: any flipped byte of tensor data is caught by the
/// digest in its header; a version-1 file (no digest) still loads; a manifest that describes another
/// file or version is refused.
#[test]
fn the_file_checks_its_own_tensor_data() {
    let device = Device::flex();
    let model = tiny_model(&device);
    let good = save_bytes(&model, StorageDtype::F16).unwrap();
    let header_len = u64::from_le_bytes(good[..8].try_into().unwrap()) as usize;
    let data = 8 + header_len..good.len();
    // Twenty flips spread over the data section, each alone.
    for i in 0..20 {
        let at = data.start + (data.end - data.start) * i / 20 + 3;
        let mut damaged = good.clone();
        damaged[at] ^= 0x10;
        assert!(matches!(weights_err(load_bytes(&damaged, &device)), WeightsError::DataDigestMismatch { .. }), "flip at {at}");
    }
    // Version 1: the same file without the digest loads (callers warn that it is not self-checking).
    let v1 = rewrite(&good, |_| {}, |m| {
        m.insert("version".into(), "1".into());
        m.remove("tensors_sha256");
    });
    assert_eq!(ace::weights::file::read_header(&v1).unwrap().version, 1);
    load_bytes(&v1, &device).unwrap();
    // A version-2 file must carry its digest.
    let unsigned = rewrite(&good, |_| {}, |m| {
        m.remove("tensors_sha256");
    });
    assert!(matches!(weights_err(load_bytes(&unsigned, &device)), WeightsError::BadConfig(_)));

    // The manifest's name and version are compared with the file too.
    let dir = std::env::temp_dir().join(format!("ace-test-manifest-{}", std::process::id()));
    let path = dir.join("model.safetensors");
    save_file(&path, &model, StorageDtype::F16).unwrap();
    let copy = dir.join("copy.safetensors");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::copy(dir.join("model.safetensors.json"), dir.join("copy.safetensors.json")).unwrap();
    assert!(matches!(weights_err(load_file(&copy, &device)), WeightsError::BadManifest(ref m) if m.contains("model.safetensors")));
    std::fs::remove_dir_all(&dir).ok();
}
