//! What `pretrain` and `fine-tune` share: where a run writes, its config, resuming and time boxes.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;

use crate::train::config::TrainConfig;
use crate::train::start::Start;
use crate::train::trainer::{TrainRun, TrainSummary};

#[derive(Args)]
pub struct RunArgs {
    /// Where checkpoints, log.jsonl and sample grids go.
    #[arg(long)]
    pub out: PathBuf,
    /// A JSON training config (see TrainConfig; missing fields take their defaults).
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// Continue from the latest checkpoint in --out.
    #[arg(long)]
    pub resume: bool,
    /// Override the config's step count (a resumed run without it, or --config, keeps its own).
    #[arg(long)]
    pub steps: Option<u64>,
    /// Stop after this many steps in this invocation (a checkpoint is written); --resume continues.
    #[arg(long)]
    pub max_steps_now: Option<u64>,
    /// Stop after the first step that ends this many minutes into this invocation (a checkpoint is
    /// written); --resume continues. For time-boxed runs, e.g. on a lent GPU.
    #[arg(long)]
    pub max_minutes: Option<f64>,
    /// Photos to translate in the sample grids (default: the first four content photos).
    #[arg(long)]
    pub grid: Vec<PathBuf>,
    /// Where to compute: auto picks a GPU when a real one is present.
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
}

impl RunArgs {
    /// The run these arguments describe on `data`, started fresh; the command sets how else it starts.
    pub fn train_run<'a>(&'a self, config: TrainConfig, data: &'a std::path::Path, device: burn::tensor::Device) -> TrainRun<'a> {
        TrainRun {
            config,
            config_given: self.config.is_some(),
            steps_given: self.config.is_some() || self.steps.is_some(),
            data,
            start: Start::Fresh,
            out: &self.out,
            resume: self.resume,
            max_steps_now: self.max_steps_now,
            max_minutes: self.max_minutes,
            vgg: None,
            grid_inputs: self.grid.clone(),
            show_progress: true,
            device,
        }
    }

    /// The config file (or `default`), with the command line's overrides applied.
    pub fn config(&self, default: TrainConfig) -> Result<TrainConfig> {
        let mut config = match &self.config {
            Some(path) => TrainConfig::from_file(path)?,
            None => default,
        };
        if let Some(steps) = self.steps {
            config.steps = steps;
        }
        Ok(config)
    }
}

pub fn report(summary: &TrainSummary) {
    let how = if crate::train::interrupt::asked() { " by Ctrl-C or a termination signal (--resume continues)" } else { "" };
    println!(
        "stopped{how} at step {}; last checkpoint: {}",
        summary.step,
        summary.last_checkpoint.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "none".into())
    );
}
