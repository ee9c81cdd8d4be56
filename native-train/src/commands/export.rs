//! `ace export`: the browser weights file (f16 by default) from a training checkpoint.

use std::path::PathBuf;

use ace::weights::{StorageDtype, save_file};
use crate::train::checkpoint;
use crate::train::config::TrainConfig;
use crate::train::discriminator::MultiScaleDiscriminatorConfig;
use anyhow::{Context, Result, bail};
use burn::module::Module;
use burn::optim::AdamConfig;
use burn::tensor::Device;
use clap::Args;

use super::init::Dtype;

#[derive(Args)]
pub struct ExportArgs {
    /// A checkpoint folder, or a run's output folder (its latest checkpoint is used).
    #[arg(long)]
    pub checkpoint: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "f16")]
    pub dtype: Dtype,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let path = if args.checkpoint.join("state.json").exists() {
        args.checkpoint.clone()
    } else {
        match checkpoint::latest(&args.checkpoint.join("checkpoints"))? {
            Some(path) => path,
            None => bail!("no checkpoint in {}", args.checkpoint.display()),
        }
    };
    let state: checkpoint::CheckpointState = serde_json::from_slice(
        &std::fs::read(path.join("state.json")).with_context(|| format!("reading {}", path.join("state.json").display()))?,
    )?;
    let config: TrainConfig = state.config;
    let device = Device::flex().autodiff();
    let generator = config.model.init(&device);
    let discriminator = MultiScaleDiscriminatorConfig::new()
        .with_scales(config.discriminator.scales)
        .with_width(config.discriminator.width)
        .with_layers(config.discriminator.layers)
        .init(&device);
    let loaded = checkpoint::load(&path, generator, discriminator, AdamConfig::new().init(), AdamConfig::new().init())?;
    let generator = loaded.generator.valid();
    let dtype = match args.dtype {
        Dtype::F16 => StorageDtype::F16,
        Dtype::F32 => StorageDtype::F32,
    };
    let manifest = save_file(&args.out, &generator, &config.model, dtype)?;
    println!(
        "exported step {} of {} to {} ({:.2} MB, sha256 {})",
        state.step,
        path.display(),
        args.out.display(),
        manifest.size as f64 / 1e6,
        manifest.sha256
    );
    Ok(())
}
