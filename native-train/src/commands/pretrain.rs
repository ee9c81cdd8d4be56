//! `ace pretrain`: train ACE on photos of one domain (design notes section 3).

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::run_args::{RunArgs, report};
use crate::train::config::TrainConfig;
use crate::train::trainer::{TrainRun, pretrain};

#[derive(Args)]
pub struct PretrainArgs {
    /// A folder of photos of the target domain (searched recursively).
    #[arg(long)]
    pub data: PathBuf,
    #[command(flatten)]
    pub run: RunArgs,
    /// Start from another run's latest checkpoint (or a checkpoint folder): its networks and optimiser
    /// state under this --config, from step 0. For a second stage at another scale.
    #[arg(long)]
    pub init_from: Option<PathBuf>,
    /// The VGG-19 source file (default: the one scripts/fetch-vgg.sh fetched).
    #[arg(long)]
    pub vgg: Option<PathBuf>,
}

pub fn run(args: PretrainArgs) -> Result<()> {
    let config = args.run.config(TrainConfig::default())?;
    let chosen = crate::backend::choose(args.run.backend)?;
    println!("backend: {}; config: {}", chosen.description, serde_json::to_string(&config)?);
    let summary = pretrain(TrainRun {
        config,
        data: &args.data,
        fine_tune: None,
        out: &args.run.out,
        resume: args.run.resume,
        init_from: args.init_from.as_deref(),
        max_steps_now: args.run.max_steps_now,
        max_minutes: args.run.max_minutes,
        vgg: args.vgg,
        grid_inputs: args.run.grid,
        show_progress: true,
        device: chosen.device,
    })?;
    report(&summary);
    Ok(())
}
