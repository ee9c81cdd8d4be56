//! Checkpoints that make a resumed run bit-identical to an uninterrupted one: generator and
//! discriminator parameters with their ids (burnpack records, which also hold BatchNorm statistics
//! and the spectral-norm vectors), both Adam states, the generator's moving average when the run
//! keeps one, the random stream's position, the data position, the step, and the run's config.
//!
//! Atomic: a checkpoint is written into `step-N.tmp/`, renamed to `step-N/`, and only then does the
//! `latest` pointer (itself written to a temporary file and renamed) move to it. A crash at any point
//! leaves the previous checkpoint intact and pointed to.

use std::path::{Path, PathBuf};

use ace::Ace;
use anyhow::{Context, Result, bail};
use burn::module::Module;
use burn::optim::ModuleOptimizer;
use burn::store::ModuleRecord;
use serde::{Deserialize, Serialize};

use super::config::TrainConfig;
use super::data::Position;
use super::discriminators::Discriminators;

/// The small, human-readable part of a checkpoint.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CheckpointState {
    pub step: u64,
    pub data: Position,
    /// Fine-tuning only: where the next batch of source (content) photos starts.
    #[serde(default)]
    pub source_data: Option<Position>,
    /// ChaCha8 seed and word position of the training stream.
    pub rng_seed: [u8; 32],
    pub rng_word_pos: u128,
    pub config: TrainConfig,
    /// The sha256 of each network and optimiser file, taken as they were written: a file swapped in
    /// from another run, or damaged, is refused when the checkpoint loads. Absent from checkpoints
    /// written before digests were kept, which still load.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub files: std::collections::BTreeMap<String, String>,
    /// A packed checkpoint (`ace pack`, `packed.rs`): no optimiser files, so a run resumed from it
    /// starts its Adam moments afresh; what trains in half precision; frozen copies left out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub packed: bool,
}

impl CheckpointState {
    /// Whether the run is a fine-tune (it reads source photos as well).
    pub fn is_fine_tune(&self) -> bool {
        self.source_data.is_some()
    }
}

/// The networks and optimisers of a checkpoint (as loaded, or as the structure to load into).
pub struct Checkpoint {
    /// Present once loaded.
    pub state: Option<CheckpointState>,
    pub generator: Ace,
    pub discriminators: Discriminators,
    pub optim_generator: ModuleOptimizer,
    pub optim_discriminators: ModuleOptimizer,
    /// The generator's moving average (`ema.bpk`), when the run keeps one. As a structure to load
    /// into, any `Some` asks for the average (it is loaded into the generator's structure).
    pub ema: Option<Ace>,
}

/// What `save` writes, borrowed from the running state.
pub struct Parts<'a> {
    pub generator: &'a Ace,
    pub discriminators: &'a Discriminators,
    pub optim_generator: &'a ModuleOptimizer,
    pub optim_discriminators: &'a ModuleOptimizer,
    pub ema: Option<&'a Ace>,
}

const LATEST: &str = "latest";

pub fn save(dir: &Path, state: &CheckpointState, parts: Parts) -> Result<PathBuf> {
    install(dir, state, |tmp| {
        parts.generator.clone().into_record().save(tmp.join("generator.bpk"))?;
        parts.discriminators.clone().into_record().save(tmp.join("discriminator.bpk"))?;
        parts.optim_generator.save(tmp.join("optim-generator.bpk"))?;
        parts.optim_discriminators.save(tmp.join("optim-discriminator.bpk"))?;
        if let Some(ema) = parts.ema {
            ema.clone().into_record().save(tmp.join("ema.bpk"))?;
        }
        Ok(())
    })
}

