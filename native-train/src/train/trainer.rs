//! The training loop: data -> `TrainState::step` -> log, with a progress bar, a PNG grid of
//! translations every `sample_every` steps, atomic checkpoints every `checkpoint_every` steps,
//! `--resume`, and a hard stop on a non-finite loss.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Receiver;
use std::time::Instant;

use ace::weights::vgg_import::default_vgg_path;
use ace::{Ace, Translator};
use anyhow::{Context, Result, bail, ensure};
use burn::module::Module;
use burn::tensor::{Device, Tensor, TensorData};
use image::RgbImage;
use indicatif::{ProgressBar, ProgressStyle};

use super::checkpoint;
use super::config::TrainConfig;
use super::data::{Augment, Batch, PhotoFolder, Position};
use super::loss_log::{LossLog, NonFinite};
use super::start::Start;
use super::state::{Setup, TrainState};

pub struct TrainRun<'a> {
    pub config: TrainConfig,
    /// Whether `config` came from the user (a `--config` file) rather than the defaults: a resumed run
    /// refuses a given config that differs from its own, instead of quietly training under its own.
    pub config_given: bool,
    /// Whether `config.steps` was asked for (a `--config` file or `--steps`): a resumed run then stops
    /// there; otherwise it keeps the step its checkpoint was started to reach (a plain `--resume` does
    /// not cut a 20,000-step run short at the default's 10,000).
    pub steps_given: bool,
    /// The training photos: the target domain (styles, real images).
    pub data: &'a Path,
    /// How the run begins when `resume` finds no checkpoint of its own.
    pub start: Start<'a>,
    /// Checkpoints, `log.jsonl` and sample grids go here.
    pub out: &'a Path,
    /// Continue from the latest checkpoint in `out`, whichever way the run began.
    pub resume: bool,
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
    /// The live generator (plain device).
    pub generator: Ace,
    /// What the run ships: its moving average when it keeps one, else the live generator.
    pub shipped: Ace,
    pub last_checkpoint: Option<PathBuf>,
}

/// Trains a pretraining run, or a fine-tuning run when it starts as one, from wherever it starts.
pub fn train(run: TrainRun<'_>) -> Result<TrainSummary> {
    check(&run)?;
    // A config that would be refused leaves no run folder behind.
    run.config.validate()?;
    std::fs::create_dir_all(run.out).with_context(|| format!("creating {}", run.out.display()))?;
    let checkpoints = run.out.join("checkpoints");
    check_folder(&run, &checkpoints)?;
    let resume_from = if run.resume { checkpoint::latest(&checkpoints)? } else { None };
    let config = effective_config(&run, resume_from.as_deref())?;
    let (folder, source_folder) = open_folders(&run, &config)?;
    let mut state = start(&run, config, resume_from.as_deref(), &folder)?;
    let config = state.config.clone();
    if run.show_progress {
        // What this run trains under, after a resume's checkpoint or a fine-tune's weights file had their say.
        println!("config: {}", serde_json::to_string(&config)?);
    }
    let grid_inputs = match run.grid_inputs.is_empty() {
        true => crate::photos::first_readable(run.start.fine_tune_source().unwrap_or(run.data), 4)?,
        false => run.grid_inputs.clone(),
    };
    // The log keeps the steps up to where this run starts: all of them on a resume, none when a run
    // that never wrote a checkpoint starts again from step 0.
    let mut log = LossLog::open(&run.out.join("log.jsonl"), Some(state.step))?;
    let mut end = run.max_steps_now.map_or(config.steps, |n| (state.step + n).min(config.steps));
    let progress = progress_bar(run.show_progress, config.steps, state.step);
    let batches = folder.prefetch(state.data, config.batch_size, config.loader_threads);
    let sources = source_folder.map(|f| f.prefetch(state.source_data.unwrap_or_default(), config.batch_size, config.loader_threads));
    let (clock, first_step, mut last_checkpoint) = (Instant::now(), state.step, None);

    while state.step < end {
        let (real, source) = next_batches(&batches, sources.as_ref(), &mut state, &run.device)?;
        let losses = state.step(real, source);
        let elapsed = clock.elapsed().as_secs_f64();
        if run.max_minutes.is_some_and(|minutes| elapsed >= minutes * 60.0) || super::interrupt::asked() {
            end = state.step; // the checkpoint below is written, and the loop ends
        }
        let images_per_s = ((state.step - first_step) * config.batch_size as u64) as f64 / elapsed.max(1e-9);
        log.push(state.step, elapsed, images_per_s, losses);
        let checkpoint_due = state.step % config.checkpoint_every == 0 || state.step == end;
        if state.step % config.readback_every == 0 || checkpoint_due {
            let values = check_finite(log.flush()?, &checkpoints, &progress)?;
            show(&progress, state.step, values.as_deref(), images_per_s);
        }
        if state.step % config.sample_every == 0 || state.step == config.steps {
            let grid = sample_grid(&state.shipped_generator(), &config, &grid_inputs, &run.device)?;
            ace::atomic_file::write_image(&run.out.join(format!("samples-step-{:08}.png", state.step)), &grid)?;
        }
        if checkpoint_due {
            last_checkpoint = Some(save_if_finite(&state, &checkpoints, &progress)?);
        }
    }
    progress.finish();
    Ok(TrainSummary { step: state.step, generator: state.generator.valid(), shipped: state.shipped_generator(), last_checkpoint })
}

