//! Everything a training run needs, as one JSON document with documented defaults. It is written
//! into every checkpoint, so a resumed run continues with exactly the settings it started with.

use ace::AceConfig;
use serde::{Deserialize, Serialize};

use super::objective::ObjectiveConfig;
pub use super::discriminators::DiscriminatorSettings;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TrainConfig {
    /// The generator's shape (also what the exported weights file will say).
    pub model: AceConfig,
    pub objective: ObjectiveConfig,
    pub discriminator: DiscriminatorSettings,
    /// Photos per step (paper: 8).
    pub batch_size: usize,
    /// Training resolution: square random crops of this side...
    pub crop: u32,
    /// ...from photos whose short side was resized to this...
    pub resize: u32,
    /// ...or, when set, to a side drawn per photo uniformly from `resize` to this (scale augmentation:
    /// the network sees faces at every size between, so a translation at a larger side than `resize`
    /// finds features at the scale it learnt them). Left out of a config that does not set it, so
    /// older builds still read the configs and checkpoints of runs without one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resize_max: Option<u32>,
    /// Random horizontal flips.
    pub flip: bool,
    /// Adam learning rates (TTUR: the discriminator learns faster).
    pub lr_generator: f64,
    pub lr_discriminator: f64,
    pub beta1: f32,
    pub beta2: f32,
    /// Coupled L2 weight decay, as the authors' Adam used.
    pub weight_decay: f32,
    pub steps: u64,
    /// Seed of every random choice: initialisation, data order, augmentation, AIA and style noise.
    pub seed: u64,
    pub checkpoint_every: u64,
    pub sample_every: u64,
    /// Threads decoding photos.
    pub loader_threads: usize,
    /// Keep an exponential moving average of the generator (StarGAN v2, FUNIT): it is what sample
    /// grids show and what `ace export` writes. The decay is `min(0.999, (1 + t) / (10 + t))` at step
    /// `t`, so a short run is not dominated by its initialisation.
    pub ema: bool,
    /// Read the losses back from the device once every this many steps (a GPU keeps queueing work
    /// in between); every step is still logged, and a non-finite loss still names its step. Must
    /// divide `checkpoint_every`, so no checkpoint is written before the losses it covers are checked.
    pub readback_every: u64,
    /// Steps at the start of a run in which only the discriminators learn; the generator and its
    /// average stay as they are. A fine-tune's critics start from nothing, and a generator trained
    /// against a random critic first unlearns what it knew.
    pub critic_warmup: u64,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            model: AceConfig::default(),
            objective: ObjectiveConfig::default(),
            discriminator: DiscriminatorSettings::default(),
            batch_size: 8,
            crop: 128,
            resize: 144,
            resize_max: None,
            flip: true,
            lr_generator: 1e-4,
            lr_discriminator: 4e-4,
            beta1: 0.5,
            beta2: 0.999,
            weight_decay: 1e-4,
            steps: 10_000,
            seed: 0,
            checkpoint_every: 500,
            sample_every: 500,
            loader_threads: 2,
            ema: false,
            readback_every: 1,
            critic_warmup: 0,
        }
    }
}

/// A config is objects and values: an array anywhere is refused, with where it is.
fn objects_only(value: &serde_json::Value, at: &str) -> anyhow::Result<()> {
    match value {
        serde_json::Value::Array(_) => anyhow::bail!("{at} is an array; a training config is a JSON object of settings"),
        serde_json::Value::Object(map) => map.iter().try_for_each(|(key, value)| objects_only(value, &format!("`{key}`"))),
        _ => Ok(()),
    }
}

impl TrainConfig {
    /// Reads a JSON config; missing fields take their defaults, unknown ones are an error, and so is
    /// an array anywhere: serde reads `[]` as a struct of all defaults (a 10,000-step run from a typo).
    pub fn from_file(path: &std::path::Path) -> anyhow::Result<Self> {
        use anyhow::Context;
        let bytes = ace::input_file::read(path).with_context(|| format!("reading {}", path.display()))?;
        let value: serde_json::Value = serde_json::from_slice(&bytes).with_context(|| format!("parsing {}", path.display()))?;
        objects_only(&value, "the config").with_context(|| format!("parsing {}", path.display()))?;
        serde_json::from_value(value).with_context(|| format!("parsing {}", path.display()))
    }

