//! Checkpoints that make a resumed run bit-identical to an uninterrupted one: generator and
//! discriminator parameters with their ids (burnpack records, which also hold BatchNorm statistics
//! and the spectral-norm vectors), both Adam states, the random stream's position, the data position,
//! the step, and the run's config.
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
use super::discriminator::MultiScaleDiscriminator;

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
}

pub struct Checkpoint {
    pub state: CheckpointState,
    pub generator: Ace,
    pub discriminator: MultiScaleDiscriminator,
    pub optim_generator: ModuleOptimizer,
    pub optim_discriminator: ModuleOptimizer,
}

const LATEST: &str = "latest";

pub fn save(
    dir: &Path,
    state: &CheckpointState,
    generator: &Ace,
    discriminator: &MultiScaleDiscriminator,
    optim_generator: &ModuleOptimizer,
    optim_discriminator: &ModuleOptimizer,
) -> Result<PathBuf> {
    let name = format!("step-{:08}", state.step);
    let final_dir = dir.join(&name);
    let tmp = dir.join(format!("{name}.tmp"));
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    generator.clone().into_record().save(tmp.join("generator.bpk"))?;
    discriminator.clone().into_record().save(tmp.join("discriminator.bpk"))?;
    optim_generator.save(tmp.join("optim-generator.bpk"))?;
    optim_discriminator.save(tmp.join("optim-discriminator.bpk"))?;
    std::fs::write(tmp.join("state.json"), serde_json::to_vec_pretty(state)?)?;
    let _ = std::fs::remove_dir_all(&final_dir);
    std::fs::rename(&tmp, &final_dir)?;
    let pointer = dir.join(format!("{LATEST}.tmp"));
    std::fs::write(&pointer, &name)?;
    std::fs::rename(&pointer, dir.join(LATEST))?;
    // Keep the newest two: the one just written and its predecessor.
    let mut steps: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_dir() && p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("step-") && !n.to_string_lossy().ends_with(".tmp")))
        .collect();
    steps.sort();
    for old in steps.iter().rev().skip(2) {
        let _ = std::fs::remove_dir_all(old);
    }
    Ok(final_dir)
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

/// A checkpoint's state (step, data position, RNG, config) without its networks.
pub fn read_state(path: &Path) -> Result<CheckpointState> {
    let file = path.join("state.json");
    serde_json::from_slice(&std::fs::read(&file).with_context(|| format!("reading {}", file.display()))?)
        .with_context(|| format!("reading {}", file.display()))
}

/// Loads a checkpoint into freshly built modules and optimizers (which carry the structure).
pub fn load(
    path: &Path,
    generator: Ace,
    discriminator: MultiScaleDiscriminator,
    optim_generator: ModuleOptimizer,
    optim_discriminator: ModuleOptimizer,
) -> Result<Checkpoint> {
    let corrupt = |what: &str| format!("checkpoint {} is corrupt or incomplete ({what})", path.display());
    let state = read_state(path).with_context(|| corrupt("state.json"))?;
    let record = ModuleRecord::load(path.join("generator.bpk")).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(|| corrupt("generator.bpk"))?;
    let generator = generator.try_load_record(record).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(|| corrupt("generator.bpk"))?;
    let record = ModuleRecord::load(path.join("discriminator.bpk")).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(|| corrupt("discriminator.bpk"))?;
    let discriminator =
        discriminator.try_load_record(record).map_err(|e| anyhow::anyhow!("{e:?}")).with_context(|| corrupt("discriminator.bpk"))?;
    let optim_generator = optim_generator
        .load(path.join("optim-generator.bpk"))
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .with_context(|| corrupt("optim-generator.bpk"))?;
    let optim_discriminator = optim_discriminator
        .load(path.join("optim-discriminator.bpk"))
        .map_err(|e| anyhow::anyhow!("{e:?}"))
        .with_context(|| corrupt("optim-discriminator.bpk"))?;
    Ok(Checkpoint { state, generator, discriminator, optim_generator, optim_discriminator })
}
