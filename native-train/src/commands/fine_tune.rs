//! `ace fine-tune`: adapt a pretrained model to a new target domain (paper 4.5): content photos from a
//! source folder, style photos from the target folder; latent consistency + GAN, no contrastive loss.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use super::run_args::{RunArgs, report};
use crate::train::config::TrainConfig;
use crate::train::start::Start;
use crate::train::trainer::{TrainRun, train};

#[derive(Args)]
pub struct FineTuneArgs {
    /// The pretrained weights file to start from (its model config is used).
    #[arg(long)]
    pub from: PathBuf,
    /// Photos of the source domain (their structure is kept).
    #[arg(long)]
    pub content: PathBuf,
    /// Photos of the new target domain (their look is learnt).
    #[arg(long)]
    pub style: PathBuf,
    #[command(flatten)]
    pub run: RunArgs,
}

pub fn run(args: FineTuneArgs) -> Result<()> {
    let config = args.run.config(TrainConfig { steps: 2_000, ..TrainConfig::default() })?;
    let chosen = crate::backend::choose(args.run.backend)?;
    println!("backend: {}; fine-tuning {} on {}", chosen.description, args.from.display(), args.style.display());
    let summary = train(TrainRun {
        start: Start::FineTune { source: &args.content, weights: &args.from },
        ..args.run.train_run(config, &args.style, chosen.device)
    })?;
    report(&summary);
    Ok(())
}