/// Makes the checkpoint of `state.step` in `dir` the latest: `write_files` fills a temporary folder,
/// `state.json` (with the digest of each file) is written last, and the folder is renamed into place
/// before the `latest` pointer moves to it. The newest earlier checkpoint is kept, any other removed.
pub fn install(dir: &Path, state: &CheckpointState, write_files: impl FnOnce(&Path) -> Result<()>) -> Result<PathBuf> {
    let name = format!("step-{:08}", state.step);
    let final_dir = dir.join(&name);
    let tmp = dir.join(format!("{name}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    write_files(&tmp)?;
    write_state(&tmp, state.clone())?;
    let _ = std::fs::remove_dir_all(&final_dir);
    std::fs::rename(&tmp, &final_dir)?;
    let pointer = dir.join(format!("{LATEST}.tmp"));
    std::fs::write(&pointer, &name)?;
    std::fs::rename(&pointer, dir.join(LATEST))?;
    // Keep two: the one just written and the newest one before it. Any other goes: older ones, and a
    // newer one that a killed run renamed but never pointed to (its steps are being taken again).
    let steps: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("step-") && !n.to_string_lossy().ends_with(".tmp"))
        })
        .collect();
    let previous = steps.iter().filter(|p| **p < final_dir).max().cloned();
    for old in steps.iter().filter(|p| **p != final_dir && Some(*p) != previous.as_ref()) {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(final_dir)
}

/// Writes `state.json` into a checkpoint folder whose files are complete, with the digest of each.
pub fn write_state(dir: &Path, mut state: CheckpointState) -> Result<()> {
    state.files = digests(dir)?;
    std::fs::write(dir.join("state.json"), serde_json::to_vec_pretty(&state)?)?;
    Ok(())
}

/// A checkpoint folder as given, or a run folder's latest checkpoint.
pub fn resolve(path: &Path) -> Result<PathBuf> {
    if path.join("state.json").exists() {
        return Ok(path.to_path_buf());
    }
    match latest(&path.join("checkpoints"))? {
        Some(latest) => Ok(latest),
        None => bail!("no checkpoint in {}", path.display()),
    }
}

/// The checkpoint `latest` points to, if any.
pub fn latest(dir: &Path) -> Result<Option<PathBuf>> {
    let pointer = dir.join(LATEST);
    if !pointer.exists() {
        return Ok(None);
    }
    let name = std::fs::read_to_string(&pointer)?;
    let path = dir.join(name.trim());
    if !path.is_dir() {
        bail!("{} points to {}, which does not exist", pointer.display(), path.display());
    }
    Ok(Some(path))
}

/// The sha256 of every `.bpk` file in a checkpoint folder, by name.
fn digests(dir: &Path) -> Result<std::collections::BTreeMap<String, String>> {
    let mut files = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "bpk") {
            let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
            files.insert(path.file_name().unwrap_or_default().to_string_lossy().into_owned(), ace::weights::digest::sha256_hex(&bytes));
        }
    }
    Ok(files)
}

/// A checkpoint's state (step, data position, RNG, config) without its networks.
pub fn read_state(path: &Path) -> Result<CheckpointState> {
    let file = path.join("state.json");
    serde_json::from_slice(&std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?)
        .with_context(|| format!("reading {}", file.display()))
}

/// The state, for a reader about to read the checkpoint's files: once, here, each file's digest is
/// compared with the one the checkpoint wrote (a file swapped in from another run, or damaged, is
/// refused). Checkpoints written before digests were kept have none to compare.
pub fn verified_state(path: &Path) -> Result<CheckpointState> {
    let state = read_state(path).with_context(|| format!("checkpoint {} is corrupt or incomplete (state.json)", path.display()))?;
    if state.files.is_empty() {
        return Ok(state);
    }
    let found = digests(path)?;
    for (name, digest) in &state.files {
        match found.get(name) {
            Some(actual) if actual == digest => {}
            Some(actual) => bail!(
                "checkpoint {}: {name} is not the file this checkpoint wrote (sha256 {actual}, written as {digest}): it was replaced or damaged",
                path.display()
            ),
            None => bail!("checkpoint {} is corrupt or incomplete ({name} is missing)", path.display()),
        }
    }
    Ok(state)
}

