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
    /// Photos of the source domain (their structure is kept). Without it, the style photos are the
    /// content photos too: one folder of the look you want is enough.
    #[arg(long)]
    pub content: Option<PathBuf>,
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
    let content = args.content.as_deref().unwrap_or_else(|| {
        println!(
            "no --content: the style photos are the content photos too (measured, this translates other photos less well \
             than no fine-tuning; give photos like the ones you will translate: docs/fine-tuning.md)"
        );
        &args.style
    });
    crate::train::interrupt::install()?;
    let summary = train(TrainRun {
        start: Start::FineTune { source: content, weights: &args.from },
        ..args.run.train_run(config, &args.style, chosen.device)
    })?;
    report(&summary);
    // What the run is for: a weights file, written however the run stopped.
    let weights = args.run.out.join("fine-tuned.safetensors");
    let manifest = ace::weights::save_file(&weights, &summary.shipped, ace::weights::StorageDtype::F16)?;
    println!(
        "wrote {} ({:.2} MB, sha256 {}) and its manifest: `ace translate --weights {} --content <photo> --out <file>` uses it. \
         It derives from {} and inherits its licence (for the shipped weights: CC BY-NC 4.0, weights/MODEL_CARD.md).",
        weights.display(),
        manifest.size as f64 / 1e6,
        manifest.sha256,
        weights.display(),
        args.from.display()
    );
    Ok(())
}
