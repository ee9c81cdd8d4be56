//! Everything a training run carries from one step to the next, and the ways a run starts (`Start`):
//! fresh, resumed from its own checkpoint, from another run's checkpoint (a new stage under a new
//! config), or from an exported weights file (the generator only: a lost run folder costs the
//! discriminator and the optimiser moments, not the model).

use std::path::{Path, PathBuf};

use ace::Ace;
use ace::weights::vgg_import::import_vgg;
use anyhow::{Context, Result, ensure};
use burn::module::Module;
use burn::optim::decay::WeightDecayConfig;
use burn::optim::{AdamConfig, ModuleOptimizer};
use burn::tensor::{Device, Tensor};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use super::checkpoint::{self, Checkpoint, CheckpointState, Parts};
use super::config::TrainConfig;
use super::data::Position;
use super::discriminators::{self, Discriminators};
use super::ema::Ema;
use super::finite;

pub struct TrainState {
    pub config: TrainConfig,
    /// On the autodiff device, in training mode.
    pub generator: Ace,
    pub discriminators: Discriminators,
    pub optim_generator: ModuleOptimizer,
    pub optim_discriminators: ModuleOptimizer,
    pub ema: Option<Ema>,
    /// Steps done.
    pub step: u64,
    /// Where the next batch of (target-domain) photos starts.
    pub data: Position,
    /// Fine-tuning only: where the next batch of source-domain photos starts.
    pub source_data: Option<Position>,
    /// The host-side stream every random choice of the objective draws from.
    pub rng: ChaCha8Rng,
}

/// What every way of starting needs besides the config.
pub struct Setup<'a> {
    /// The plain device (the state lives on its autodiff twin).
    pub device: &'a Device,
    /// The VGG-19 source file, for networks that start fresh.
    pub vgg: &'a Path,
    /// Fine-tuning: the content encoder and predictor stay frozen, and positions cover two folders.
    pub fine_tune: bool,
    /// A real batch, for the data-dependent initialisations (BatchNorm statistics, the VGG
    /// discriminator's projection scales); not consumed.
    pub first_batch: Tensor<4>,
}

fn adam(config: &TrainConfig) -> ModuleOptimizer {
    AdamConfig::new()
        .with_beta_1(config.beta1)
        .with_beta_2(config.beta2)
        .with_epsilon(1e-8)
        .with_weight_decay(Some(WeightDecayConfig::new(config.weight_decay)))
        .init()
}

/// A generator of the config's shape with what the config keeps fixed frozen; VGG imported when given.
fn new_generator(config: &TrainConfig, vgg: Option<&Path>, device: &Device) -> Result<Ace> {
    let mut model = config.model.init(device);
    if let Some(vgg) = vgg {
        import_vgg(&mut model.vgg, vgg).with_context(|| format!("importing VGG-19 from {}", vgg.display()))?;
    }
    Ok(freeze_fixed(model, config))
}

/// `fixed_projection`: the content encoder's 1x1 reduction stays at its initialisation, like VGG.
fn freeze_fixed(mut model: Ace, config: &TrainConfig) -> Ace {
    if config.objective.fixed_projection {
        model.content_encoder.reduce = model.content_encoder.reduce.map(|conv| conv.freeze());
        // Not `freeze()`: a frozen BatchNorm normalises with its running statistics, and this one
        // must keep normalising the raw VGG scale (hundreds) with batch statistics in training.
        let norm = &mut model.content_encoder.input_norm;
        norm.gamma = norm.gamma.clone().set_require_grad(false);
        norm.beta = norm.beta.clone().set_require_grad(false);
    }
    model
}

/// Fine-tuning keeps the content path as pretrained (it has no contrastive term to hold it).
fn freeze_content(mut model: Ace, fine_tune: bool) -> Ace {
    if fine_tune {
        model.content_encoder = model.content_encoder.freeze();
        model.predictor = model.predictor.freeze();
    }
    model
}

/// Fresh discriminators with their VGG imported and projections calibrated on real photos.
fn new_discriminators(config: &TrainConfig, setup: &Setup) -> Result<Discriminators> {
    let mut d = discriminators::init(&config.discriminator, setup.device);
    if let Some(vgg) = d.vgg.take() {
        let mut vgg = vgg;
        import_vgg(&mut vgg.vgg, setup.vgg).with_context(|| format!("importing VGG-19 from {}", setup.vgg.display()))?;
        d.vgg = Some(vgg.calibrate(setup.first_batch.clone()));
    }
    Ok(d)
}

