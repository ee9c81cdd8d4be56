//! The training loop: data -> generator step -> discriminator step, with a progress bar, a JSONL log of
//! every loss, a PNG grid of translations every `sample_every` steps, atomic checkpoints every
//! `checkpoint_every` steps, `--resume`, and a hard stop on a non-finite loss.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use ace::weights::vgg_import::{default_vgg_path, import_vgg};
use ace::{Ace, Translator};
use anyhow::{Context, Result, bail, ensure};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams, ModuleOptimizer};
use burn::optim::decay::WeightDecayConfig;
use burn::tensor::{Device, Tensor, TensorData};
use image::RgbImage;
use indicatif::{ProgressBar, ProgressStyle};
use rand_chacha::ChaCha8Rng;
use rand_core::SeedableRng;

use super::checkpoint::{self, CheckpointState};
use super::config::TrainConfig;
use super::data::{Augment, PhotoFolder, Position};
use super::discriminator::MultiScaleDiscriminatorConfig;
use super::objective::{discriminator_loss, fine_tune_losses, generator_losses};

/// Fine-tuning instead of pretraining: `data` is then the target domain (styles, real images).
pub struct FineTune<'a> {
    /// Photos of the source domain (content).
    pub source: &'a Path,
    /// The pretrained weights file to start from (its config replaces `config.model`).
    pub init: &'a Path,
}

pub struct TrainRun<'a> {
    pub config: TrainConfig,
    pub data: &'a Path,
    pub fine_tune: Option<FineTune<'a>>,
    /// Checkpoints, `log.jsonl` and sample grids go here.
    pub out: &'a Path,
    pub resume: bool,
    /// Start a new run from this checkpoint (or run folder's latest): its networks and optimiser
    /// moments under this run's config, with the step, data order and RNG starting afresh. A
    /// curriculum stage, e.g. the same model trained on at another photo scale. `--resume` wins once
    /// the new run has its own checkpoint.
    pub init_from: Option<&'a Path>,
    /// Stop (with a checkpoint) after this many steps in this invocation; for tests and time boxes.
    pub max_steps_now: Option<u64>,
    /// Stop (with a checkpoint) after the first step that ends this many minutes after the start of
    /// this invocation: a wall-clock box for a lent GPU, however fast it turns out to be.
    pub max_minutes: Option<f64>,
    pub vgg: Option<PathBuf>,
    /// Photos translated in the sample grids (default: the first four training photos).
    pub grid_inputs: Vec<PathBuf>,
    pub show_progress: bool,
    /// Where to compute (a plain device; the trainer wraps it with autodiff).
    pub device: Device,
}

pub struct TrainSummary {
    pub step: u64,
    pub generator: Ace,
    pub last_checkpoint: Option<PathBuf>,
}

fn adam(config: &TrainConfig) -> ModuleOptimizer {
    AdamConfig::new()
        .with_beta_1(config.beta1)
        .with_beta_2(config.beta2)
        .with_epsilon(1e-8)
        .with_weight_decay(Some(WeightDecayConfig::new(config.weight_decay)))
        .init()
}

fn discriminator_config(config: &TrainConfig) -> MultiScaleDiscriminatorConfig {
    MultiScaleDiscriminatorConfig::new()
        .with_scales(config.discriminator.scales)
        .with_width(config.discriminator.width)
        .with_layers(config.discriminator.layers)
}

