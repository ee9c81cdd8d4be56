//! Packed checkpoints: a run's latest checkpoint made small enough to commit, so a long run survives
//! a new machine (whose `~/.cache`, and the run folder in it, is empty).
//!
//! A packed checkpoint is a checkpoint folder like any other (the same files, names and state), less
//! the two Adam states, with every network tensor that fits stored in half precision. The Adam states
//! are two thirds of the trained parameters' bytes, and a run that lost them only restarts its
//! moments; what a lost discriminator costs was measured and is large (a fresh critic undid a tenth
//! of the gap stage 4 had closed), so the discriminators are kept. Unpacked into a run folder it is
//! that run's latest checkpoint, and `--resume` continues the step count, the data order and the
//! random stream from it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use burn::store::burn_pack::{DType, Reader, Tensor, Writer};
use burn::tensor::TensorData;

use super::checkpoint::{self, NETWORK_FILES};

/// What `pack` wrote.
pub struct Packed {
    pub step: u64,
    /// The source checkpoint's bytes and the packed one's.
    pub bytes_before: u64,
    pub bytes_after: u64,
}

/// Packs the checkpoint at `from` (a checkpoint folder, or a run folder's latest) into the folder
/// `out`, replacing what `out` held once the new one is complete.
pub fn pack(from: &Path, out: &Path) -> Result<Packed> {
    let from = checkpoint::resolve(from)?;
    let mut state = checkpoint::verified_state(&from)?;
    let tmp = sibling(out, "tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    for file in NETWORK_FILES {
        let source = from.join(file);
        if !source.exists() {
            continue;
        }
        let tensors = Reader::from_file(&source)
            .and_then(Reader::into_tensors)
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("reading {}", source.display()))?;
        let half = tensors.into_iter().map(to_half_where_it_fits).collect::<Result<Vec<_>>>()?;
        Writer::new(half)
            .auto_extension(false)
            .write_to_file(tmp.join(file))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("writing {}", tmp.join(file).display()))?;
    }
    state.packed = true;
    checkpoint::write_state(&tmp, state.clone())?;
    let old = sibling(out, "old");
    let _ = std::fs::remove_dir_all(&old);
    if out.exists() {
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
    }
    std::fs::rename(&tmp, out).with_context(|| format!("writing {}", out.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(Packed { step: state.step, bytes_before: folder_bytes(&from)?, bytes_after: folder_bytes(out)? })
}

/// Installs the packed checkpoint `packed` as the latest checkpoint of the run folder `run`, which
/// `--resume` then continues. Refused when the run already holds a checkpoint at or past its step.
pub fn unpack(packed: &Path, run: &Path) -> Result<PathBuf> {
    let state = checkpoint::verified_state(packed)?;
    ensure!(state.packed, "{} is a full checkpoint, not a packed one: resume from it directly", packed.display());
    let dir = run.join("checkpoints");
    if let Some(latest) = checkpoint::latest(&dir)? {
        let theirs = checkpoint::read_state(&latest)?.step;
        if theirs >= state.step {
            bail!(
                "{} is already at step {theirs}, at or past the packed checkpoint's step {}: --resume continues it as it is",
                run.display(),
                state.step
            );
        }
    }
    checkpoint::install(&dir, &state, |tmp| {
        for entry in std::fs::read_dir(packed)? {
            let path = entry?.path();
            if path.is_file() {
                std::fs::copy(&path, tmp.join(path.file_name().unwrap_or_default()))?;
            }
        }
        Ok(())
    })
}

/// An f32 tensor whose values are all finite and within f16's range becomes f16; any other stays as
/// it is (a BatchNorm running variance of raw VGG features can pass 65,504; integers stay integers).
fn to_half_where_it_fits(tensor: Tensor) -> Result<Tensor> {
    if tensor.dtype != DType::F32 {
        return Ok(tensor);
    }
    let (name, _, shape, id, bytes) = tensor.into_parts().map_err(|e| anyhow::anyhow!("{e}"))?;
    let data = TensorData::from_bytes_vec(bytes.to_vec(), shape.clone(), DType::F32);
    let values = data.as_slice::<f32>().map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
    let fits = values.iter().all(|v| v.is_finite() && v.abs() <= F16_MAX);
    if !fits {
        return Ok(Tensor::new(name, DType::F32, shape, id, data.into_bytes()));
    }
    let half = data.try_cast(DType::F16).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok(Tensor::new(name, DType::F16, shape, id, half.into_bytes()))
}

/// f16's largest finite value.
const F16_MAX: f32 = 65504.0;

fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{suffix}"));
    path.with_file_name(name)
}

fn folder_bytes(dir: &Path) -> Result<u64> {
    let mut total = 0;
    for entry in std::fs::read_dir(dir)? {
        total += entry?.metadata()?.len();
    }
    Ok(total)
}
