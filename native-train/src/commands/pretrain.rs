//! `ace pretrain`: train ACE on photos of one domain (docs/training.md).

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::run_args::{RunArgs, report};
use crate::train::config::TrainConfig;
use crate::train::start::Start;
use crate::train::trainer::{TrainRun, train};

#[derive(Args)]
pub struct PretrainArgs {
    /// A folder of photos of the target domain (searched recursively).
    #[arg(long, value_name = "FOLDER")]
    pub data: PathBuf,
    #[command(flatten)]
    pub run: RunArgs,
    /// Start from another run's latest checkpoint (or a checkpoint folder): its networks and optimiser
    /// state under this --config, from step 0. For a second stage at another scale.
    #[arg(long, value_name = "RUN", conflicts_with = "init_weights")]
    pub init_from: Option<PathBuf>,
    /// Start from an exported weights file's generator (fresh discriminators and optimisers), from
    /// step 0: how a long run continues when its run folder is lost.
    #[arg(long, value_name = "FILE")]
    pub init_weights: Option<PathBuf>,
    /// The VGG-19 source file (default: the one scripts/fetch/vgg.sh fetched).
    #[arg(long, value_name = "FILE")]
    pub vgg: Option<PathBuf>,
}

pub fn run(args: PretrainArgs) -> Result<()> {
    let config = args.run.config(TrainConfig::default())?;
    let chosen = crate::backend::choose(args.run.backend)?;
    println!("backend: {}", chosen.description);
    let start = match (&args.init_from, &args.init_weights) {
        (Some(run), _) => Start::FromCheckpoint(run),
        (None, Some(weights)) => Start::FromWeights(weights),
        (None, None) => Start::Fresh,
    };
    crate::train::interrupt::install()?;
    let summary = train(TrainRun {
        start,
        vgg: args.vgg.clone(),
        ..args.run.train_run(config, &args.data, chosen.device)
    })?;
    report(&summary);
    Ok(())
}