/// Runs (or resumes) a pretraining run, or a fine-tuning run when `run.fine_tune` is set.
pub fn pretrain(run: TrainRun<'_>) -> Result<TrainSummary> {
    if let Some(minutes) = run.max_minutes {
        ensure!(minutes.is_finite() && minutes > 0.0, "--max-minutes must be a positive number, got {minutes}");
    }
    ensure!(run.init_from.is_none() || run.fine_tune.is_none(), "--init-from is for pretraining; a fine-tune starts from --init");
    std::fs::create_dir_all(run.out).with_context(|| format!("creating {}", run.out.display()))?;
    let plain = run.device.clone();
    let device = plain.clone().autodiff();
    let checkpoints = run.out.join("checkpoints");

    let resume_from = if run.resume { checkpoint::latest(&checkpoints)? } else { None };
    let config = match &resume_from {
        Some(path) => {
            // The checkpoint's config, except where to stop: this invocation's (its file or --steps).
            let mut config = checkpoint::read_state(path)?.config;
            config.steps = run.config.steps;
            if config != run.config {
                eprintln!("note: resuming with the checkpoint's own config (it differs from the one given)");
            }
            config
        }
        None => {
            let mut config = run.config.clone();
            if let Some(fine_tune) = &run.fine_tune {
                let bytes = std::fs::read(fine_tune.init).with_context(|| format!("reading {}", fine_tune.init.display()))?;
                config.model = ace::weights::file::read_config(&bytes)?;
            }
            config
        }
    };
    config.validate()?;
    let source_folder = match &run.fine_tune {
        Some(fine_tune) => Some(PhotoFolder::open(
            fine_tune.source,
            Augment { resize: config.resize, crop: config.crop, flip: config.flip },
            config.seed ^ 0x5EED_50C3,
        )?),
        None => None,
    };
    let folder = PhotoFolder::open(
        run.data,
        Augment { resize: config.resize, crop: config.crop, flip: config.flip },
        config.seed,
    )?;

    plain.seed(config.seed);
    let fresh_generator = match &run.fine_tune {
        Some(fine_tune) => ace::weights::load_file(fine_tune.init, &plain)?.1,
        None => {
            let mut model = config.model.init(&plain);
            let vgg = run.vgg.clone().unwrap_or_else(default_vgg_path);
            import_vgg(&mut model.vgg, &vgg).with_context(|| format!("importing VGG-19 from {}", vgg.display()))?;
            if config.objective.fixed_projection {
                // Frozen like VGG: the flag travels with the parameters through checkpoints.
                model.content_encoder.reduce = model.content_encoder.reduce.map(|conv| conv.freeze());
                // Not `freeze()`: a frozen BatchNorm normalises with its running statistics, and this one
                // must keep normalising the raw VGG scale (hundreds) with batch statistics in training.
                let norm = &mut model.content_encoder.input_norm;
                norm.gamma = norm.gamma.clone().set_require_grad(false);
                norm.beta = norm.beta.clone().set_require_grad(false);
            }
            model
        }
    };
    // Fine-tuning keeps the content path as pretrained (it has no contrastive term to hold it).
    let freeze_content = |mut model: Ace| {
        if run.fine_tune.is_some() {
            model.content_encoder = model.content_encoder.freeze();
            model.predictor = model.predictor.freeze();
        }
        model
    };
    let fresh_discriminator = discriminator_config(&config).init(&plain);

    let (mut generator, mut discriminator, mut optim_g, mut optim_d, mut step, mut position, mut source_position, mut rng) =
        match (&resume_from, run.init_from) {
            (Some(path), _) => {
                let ck = checkpoint::load(path, fresh_generator.fork(&device).train(), fresh_discriminator.fork(&device).train(), adam(&config), adam(&config))?;
                let mut rng = ChaCha8Rng::from_seed(ck.state.rng_seed);
                rng.set_word_pos(ck.state.rng_word_pos);
                println!("resuming from {} (step {})", path.display(), ck.state.step);
                let source = ck.state.source_data.unwrap_or_default();
                (freeze_content(ck.generator), ck.discriminator, ck.optim_generator, ck.optim_discriminator, ck.state.step, ck.state.data, source, rng)
            }
            (None, Some(from)) => {
                let path = match checkpoint::latest(&from.join("checkpoints"))? {
                    Some(latest) => latest,
                    None => from.to_path_buf(),
                };
                // The shapes first: loading another model's record would only say "corrupt".
                let state = checkpoint::read_state(&path)?;
                ensure!(
                    state.config.model == config.model && state.config.discriminator == config.discriminator,
                    "--init-from {}: its networks ({:?}, {:?}) differ from this config's ({:?}, {:?})",
                    path.display(), state.config.model, state.config.discriminator, config.model, config.discriminator
                );
                let ck = checkpoint::load(&path, fresh_generator.fork(&device).train(), fresh_discriminator.fork(&device).train(), adam(&config), adam(&config))?;
                println!("starting from {} (its step {}) under this config", path.display(), ck.state.step);
                (ck.generator, ck.discriminator, ck.optim_generator, ck.optim_discriminator, 0, Position::default(), Position::default(), ChaCha8Rng::seed_from_u64(config.seed))
            }
            (None, None) => {
                // Data-dependent init of the BatchNorm statistics on the first batch's photos (not
                // consumed: training starts from position 0). A fine-tune keeps the pretrained ones.
                let generator = if run.fine_tune.is_some() {
                    fresh_generator
                } else {
                    let first = folder.batch(Position::default(), config.batch_size, config.loader_threads);
                    ace::nn::calibrate::calibrate_batch_norm(fresh_generator, to_tensor(&first.pixels, first.size, config.crop, &plain), &plain)
                };
                (
                    // Calibration hands back an inference-mode module: `train` restores gradients
                    // (VGG stays frozen: its `no_grad` is part of the configured state).
                    freeze_content(generator.fork(&device).train()),
                    fresh_discriminator.fork(&device).train(),
                    adam(&config),
                    adam(&config),
                    0,
                    Position::default(),
                    Position::default(),
                    ChaCha8Rng::seed_from_u64(config.seed),
                )
            }
        };

    let grid_inputs = if run.grid_inputs.is_empty() {
        crate::photos::list_images(run.fine_tune.as_ref().map_or(run.data, |f| f.source), 4)?
    } else {
        run.grid_inputs.clone()
    };
    let log_path = run.out.join("log.jsonl");
    if resume_from.is_some() {
        truncate_log(&log_path, step)?;
    }
    let mut log = std::fs::OpenOptions::new().create(true).append(true).open(&log_path)?;
    let mut end = match run.max_steps_now {
        Some(n) => (step + n).min(config.steps),
        None => config.steps,
    };
    let progress = if run.show_progress { ProgressBar::new(config.steps) } else { ProgressBar::hidden() };
    progress.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed_precise} < {eta_precise}] {msg}")
            .expect("valid template"),
    );
    progress.set_position(step);
    let batches = folder.prefetch(position, config.batch_size, config.loader_threads);
    let source_batches = source_folder.as_ref().map(|f| f.prefetch(source_position, config.batch_size, config.loader_threads));
    let started = Instant::now();
    let first_step = step;
    let mut last_checkpoint = None;

    while step < end {
        let batch = batches.recv().context("the data loader stopped")?;
        let x = to_tensor(&batch.pixels, batch.size, config.crop, &device);
        let losses = match &source_batches {
            Some(source_batches) => {
                let source = source_batches.recv().context("the source data loader stopped")?;
                source_position = source.next;
                let source = to_tensor(&source.pixels, source.size, config.crop, &device);
                fine_tune_losses(&generator, &discriminator, source, x.clone(), &mut rng, &config.objective)
            }
            None => generator_losses(&generator, &discriminator, x.clone(), &mut rng, &config.objective),
        };
        // One readback for all five terms (each separate read would be a device sync).
        let read = Tensor::cat(
            vec![
                losses.contrastive.clone(),
                losses.content.clone(),
                losses.style.clone(),
                losses.reconstruction.clone(),
                losses.gan.clone(),
            ],
            0,
        )
        .detach()
        .into_data()
        .try_to_vec::<f32>()
        .map_err(|e| anyhow::anyhow!("reading the losses: {e:?}"))?;
        let values = [
            ("contrastive", read[0]),
            ("content", read[1]),
            ("style", read[2]),
            ("reconstruction", read[3]),
            ("gan", read[4]),
        ];
        for (name, value) in values {
            if !value.is_finite() {
                progress.abandon();
                bail!(
                    "step {}: the {name} loss is {value}; stopping. The last good checkpoint is {}",
                    step + 1,
                    last_good(&checkpoints)
                );
            }
        }
        let grads = GradientsParams::from_grads(losses.total.backward(), &generator);
        generator = optim_g.step(config.lr_generator, generator, grads);
        let d_loss = discriminator_loss(&discriminator, x, losses.fakes);
        let d_value = scalar(&d_loss);
        if !d_value.is_finite() {
            progress.abandon();
            bail!("step {}: the discriminator loss is {d_value}; stopping. The last good checkpoint is {}", step + 1, last_good(&checkpoints));
        }
        let grads = GradientsParams::from_grads(d_loss.backward(), &discriminator);
        discriminator = optim_d.step(config.lr_discriminator, discriminator, grads);
        step += 1;
        position = batch.next;

        let elapsed = started.elapsed().as_secs_f64();
        if run.max_minutes.is_some_and(|minutes| elapsed >= minutes * 60.0) {
            end = step; // the checkpoint below is written, and the loop ends
        }
        let done_now = (step - first_step) as f64;
        let images_per_s = done_now * config.batch_size as f64 / elapsed.max(1e-9);
        let mut line = serde_json::json!({ "step": step, "discriminator": d_value, "images_per_s": images_per_s, "elapsed_s": elapsed });
        for (name, value) in values {
            line[name] = serde_json::json!(value);
        }
        writeln!(log, "{line}")?;
        progress.set_position(step);
        progress.set_message(format!(
            "rec {:.3} ctr {:.3} gan {:.3} D {:.3} | {:.1} img/s",
            values[3].1, values[0].1, values[4].1, d_value, images_per_s
        ));

        if step % config.sample_every == 0 || step == config.steps {
            let grid = sample_grid(&generator, &config, &grid_inputs, &plain)?;
            let path = run.out.join(format!("samples-step-{step:08}.png"));
            grid.save(&path)?;
        }
        if step % config.checkpoint_every == 0 || step == end {
            let state = CheckpointState {
                step,
                data: position,
                source_data: source_folder.as_ref().map(|_| source_position),
                rng_seed: rng.get_seed(),
                rng_word_pos: rng.get_word_pos(),
                config: config.clone(),
            };
            // Settles pending BatchNorm / spectral-norm state updates before they are recorded.
            let _ = generator.valid();
            let _ = discriminator.valid();
            last_checkpoint = Some(checkpoint::save(&checkpoints, &state, &generator, &discriminator, &optim_g, &optim_d)?);
        }
    }
    progress.finish();
    Ok(TrainSummary { step, generator: generator.valid(), last_checkpoint })
}