impl TrainState {
    /// Step 0 from these (plain-device) networks, with fresh optimisers and the config's seed.
    fn begin(config: TrainConfig, generator: Ace, discriminators: Discriminators, setup: &Setup) -> Self {
        let autodiff = setup.device.clone().autodiff();
        // Calibrated modules come back in inference mode: `train` restores gradients (frozen parts
        // keep their `no_grad`, which is part of their configured state).
        let generator = freeze_content(generator.fork(&autodiff).train(), setup.fine_tune);
        let ema = config.ema.then(|| Ema::new(&generator));
        TrainState {
            optim_generator: adam(&config),
            optim_discriminators: adam(&config),
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            generator,
            discriminators: discriminators.fork(&autodiff).train(),
            ema,
            step: 0,
            data: Position::default(),
            source_data: setup.fine_tune.then(Position::default),
            config,
        }
    }

    /// A new run: networks initialised from the config's seed, VGG imported, BatchNorm statistics
    /// calibrated on the first batch (not consumed). `generator` replaces the fresh generator when
    /// given (fine-tuning starts from a weights file and keeps its statistics).
    pub fn fresh(config: TrainConfig, generator: Option<Ace>, setup: &Setup) -> Result<Self> {
        setup.device.seed(config.seed);
        let generator = match generator {
            Some(generator) => generator,
            None => {
                let model = new_generator(&config, Some(setup.vgg), setup.device)?;
                ace::nn::calibrate::calibrate_batch_norm(model, setup.first_batch.clone(), setup.device)
            }
        };
        let discriminators = new_discriminators(&config, setup)?;
        Ok(Self::begin(config, generator, discriminators, setup))
    }

    /// A new run whose generator is an exported weights file's (its statistics kept, what the config
    /// freezes frozen again), with fresh discriminators and optimisers.
    pub fn from_weights(config: TrainConfig, weights: &Path, setup: &Setup) -> Result<Self> {
        let mut generator = ace::weights::load_file(weights, setup.device)?;
        // A file's upscaler (the shipped one has one) was trained on what its generator draws; this run
        // changes that, so it is not carried into the run (`ace train-upscaler` trains one for the result).
        if generator.upscaler.take().is_some() {
            generator.config.upscaler = None;
            println!("note: {}'s upscaler is not carried into the run: train one for its result with `ace train-upscaler`", weights.display());
        }
        ensure!(
            generator.config.same_parameters(&config.model),
            "--init-weights {}: its network ({:?}) differs from this config's ({:?})",
            weights.display(),
            generator.config,
            config.model
        );
        // The config's bottleneck, which may differ from the file's (it has no parameters).
        generator.config = config.model.clone();
        setup.device.seed(config.seed);
        let discriminators = new_discriminators(&config, setup)?;
        Ok(Self::begin(config.clone(), freeze_fixed(generator, &config), discriminators, setup))
    }

    /// Empty networks of the config's shape (weights to be loaded from a checkpoint); for a packed
    /// checkpoint, the discriminator's VGG imported (the file leaves it out).
    fn structure(config: &TrainConfig, setup: &Setup, packed: bool) -> Result<Checkpoint> {
        let autodiff = setup.device.clone().autodiff();
        let generator = freeze_fixed(config.model.init(setup.device), config).fork(&autodiff).train();
        let mut discriminators = discriminators::init(&config.discriminator, setup.device);
        if packed {
            checkpoint::import_discriminator_vgg(&mut discriminators, setup.vgg)?;
        }
        Ok(Checkpoint {
            state: None,
            ema: Some(generator.valid()),
            generator,
            discriminators: discriminators.fork(&autodiff).train(),
            optim_generator: adam(config),
            optim_discriminators: adam(config),
        })
    }

