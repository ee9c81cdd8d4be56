//! `ace export`: the browser weights file (f16 by default) from a training checkpoint, or an older
//! weights file re-written in the current format (with the digest of its data).

use std::path::PathBuf;

use ace::weights::{StorageDtype, save_file};
use anyhow::Result;
use burn::tensor::Device;
use clap::Args;

use super::init::Dtype;
use crate::train::checkpoint;

#[derive(Args)]
pub struct ExportArgs {
    /// A checkpoint folder, or a run's output folder (its latest checkpoint is used).
    #[arg(long, required_unless_present = "weights", conflicts_with = "weights")]
    pub checkpoint: Option<PathBuf>,
    /// Instead of a checkpoint: a weights file to re-write in the current format (same tensors).
    #[arg(long)]
    pub weights: Option<PathBuf>,
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "f16")]
    pub dtype: Dtype,
    /// Export the live generator even when the run keeps a moving average (which is the default).
    #[arg(long)]
    pub live: bool,
}

pub fn run(args: ExportArgs) -> Result<()> {
    let dtype = match args.dtype {
        Dtype::F16 => StorageDtype::F16,
        Dtype::F32 => StorageDtype::F32,
    };
    let (Some(checkpoint), None) = (&args.checkpoint, &args.weights) else {
        let source = args.weights.as_ref().expect("clap requires one of the two");
        let model = ace::weights::load_file(source, &Device::flex())?;
        let manifest = save_file(&args.out, &model, dtype)?;
        println!("re-wrote {} as {} (version {}, sha256 {})", source.display(), args.out.display(), manifest.version, manifest.sha256);
        return Ok(());
    };
    let path = checkpoint::resolve(checkpoint)?;
    let (state, generator, average) = checkpoint::shipped_generator(&path, args.live, &Device::flex())?;
    let manifest = save_file(&args.out, &generator, dtype)?;
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