/// Steps logged after the checkpoint we resume from were lost with the interrupted run: drop them so
/// the log holds each step once.
fn truncate_log(path: &Path, step: u64) -> Result<()> {
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(()) };
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|v| v["step"].as_u64())
                .is_some_and(|s| s <= step)
        })
        .collect();
    let tmp = path.with_extension("jsonl.tmp");
    std::fs::write(&tmp, kept.iter().map(|l| format!("{l}\n")).collect::<String>())?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

fn last_good(dir: &Path) -> String {
    match checkpoint::latest(dir) {
        Ok(Some(path)) => path.display().to_string(),
        _ => "none yet".to_string(),
    }
}

fn scalar(t: &Tensor<1>) -> f32 {
    t.clone().into_scalar::<f32>()
}

fn to_tensor(pixels: &[f32], batch: usize, side: u32, device: &Device) -> Tensor<4> {
    let s = side as usize;
    Tensor::from_data(TensorData::new(pixels.to_vec(), [batch, 3, s, s]), device)
}

/// Each grid photo, then its translations with seeds 0..4 (no style image: the domain code plus the
/// seed's noise), at the training resolution.
fn sample_grid(generator: &Ace, config: &TrainConfig, inputs: &[PathBuf], device: &Device) -> Result<RgbImage> {
    let translator = Translator::new(generator.valid().to_device(device), config.model.clone(), device.clone());
    let photos = inputs
        .iter()
        .map(|p| Ok(image::open(p).with_context(|| format!("reading {}", p.display()))?.into_rgb8()))
        .collect::<Result<Vec<_>>>()?;
    crate::grid::translation_grid(&translator, &photos, &[None], &[0, 1, 2, 3], config.crop)
}
