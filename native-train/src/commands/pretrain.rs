//! `ace pretrain`: train ACE on photos of one domain (design notes section 3).

use std::path::PathBuf;

use crate::train::config::TrainConfig;
use crate::train::trainer::{TrainRun, pretrain};
use anyhow::Result;
use clap::Args;

#[derive(Args)]
pub struct PretrainArgs {
    /// A folder of photos of the target domain (searched recursively).
    #[arg(long)]
    pub data: PathBuf,
    /// Where checkpoints, log.jsonl and sample grids go.
    #[arg(long)]
    pub out: PathBuf,
    /// A JSON training config (see TrainConfig; missing fields take their defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Continue from the latest checkpoint in --out.
    #[arg(long)]
    pub resume: bool,
    /// Override the config's step count.
    #[arg(long)]
    pub steps: Option<u64>,
    /// Stop after this many steps in this invocation (a checkpoint is written); --resume continues.
    #[arg(long)]
    pub max_steps_now: Option<u64>,
    /// Photos to translate in the sample grids (default: the first four training photos).
    #[arg(long)]
    pub grid: Vec<PathBuf>,
    /// Where to compute: auto picks a GPU when a real one is present.
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
    /// The VGG-19 source file (default: the one scripts/fetch-vgg.sh fetched).
    #[arg(long)]
    pub vgg: Option<PathBuf>,
}

pub fn run(args: PretrainArgs) -> Result<()> {
    let mut config = match &args.config {
        Some(path) => TrainConfig::from_file(path)?,
        None => TrainConfig::default(),
    };
    if let Some(steps) = args.steps {
        config.steps = steps;
    }
    let chosen = crate::backend::choose(args.backend)?;
    println!("backend: {}; config: {}", chosen.description, serde_json::to_string(&config)?);
    let summary = pretrain(TrainRun {
        config,
        data: &args.data,
        fine_tune: None,
        out: &args.out,
        resume: args.resume,
        max_steps_now: args.max_steps_now,
        vgg: args.vgg,
        grid_inputs: args.grid,
        show_progress: true,
        device: chosen.device,
    })?;
    println!(
        "stopped at step {}; last checkpoint: {}",
        summary.step,
        summary.last_checkpoint.map(|p| p.display().to_string()).unwrap_or_else(|| "none".into())
    );
    Ok(())
}