    pub fn validate(&self) -> anyhow::Result<()> {
        self.model.validate()?;
        let d = &self.discriminator;
        anyhow::ensure!(d.pixel || d.vgg.is_some(), "discriminator: the pixel one is off and no vgg one is configured");
        if d.pixel {
            anyhow::ensure!(d.scales >= 1 && d.width >= 1 && d.layers >= 1, "discriminator: scales, width and layers must be at least 1");
        }
        // 0 is allowed: it freezes the networks while BatchNorm's running statistics still move.
        for (name, rate) in [("lr_generator", self.lr_generator), ("lr_discriminator", self.lr_discriminator)] {
            anyhow::ensure!(rate.is_finite() && rate >= 0.0, "{name} must be 0 or more, got {rate}");
        }
        for (name, beta) in [("beta1", self.beta1), ("beta2", self.beta2)] {
            anyhow::ensure!((0.0..1.0).contains(&beta), "{name} must be in [0, 1), got {beta}");
        }
        anyhow::ensure!(
            self.weight_decay.is_finite() && self.weight_decay >= 0.0,
            "weight_decay must be 0 or more, got {}",
            self.weight_decay
        );
        let min_side = if d.pixel { 1usize << (d.layers + d.scales - 1) } else { 0 };
        anyhow::ensure!(self.batch_size >= 2, "batch_size must be at least 2 (BatchNorm needs batch statistics)");
        anyhow::ensure!(
            self.crop as usize >= 4 * self.model.size_multiple(),
            "crop {} is too small: the network needs at least {} px",
            self.crop,
            4 * self.model.size_multiple()
        );
        anyhow::ensure!(self.crop as usize % self.model.size_multiple() == 0, "crop must be a multiple of {}", self.model.size_multiple());
        // What the discriminators judge: the crop, or the window of it the objective shows them.
        let critic_side = match self.objective.critic_window {
            Some(side) => {
                anyhow::ensure!(side >= 1 && side <= self.crop, "objective.critic_window {side} must be 1 to the crop's {} px", self.crop);
                side
            }
            None => self.crop,
        };
        anyhow::ensure!(
            critic_side as usize >= min_side,
            "the discriminators' view ({critic_side} px) is too small for the pixel discriminator ({} scales x {} layers need {min_side})",
            self.discriminator.scales,
            self.discriminator.layers
        );
        if let Some(side) = self.objective.style_window {
            let stride = self.model.content_stride() as u32;
            anyhow::ensure!(
                side >= stride && side <= self.crop && side % stride == 0,
                "objective.style_window {side} must be a multiple of {stride} px (one VGG cell) from {stride} to the crop's {} px",
                self.crop
            );
        }
        if let Some(max) = self.resize_max {
            anyhow::ensure!(max >= self.resize, "resize_max {max} is below resize {}: the range would be empty", self.resize);
        }
        let cells = self.crop as usize / self.model.content_stride();
        anyhow::ensure!(
            self.objective.view_shift + 2 <= cells,
            "objective.view_shift {} leaves too few shared cells in a {}-cell crop",
            self.objective.view_shift,
            cells
        );
        anyhow::ensure!(self.steps > 0 && self.checkpoint_every > 0 && self.sample_every > 0, "steps and intervals must be positive");
        anyhow::ensure!(
            self.readback_every > 0 && self.checkpoint_every % self.readback_every == 0,
            "readback_every ({}) must divide checkpoint_every ({})",
            self.readback_every,
            self.checkpoint_every
        );
        if let Some(vgg) = &d.vgg {
            vgg.validate(critic_side)?;
        }
        self.objective.validate(critic_side)?;
        Ok(())
    }
}
