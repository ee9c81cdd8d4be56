//! `ace init`: a freshly initialised ACE network with the real ImageNet VGG-19 inside, written as a
//! weights file. Its outputs are not translations yet (nothing is trained), but every code path, the
//! file format and the page can be exercised with it before a trained model exists.

use std::path::PathBuf;

use ace::AceConfig;
use ace::weights::{StorageDtype, save_file, vgg_import};
use anyhow::{Context, Result};
use burn::tensor::Device;
use clap::{Args, ValueEnum};

#[derive(Clone, Copy, ValueEnum)]
pub enum Preset {
    /// `AceConfig::default()`, the 128-wide reference network (24.2 GMAC at 256x256).
    Default,
    /// A very small model for tests and smoke runs.
    Tiny,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Dtype {
    F16,
    F32,
}

#[derive(Args)]
pub struct InitArgs {
    /// Where to write the weights file (a `.json` manifest is written beside it).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "default")]
    pub preset: Preset,
    /// The VGG-19 source file (from scripts/fetch/vgg.sh).
    #[arg(long)]
    pub vgg: Option<PathBuf>,
    /// Photos whose statistics initialise the BatchNorm layers (the first 16, sorted by name); the
    /// committed samples by default, photos of the domain to be trained on for a training run.
    #[arg(long, default_value = "assets/samples")]
    pub calibrate: PathBuf,
    /// The content bottleneck (`AceConfig::content_pool`: 1, 2, 4 or 8).
    #[arg(long, default_value_t = 1)]
    pub content_pool: usize,
    /// Seed of the random initialisation (same seed, same file).
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    #[arg(long, value_enum, default_value = "f16")]
    pub dtype: Dtype,
}

pub fn run(args: InitArgs) -> Result<()> {
    let config = match args.preset {
        Preset::Default => AceConfig::default(),
        Preset::Tiny => AceConfig::tiny(),
    };
    let config = AceConfig { content_pool: args.content_pool, ..config };
    config.validate()?;
    let device = Device::flex();
    device.seed(args.seed);
    let mut model = config.init(&device);
    let vgg = args.vgg.unwrap_or_else(vgg_import::default_vgg_path);
    vgg_import::import_vgg(&mut model.vgg, &vgg)
        .with_context(|| format!("importing VGG-19 from {} (run scripts/fetch/vgg.sh first)", vgg.display()))?;
    let photos = crate::photos::list_images(&args.calibrate, 16)
        .with_context(|| format!("listing calibration photos in {}", args.calibrate.display()))?;
    let batch = crate::photos::load_batch(&photos, 128, &device)?;
    let model = ace::nn::calibrate::calibrate_batch_norm(model, batch, &device);
    let dtype = match args.dtype {
        Dtype::F16 => StorageDtype::F16,
        Dtype::F32 => StorageDtype::F32,
    };
    let manifest = save_file(&args.out, &model, dtype)?;
    println!(
        "wrote {} ({:.1} MB, sha256 {}): an UNTRAINED model (ImageNet VGG-19 + random ACE networks)",
        args.out.display(),
        manifest.size as f64 / 1e6,
        manifest.sha256
    );
    Ok(())
}