/// One run folder holds one run. A new run (no `--resume`) refuses a folder that has a checkpoint or a
/// log (its own checkpoints would sort below the old ones and be pruned); `--resume` with no checkpoint
/// to continue says that it starts at step 0, since a mistyped `--out` looks just like that.
fn check_folder(run: &TrainRun, checkpoints: &Path) -> Result<()> {
    let latest = checkpoint::latest(checkpoints)?;
    let log = run.out.join("log.jsonl");
    let logged = std::fs::metadata(&log).is_ok_and(|m| m.len() > 0);
    match (run.resume, latest) {
        (false, Some(path)) => bail!(
            "{} already holds a run (latest checkpoint {}): --resume continues it; a new run needs a new --out",
            run.out.display(),
            path.display()
        ),
        (false, None) if logged => bail!(
            "{} already holds a run's log ({}): --resume starts it again, or a new run needs a new --out",
            run.out.display(),
            log.display()
        ),
        (true, None) => {
            let replaced = if logged { "; its log.jsonl, from before any checkpoint, starts again" } else { "" };
            eprintln!("note: no checkpoint in {} to resume: starting at step 0{replaced}", checkpoints.display());
        }
        _ => {}
    }
    Ok(())
}

fn check(run: &TrainRun) -> Result<()> {
    if let Some(minutes) = run.max_minutes {
        ensure!(minutes.is_finite() && minutes > 0.0, "--max-minutes must be a positive number, got {minutes}");
    }
    Ok(())
}

/// The config the run trains under: a resumed run keeps its checkpoint's (where to stop too, unless
/// this invocation says), a fine-tune takes its model shape from the weights file it starts from.
fn effective_config(run: &TrainRun, resume_from: Option<&Path>) -> Result<TrainConfig> {
    let mut given = run.config.clone();
    if let Start::FineTune { weights, .. } = run.start {
        let bytes = ace::input_file::read(weights).with_context(|| format!("reading {}", weights.display()))?;
        given.model = ace::weights::file::read_config(&bytes)?;
    }
    let config = match resume_from {
        Some(path) => {
            let mut saved = checkpoint::read_state(path)?.config;
            if run.steps_given {
                saved.steps = given.steps;
            }
            if run.config_given && saved != given {
                bail!(
                    "{} was started under another config (it differs in {}): resume without --config, or with the run's own (in {})",
                    run.out.display(),
                    differing_settings(&saved, &given).join(", "),
                    path.join("state.json").display()
                );
            }
            saved
        }
        None => given,
    };
    config.validate()?;
    Ok(config)
}

/// Writes a checkpoint of `state`, unless its weights are not all finite numbers: then the run stops,
/// naming the last good checkpoint.
fn save_if_finite(state: &TrainState, checkpoints: &Path, progress: &ProgressBar) -> Result<PathBuf> {
    let bad = state.non_finite_networks();
    if !bad.is_empty() {
        progress.abandon();
        bail!(
            "after step {}, the {} weights are not finite numbers; stopping without a checkpoint. The last good checkpoint is {}",
            state.step,
            bad.join(" and "),
            last_good(checkpoints)
        );
    }
    state.save_checkpoint(checkpoints)
}

/// The top-level settings in which two configs differ (`model`, `lr_generator`, ...).
fn differing_settings(a: &TrainConfig, b: &TrainConfig) -> Vec<String> {
    let (a, b) = (serde_json::to_value(a).unwrap_or_default(), serde_json::to_value(b).unwrap_or_default());
    let empty = serde_json::Map::new();
    let (a, b) = (a.as_object().unwrap_or(&empty), b.as_object().unwrap_or(&empty));
    a.keys().chain(b.keys().filter(|k| !a.contains_key(*k))).filter(|k| a.get(*k) != b.get(*k)).cloned().collect()
}

