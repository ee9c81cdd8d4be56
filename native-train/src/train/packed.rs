//! Packed checkpoints: a run's latest checkpoint made small enough to commit, so a long run survives
//! a new machine (whose `~/.cache`, and the run folder in it, is empty).
//!
//! A packed checkpoint is a checkpoint folder like any other (the same files, names and state) less
//! four things: the two Adam states (two thirds of the trained parameters' bytes; a run continued
//! from it restarts its moments), the discriminator's frozen VGG-19 (a third of the checkpoint, and
//! exactly the pinned file's, which is imported again when it loads), the moving average's copies of
//! the generator's frozen tensors (taken from the generator when it loads), and half of the precision
//! of every tensor that trains (those with Adam state: the rounding is far below one step's update).
//! What does not train stays exact: the generator's VGG, fixed projections, BatchNorm statistics. The
//! discriminators are kept because a lost one costs a lot (a fresh critic undid a tenth of the gap
//! stage 4 had closed). Unpacked into a run folder it is that run's latest checkpoint, and
//! `--resume` continues the step count, the data order and the random stream from it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use burn::store::burn_pack::{Bytes, DType, Reader, Tensor, Writer};
use burn::tensor::TensorData;

use super::checkpoint;

/// The discriminator's frozen VGG-19, by record path: dropped by `pack`, imported again on loading.
pub const DISCRIMINATOR_VGG: &str = "vgg.vgg.";

/// What `pack` wrote.
pub struct Packed {
    pub step: u64,
    /// The source checkpoint's bytes and the packed one's.
    pub bytes_before: u64,
    pub bytes_after: u64,
    /// Tensors stored in half precision, kept as they were, and left out (the discriminator's VGG, the
    /// average's copies of the generator's).
    pub halved: usize,
    pub kept: usize,
    pub dropped: usize,
    /// The source was packed already and was copied as it is (`kept` then counts its files).
    pub as_it_was: bool,
}

/// What becomes of one tensor of a network file.
enum Fate {
    Halve,
    Keep,
    Drop,
}

/// Packs the checkpoint at `from` (a checkpoint folder, or a run folder's latest) into the folder
/// `out`, replacing what `out` held once the new one is complete.
pub fn pack(from: &Path, out: &Path) -> Result<Packed> {
    let from = checkpoint::resolve(from)?;
    let mut state = checkpoint::verified_state(&from)?;
    // `out` is replaced wholesale: only an earlier packed checkpoint may stand there (never the run).
    if out.exists() {
        let previous = checkpoint::read_state(out).ok().filter(|s| s.packed);
        ensure!(
            previous.is_some(),
            "{} exists and is not a packed checkpoint: pack into a new folder or an earlier packed one, which is replaced",
            out.display()
        );
    }
    let tmp = sibling(out, "tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    if state.packed {
        // A run continued on a new machine that has not checkpointed since: its latest is the packed
        // checkpoint it came from, which is packed as it is.
        let files = copy_files(&from, &tmp)?;
        checkpoint::write_state(&tmp, state.clone())?;
        replace_folder(&tmp, out)?;
        let bytes = folder_bytes(out)?;
        return Ok(Packed { step: state.step, bytes_before: bytes, bytes_after: bytes, halved: 0, kept: files, dropped: 0, as_it_was: true });
    }
    // What trains is what Adam keeps state for; the average shares the generator's tensor names.
    let generator = read_tensors(&from.join("generator.bpk"))?;
    let trained_ids = optimiser_ids(&from.join("optim-generator.bpk"))?;
    let trained_names: HashSet<String> =
        generator.iter().filter(|t| t.param_id.is_some_and(|id| trained_ids.contains(&id))).map(|t| t.name.clone()).collect();
    let live_frozen: HashMap<String, Bytes> = generator
        .iter()
        .filter(|t| !trained_names.contains(&t.name))
        .map(|t| Ok((t.name.clone(), t.to_bytes().map_err(|e| anyhow::anyhow!("{e}"))?)))
        .collect::<Result<_>>()?;
    let trained_d = optimiser_ids(&from.join("optim-discriminator.bpk"))?;
    let mut packed = Packed { step: state.step, bytes_before: folder_bytes(&from)?, bytes_after: 0, halved: 0, kept: 0, dropped: 0, as_it_was: false };
    for file in ["generator.bpk", "ema.bpk", "discriminator.bpk"] {
        let source = from.join(file);
        if !source.exists() {
            continue;
        }
        let fate = |t: &Tensor| match file {
            "discriminator.bpk" => {
                let trained = t.param_id.is_some_and(|id| trained_d.contains(&id));
                if trained {
                    Fate::Halve
                } else if t.name.starts_with(DISCRIMINATOR_VGG) {
                    Fate::Drop
                } else {
                    Fate::Keep
                }
            }
            _ if trained_names.contains(&t.name) => Fate::Halve,
            // The average copies what does not train from the live generator at every update, so
            // it equals the generator's and is taken from there when loading.
            "ema.bpk" if live_frozen.get(&t.name).is_some_and(|bytes| t.to_bytes().is_ok_and(|b| b[..] == bytes[..])) => Fate::Drop,
            _ => Fate::Keep,
        };
        let mut written = Vec::new();
        for tensor in if file == "generator.bpk" { generator.clone() } else { read_tensors(&source)? } {
            match fate(&tensor) {
                Fate::Drop => packed.dropped += 1,
                Fate::Keep => {
                    packed.kept += 1;
                    written.push(tensor);
                }
                Fate::Halve => {
                    let (tensor, halved) = to_half_where_it_fits(tensor)?;
                    if halved { packed.halved += 1 } else { packed.kept += 1 }
                    written.push(tensor);
                }
            }
        }
        Writer::new(written)
            .auto_extension(false)
            .write_to_file(tmp.join(file))
            .map_err(|e| anyhow::anyhow!("{e}"))
            .with_context(|| format!("writing {}", tmp.join(file).display()))?;
    }
    state.packed = true;
    checkpoint::write_state(&tmp, state)?;
    replace_folder(&tmp, out)?;
    packed.bytes_after = folder_bytes(out)?;
    Ok(packed)
}

