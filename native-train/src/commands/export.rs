//! `ace export`: the browser weights file (f16 by default) from a training checkpoint.

use std::path::PathBuf;

use ace::weights::{StorageDtype, save_file};
use anyhow::{Result, bail};
use burn::tensor::Device;
use clap::Args;

use super::init::Dtype;
use crate::train::checkpoint;

#[derive(Args)]
pub struct ExportArgs {
    /// A checkpoint folder, or a run's output folder (its latest checkpoint is used).
    #[arg(long)]
    pub checkpoint: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "f16")]
    pub dtype: Dtype,
    /// Export the live generator even when the run keeps a moving average (which is the default).
    #[arg(long)]
    pub live: bool,
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
    let (state, generator, average) = checkpoint::shipped_generator(&path, args.live, &Device::flex())?;
    let dtype = match args.dtype {
        Dtype::F16 => StorageDtype::F16,
        Dtype::F32 => StorageDtype::F32,
    };
    let manifest = save_file(&args.out, &generator, &state.config.model, dtype)?;
    println!(
        "exported the {} generator of step {} of {} to {} ({:.2} MB, sha256 {})",
        if average { "averaged (EMA)" } else { "live" },
        state.step,
        path.display(),
        args.out.display(),
        manifest.size as f64 / 1e6,
        manifest.sha256
    );
    Ok(())
}