    /// Continues the run whose checkpoint this is, bit for bit; `steps` is this invocation's target.
    pub fn resume(path: &Path, steps: u64, setup: &Setup) -> Result<Self> {
        let saved = checkpoint::read_state(path)?;
        let (kind, other) = if saved.is_fine_tune() { ("fine-tuning", "ace fine-tune") } else { ("pretraining", "ace pretrain") };
        ensure!(
            saved.is_fine_tune() == setup.fine_tune,
            "{} holds a {kind} run: resume it with `{other} --resume`, or give this run its own --out",
            path.display()
        );
        let mut config = saved.config;
        config.steps = steps;
        config.validate()?;
        let ck = checkpoint::load(path, Self::structure(&config, setup, saved.packed)?)?;
        ensure!(!config.ema || ck.ema.is_some(), "checkpoint {} keeps a moving average but has no ema.bpk", path.display());
        let state = ck.state.expect("a loaded checkpoint has its state");
        let mut rng = ChaCha8Rng::from_seed(state.rng_seed);
        rng.set_word_pos(state.rng_word_pos);
        let generator = freeze_content(ck.generator, setup.fine_tune);
        let packed = if state.packed { ", packed: the optimiser moments start afresh" } else { "" };
        println!("resuming from {} (step {}{packed})", path.display(), state.step);
        Ok(TrainState {
            ema: ck.ema.map(|model| Ema::with_model(model, &generator)),
            generator,
            discriminators: ck.discriminators,
            optim_generator: ck.optim_generator,
            optim_discriminators: ck.optim_discriminators,
            step: state.step,
            data: state.data,
            source_data: setup.fine_tune.then(|| state.source_data.unwrap_or_default()),
            rng,
            config,
        })
    }

    /// A new stage: another run's networks and optimiser moments (and average) under this config,
    /// with the step, data order and random stream starting afresh.
    pub fn init_from(config: TrainConfig, from: &Path, setup: &Setup) -> Result<Self> {
        let path = match checkpoint::latest(&from.join("checkpoints"))? {
            Some(latest) => latest,
            None => from.to_path_buf(),
        };
        // The shapes first: loading another model's record would only say "corrupt".
        let saved = checkpoint::read_state(&path)?;
        let theirs = &saved.config;
        ensure!(
            theirs.model.same_parameters(&config.model) && theirs.discriminator == config.discriminator,
            "--init-from {}: its networks ({:?}, {:?}) differ from this config's ({:?}, {:?})",
            path.display(),
            theirs.model,
            theirs.discriminator,
            config.model,
            config.discriminator
        );
        let ck = checkpoint::load(&path, Self::structure(&config, setup, saved.packed)?)?;
        println!("starting from {} (its step {}) under this config", path.display(), ck.state.as_ref().map_or(0, |s| s.step));
        let ema = config.ema.then(|| match ck.ema {
            Some(model) => Ema::with_model(model, &ck.generator),
            None => Ema::new(&ck.generator),
        });
        Ok(TrainState {
            generator: ck.generator,
            discriminators: ck.discriminators,
            optim_generator: ck.optim_generator,
            optim_discriminators: ck.optim_discriminators,
            ema,
            step: 0,
            data: Position::default(),
            source_data: None,
            rng: ChaCha8Rng::seed_from_u64(config.seed),
            config,
        })
    }

    /// The generator to show and ship: the average when the run keeps one, on the plain device.
    pub fn shipped_generator(&self) -> Ace {
        match &self.ema {
            Some(ema) => ema.model.clone(),
            None => self.generator.valid(),
        }
    }

    /// The networks whose weights hold a NaN or an infinity (none, in a healthy run).
    pub fn non_finite_networks(&self) -> Vec<&'static str> {
        let mut bad = Vec::new();
        if !finite::all_finite(&self.generator.valid()) {
            bad.push("generator");
        }
        if !finite::all_finite(&self.discriminators.valid()) {
            bad.push("discriminators");
        }
        if self.ema.as_ref().is_some_and(|ema| !finite::all_finite(&ema.model)) {
            bad.push("moving average");
        }
        bad
    }

    /// Writes an atomic checkpoint of everything above; returns its folder.
    pub fn save_checkpoint(&self, dir: &Path) -> Result<PathBuf> {
        let state = CheckpointState {
            step: self.step,
            data: self.data,
            source_data: self.source_data,
            rng_seed: self.rng.get_seed(),
            rng_word_pos: self.rng.get_word_pos(),
            config: self.config.clone(),
            files: Default::default(),
            packed: false,
        };
        // Settles pending BatchNorm / spectral-norm state updates before they are recorded.
        let _ = self.generator.valid();
        let _ = self.discriminators.valid();
        checkpoint::save(
            dir,
            &state,
            Parts {
                generator: &self.generator,
                discriminators: &self.discriminators,
                optim_generator: &self.optim_generator,
                optim_discriminators: &self.optim_discriminators,
                ema: self.ema.as_ref().map(|ema| &ema.model),
            },
        )
    }
}