/// A network file into `structure`; a packed checkpoint's half-precision tensors become the
/// structure's own precision, and what it left out (the discriminator's VGG, the average's copies of
/// the generator's frozen tensors) stays the structure's.
fn load_module<M: Module>(path: &Path, file: &str, structure: M, state: &CheckpointState) -> Result<M> {
    let corrupt = || format!("checkpoint {} is corrupt or incomplete ({file})", path.display());
    let mut record = ModuleRecord::load(path.join(file)).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(corrupt)?;
    if state.packed {
        // Partial only where `pack` leaves tensors out, which the structure already holds (the
        // discriminator's imported VGG, the live generator's frozen tensors under the average); a
        // generator file with a tensor missing stays an error.
        record = record.cast_to_module_dtype().allow_partial(file != "generator.bpk");
    }
    structure.try_load_record(record).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(corrupt)
}

/// An optimiser file into `structure`; a packed checkpoint has none, and its run's moments start afresh.
fn load_optimizer(path: &Path, file: &str, structure: ModuleOptimizer, state: &CheckpointState) -> Result<ModuleOptimizer> {
    if state.packed {
        return Ok(structure);
    }
    let corrupt = || format!("checkpoint {} is corrupt or incomplete ({file})", path.display());
    structure.load(path.join(file)).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(corrupt)
}

/// Loads a checkpoint into freshly built modules and optimisers (which carry the structure). The
/// average is loaded when the structure asks for one and the checkpoint holds one.
pub fn load(path: &Path, structure: Checkpoint) -> Result<Checkpoint> {
    let state = verified_state(path)?;
    let generator = load_module(path, "generator.bpk", structure.generator, &state)?;
    // Into the live generator's structure: loading keeps the structure's ids for BatchNorm's running
    // statistics, and the average finds the live values to copy by id.
    let ema = match structure.ema {
        Some(_) if path.join("ema.bpk").exists() => Some(load_module(path, "ema.bpk", generator.valid(), &state)?),
        _ => None,
    };
    Ok(Checkpoint {
        discriminators: load_module(path, "discriminator.bpk", structure.discriminators, &state)?,
        optim_generator: load_optimizer(path, "optim-generator.bpk", structure.optim_generator, &state)?,
        optim_discriminators: load_optimizer(path, "optim-discriminator.bpk", structure.optim_discriminators, &state)?,
        state: Some(state),
        generator,
        ema,
    })
}

/// The generator a checkpoint ships, on `device`: its moving average when it holds one (unless
/// `live` asks for the live weights), else the live generator. Returns it with the checkpoint's state
/// and whether it is the average.
pub fn shipped_generator(path: &Path, live: bool, device: &burn::tensor::Device) -> Result<(CheckpointState, Ace, bool)> {
    let state = verified_state(path)?;
    let structure = state.config.model.init(device);
    let average = !live && path.join("ema.bpk").exists();
    let file = if average { "ema.bpk" } else { "generator.bpk" };
    // A packed average holds only what it does not share with the live generator.
    let structure = if average && state.packed { load_module(path, "generator.bpk", structure, &state)? } else { structure };
    let generator = load_module(path, file, structure, &state)?;
    Ok((state, generator, average))
}

/// A checkpoint's networks alone (generator, discriminators), on `device`: what two runs that
/// continued one checkpoint are compared by (`ace diff-checkpoints`).
pub fn load_networks(path: &Path, device: &burn::tensor::Device) -> Result<(CheckpointState, Ace, Discriminators)> {
    let state = verified_state(path)?;
    let generator = load_module(path, "generator.bpk", state.config.model.init(device), &state)?;
    let mut structure = super::discriminators::init(&state.config.discriminator, device);
    if state.packed {
        import_discriminator_vgg(&mut structure, &ace::weights::vgg_import::default_vgg_path())?;
    }
    let discriminators = load_module(path, "discriminator.bpk", structure, &state)?;
    Ok((state, generator, discriminators))
}

/// The pinned VGG-19 into a VGG discriminator's frozen slice (a packed checkpoint leaves it out).
pub fn import_discriminator_vgg(discriminators: &mut Discriminators, vgg: &Path) -> Result<()> {
    if let Some(d) = discriminators.vgg.as_mut() {
        ace::weights::vgg_import::import_vgg(&mut d.vgg, vgg).with_context(|| format!("importing VGG-19 from {}", vgg.display()))?;
    }
    Ok(())
}