/// The photo folders: the training photos and, when fine-tuning, the source-domain ones.
fn open_folders(run: &TrainRun, config: &TrainConfig) -> Result<(PhotoFolder, Option<PhotoFolder>)> {
    let augment = Augment { resize: config.resize, resize_max: config.resize_max, crop: config.crop, flip: config.flip };
    let folder = PhotoFolder::open(run.data, augment.clone(), config.seed)?;
    let source = match run.start.fine_tune_source() {
        Some(source) => Some(PhotoFolder::open(source, augment, config.seed ^ 0x5EED_50C3)?),
        None => None,
    };
    Ok((folder, source))
}

fn start(run: &TrainRun, config: TrainConfig, resume_from: Option<&Path>, folder: &PhotoFolder) -> Result<TrainState> {
    let first = folder.batch(Position::default(), config.batch_size, config.loader_threads)?;
    let vgg = run.vgg.clone().unwrap_or_else(default_vgg_path);
    let setup = Setup {
        device: &run.device,
        vgg: &vgg,
        fine_tune: run.start.fine_tune_source().is_some(),
        first_batch: to_tensor(&first.pixels, first.size, config.crop, &run.device),
    };
    if let Some(path) = resume_from {
        return TrainState::resume(path, config.steps, &setup);
    }
    match run.start {
        Start::Fresh => TrainState::fresh(config, None, &setup),
        Start::FromCheckpoint(from) => TrainState::init_from(config, from, &setup),
        Start::FromWeights(weights) => TrainState::from_weights(config, weights, &setup),
        Start::FineTune { weights, .. } => {
            let generator = ace::weights::load_file(weights, &run.device)?;
            TrainState::fresh(config, Some(generator), &setup)
        }
    }
}

/// The next batch (and source batch) as tensors on the training device; the state records where the
/// following ones start.
fn next_batches(
    batches: &Receiver<Result<Batch>>,
    sources: Option<&Receiver<Result<Batch>>>,
    state: &mut TrainState,
    device: &Device,
) -> Result<(Tensor<4>, Option<Tensor<4>>)> {
    let autodiff = device.clone().autodiff();
    let crop = state.config.crop;
    let batch = batches.recv().context("the data loader stopped")??;
    state.data = batch.next;
    let source = match sources {
        Some(sources) => {
            let source = sources.recv().context("the source data loader stopped")??;
            state.source_data = Some(source.next);
            Some(to_tensor(&source.pixels, source.size, crop, &autodiff))
        }
        None => None,
    };
    Ok((to_tensor(&batch.pixels, batch.size, crop, &autodiff), source))
}

fn check_finite(
    read: std::result::Result<Option<Vec<f32>>, NonFinite>,
    checkpoints: &Path,
    progress: &ProgressBar,
) -> Result<Option<Vec<f32>>> {
    match read {
        Ok(values) => Ok(values),
        Err(NonFinite { step, term, value }) => {
            progress.abandon();
            bail!("step {step}: the {term} loss is {value}; stopping. The last good checkpoint is {}", last_good(checkpoints))
        }
    }
}

fn last_good(checkpoints: &Path) -> String {
    match checkpoint::latest(checkpoints) {
        Ok(Some(path)) => path.display().to_string(),
        _ => "none yet".to_string(),
    }
}

fn progress_bar(show: bool, steps: u64, at: u64) -> ProgressBar {
    let progress = if show { ProgressBar::new(steps) } else { ProgressBar::hidden() };
    progress
        .set_style(ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed_precise} < {eta_precise}] {msg}").expect("valid template"));
    progress.set_position(at);
    progress
}

/// `values` in `step::TERMS` order, shown by name.
fn show(progress: &ProgressBar, step: u64, values: Option<&[f32]>, images_per_s: f64) {
    progress.set_position(step);
    if let Some(values) = values {
        let term = |name: &str| super::step::TERMS.iter().position(|t| *t == name).map_or(f32::NAN, |i| values[i]);
        progress.set_message(format!(
            "rec {:.3} ctr {:.3} gan {:.3} D {:.3} | {images_per_s:.1} img/s",
            term("reconstruction"),
            term("contrastive"),
            term("gan"),
            term("discriminator")
        ));
    }
}

fn to_tensor(pixels: &[f32], batch: usize, side: u32, device: &Device) -> Tensor<4> {
    let s = side as usize;
    Tensor::from_data(TensorData::new(pixels.to_vec(), [batch, 3, s, s]), device)
}

/// Each grid photo, then its translations with seeds 0..4 (no style image: the domain code plus the
/// seed's noise), at the training resolution.
fn sample_grid(generator: &Ace, config: &TrainConfig, inputs: &[PathBuf], device: &Device) -> Result<RgbImage> {
    let translator = Translator::new(generator.clone().to_device(device), device.clone());
    let photos = inputs
        .iter()
        .map(|p| crate::photos::read_photo(p))
        .collect::<Result<Vec<_>>>()?;
    crate::grid::translation_grid(&translator, &photos, &[None], &[0, 1, 2, 3], config.crop)
}
