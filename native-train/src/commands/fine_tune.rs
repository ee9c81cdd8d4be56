//! `ace fine-tune`: adapt a pretrained model to a new target domain (paper 4.5): content photos from a
//! source folder, style photos from the target folder; latent consistency + GAN, no contrastive loss.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::train::config::TrainConfig;
use crate::train::trainer::{FineTune, TrainRun, pretrain};

#[derive(Args)]
pub struct FineTuneArgs {
    /// The pretrained weights file to start from.
    #[arg(long)]
    pub from: PathBuf,
    /// Photos of the source domain (their structure is kept).
    #[arg(long)]
    pub content: PathBuf,
    /// Photos of the new target domain (their look is learnt).
    #[arg(long)]
    pub style: PathBuf,
    #[arg(long)]
    pub out: PathBuf,
    /// A JSON training config (the model section is taken from --from).
    #[arg(long)]
    pub config: Option<PathBuf>,
    #[arg(long)]
    pub resume: bool,
    #[arg(long)]
    pub steps: Option<u64>,
    #[arg(long)]
    pub max_steps_now: Option<u64>,
    #[arg(long)]
    pub grid: Vec<PathBuf>,
    /// Where to compute: auto picks a GPU when a real one is present.
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
}

pub fn run(args: FineTuneArgs) -> Result<()> {
    let mut config = match &args.config {
        Some(path) => TrainConfig::from_file(path)?,
        None => TrainConfig { steps: 2_000, ..TrainConfig::default() },
    };
    if let Some(steps) = args.steps {
        config.steps = steps;
    }
    let chosen = crate::backend::choose(args.backend)?;
    println!("backend: {}; fine-tuning {} on {}", chosen.description, args.from.display(), args.style.display());
    let summary = pretrain(TrainRun {
        config,
        data: &args.style,
        fine_tune: Some(FineTune { source: &args.content, init: &args.from }),
        out: &args.out,
        resume: args.resume,
        max_steps_now: args.max_steps_now,
        vgg: None,
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