/// Puts the complete folder `new` where `out` is: the previous `out` is moved aside first and removed
/// only once `new` stands in its place.
fn replace_folder(new: &Path, out: &Path) -> Result<()> {
    let old = sibling(out, "old");
    let _ = std::fs::remove_dir_all(&old);
    if out.exists() {
        std::fs::rename(out, &old).with_context(|| format!("moving the previous {} aside", out.display()))?;
    }
    std::fs::rename(new, out).with_context(|| format!("writing {}", out.display()))?;
    let _ = std::fs::remove_dir_all(&old);
    Ok(())
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
    checkpoint::install(&dir, &state, |tmp| copy_files(packed, tmp).map(|_| ()))
}

/// Copies a checkpoint folder's network files (not its `state.json`, which is written after them);
/// returns how many.
fn copy_files(from: &Path, to: &Path) -> Result<usize> {
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        if path.is_file() && path.file_name().is_some_and(|n| n != "state.json") {
            std::fs::copy(&path, to.join(path.file_name().unwrap_or_default()))?;
            copied += 1;
        }
    }
    Ok(copied)
}

fn read_tensors(path: &Path) -> Result<Vec<Tensor>> {
    Reader::from_file(path)
        .and_then(Reader::into_tensors)
        .map_err(|e| anyhow::anyhow!("{e}"))
        .with_context(|| format!("reading {}", path.display()))
}

/// The parameter ids an optimiser file holds state for.
fn optimiser_ids(path: &Path) -> Result<HashSet<u64>> {
    Ok(read_tensors(path)?.iter().filter_map(|t| t.param_id).collect())
}

/// An f32 tensor whose values are all finite and within f16's range becomes f16; any other stays as
/// it is. Says whether it was halved.
fn to_half_where_it_fits(tensor: Tensor) -> Result<(Tensor, bool)> {
    if tensor.dtype != DType::F32 {
        return Ok((tensor, false));
    }
    let (name, _, shape, id, bytes) = tensor.into_parts().map_err(|e| anyhow::anyhow!("{e}"))?;
    let data = TensorData::from_bytes_vec(bytes.to_vec(), shape.clone(), DType::F32);
    let values = data.as_slice::<f32>().map_err(|e| anyhow::anyhow!("{name}: {e:?}"))?;
    if !values.iter().all(|v| v.is_finite() && v.abs() <= F16_MAX) {
        return Ok((Tensor::new(name, DType::F32, shape, id, data.into_bytes()), false));
    }
    let half = data.try_cast(DType::F16).map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    Ok((Tensor::new(name, DType::F16, shape, id, half.into_bytes()), true))
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
