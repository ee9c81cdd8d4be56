//! The four ways a run begins when it has no checkpoint of its own to continue (`--resume`, which
//! wins over all four once the run has written one).

use std::path::Path;

/// How a new run gets its networks.
#[derive(Clone, Copy, Debug, Default)]
pub enum Start<'a> {
    /// Networks initialised from the config's seed, VGG imported.
    #[default]
    Fresh,
    /// Another run's checkpoint (or a run folder's latest): its networks, optimiser moments and
    /// average under this run's config, with the step, data order and random stream starting afresh.
    /// A curriculum stage, e.g. the same model trained on at another photo scale (`--init-from`).
    FromCheckpoint(&'a Path),
    /// An exported weights file's generator, with fresh discriminators and optimisers: how a long run
    /// continues when its run folder is lost (`--init-weights`).
    FromWeights(&'a Path),
    /// Fine-tuning a weights file towards the run's photos (the target domain), with content from
    /// `source`; the file's model config replaces the config's.
    FineTune {
        /// Photos of the source domain (content).
        source: &'a Path,
        /// The pretrained weights file to start from.
        weights: &'a Path,
    },
}

impl<'a> Start<'a> {
    /// The source-domain photos of a fine-tune.
    pub fn fine_tune_source(&self) -> Option<&'a Path> {
        match self {
            Start::FineTune { source, .. } => Some(source),
            _ => None,
        }
    }
}
