//! `ace train-upscaler`: trains the learned 2x enlargement (`ace::nn::upscaler`) on photos of the
//! target domain alone and writes it into a copy of a model's weights file. The generator is not
//! touched and not run: each step crops photos at the output's scale, makes the input by taking the
//! crop down to half its side the way the pipeline takes a photo down (`detail::down`) and softening
//! it by a blur drawn per photo (the network's translations are softer than a photo at their size),
//! and fits the crop with an L1 on pixels plus, at `--feature-weight`, an L1 on the model's own frozen
//! VGG-19 features (relu3_1 or relu4_1, as its file has it) relative to their size.
//!
//! Its log is `log.jsonl` in `--run` (a line per step); `--out` is written every `--save-every` steps
//! and at the end, so a stopped run leaves its latest. There is no `--resume`: a run of a few thousand
//! steps is started again.

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use ace::nn::upscaler::UpscalerConfig;
use ace::pipeline::detail::down;
use ace::pipeline::{from_chw, to_chw};
use ace::weights::{StorageDtype, save_file};
use anyhow::{Context, Result, ensure};
use burn::module::Module;
use burn::optim::{AdamConfig, GradientsParams};
use burn::tensor::{Tensor, TensorData};
use clap::Args;
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use crate::train::data::{Augment, PhotoFolder, Position};

#[derive(Args)]
pub struct TrainUpscalerArgs {
    /// The model whose translations it will enlarge: its VGG-19 gives the feature term, and `--out`
    /// is this file with the upscaler added (a file that has one gets the new one instead).
    #[arg(long)]
    pub weights: PathBuf,
    /// Photos of the target domain (e.g. afhq-cat/train): the only pictures it learns from.
    #[arg(long)]
    pub photos: PathBuf,
    /// The photos' short side is resized to this before cropping: the scale of the output it learns
    /// to draw (the page's 256 px).
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u32).range(32..=2048))]
    pub photo_side: u32,
    /// The crop's side at the output's scale; the input is half of it.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(16..=1024))]
    pub crop: u32,
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub batch: u64,
    #[arg(long, default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    pub steps: u64,
    /// Adam's learning rate.
    #[arg(long, default_value_t = 2e-4)]
    pub lr: f64,
    /// Weight of the feature term (mean |VGG(output) - VGG(crop)| over the mean |VGG(crop)|) beside the
    /// pixel L1 (in [-1, 1] units); 0 fits pixels alone and skips VGG.
    #[arg(long, default_value_t = 0.0)]
    pub feature_weight: f32,
    /// The largest blur of the input, a Gaussian's sigma in input pixels, drawn uniformly per photo
    /// from 0 to it.
    #[arg(long, default_value_t = 1.0)]
    pub max_blur: f32,
    /// Width of its hidden layers.
    #[arg(long, default_value_t = UpscalerConfig::default().channels as u64, value_parser = clap::value_parser!(u64).range(1..=256))]
    pub channels: u64,
    /// Its hidden 3x3 convolutions.
    #[arg(long, default_value_t = UpscalerConfig::default().hidden_convs as u64, value_parser = clap::value_parser!(u64).range(0..=16))]
    pub hidden_convs: u64,
    /// Seeds the initialisation, the photos' order and crops, and the blurs.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Write `--out` every this many steps (and at the end).
    #[arg(long, default_value_t = 500, value_parser = clap::value_parser!(u64).range(1..))]
    pub save_every: u64,
    /// Where `log.jsonl` goes.
    #[arg(long)]
    pub run: PathBuf,
    /// The weights file written: `--weights` with the trained upscaler (f16).
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
}

pub fn run(args: TrainUpscalerArgs) -> Result<()> {
    ensure!(args.crop % 2 == 0 && args.crop <= args.photo_side, "--crop must be even and at most --photo-side, got {} and {}", args.crop, args.photo_side);
    ensure!(args.lr.is_finite() && args.lr > 0.0, "--lr must be a positive number, got {}", args.lr);
    ensure!(args.feature_weight.is_finite() && args.feature_weight >= 0.0, "--feature-weight must be 0 or more, got {}", args.feature_weight);
    ensure!((0.0..=8.0).contains(&args.max_blur), "--max-blur must be from 0 to 8 pixels, got {}", args.max_blur);
    let chosen = crate::backend::choose(args.backend)?;
    println!("backend: {}", chosen.description);
    let device = chosen.device;
    let mut model = ace::weights::load_file(&args.weights, &device).with_context(|| format!("loading {}", args.weights.display()))?;
    let photos = PhotoFolder::open(&args.photos, Augment { resize: args.photo_side, resize_max: None, crop: args.crop, flip: true }, args.seed)?;
    std::fs::create_dir_all(&args.run).with_context(|| format!("creating {}", args.run.display()))?;
    let mut log = std::fs::File::create(args.run.join("log.jsonl")).context("creating log.jsonl")?;

    let config = UpscalerConfig { channels: args.channels as usize, hidden_convs: args.hidden_convs as usize };
    let autodiff = device.clone().autodiff();
    device.seed(args.seed);
    let mut upscaler = config.init(&device).fork(&autodiff).train();
    let vgg = model.vgg.clone().fork(&autodiff);
    let mut optimiser = AdamConfig::new().init();
    let mut blurs = ChaCha8Rng::seed_from_u64(args.seed);
    let batches = photos.prefetch(Position::default(), args.batch as usize, 2);
    let (crop, small) = (args.crop as usize, args.crop as usize / 2);
    let started = Instant::now();
    let save = |upscaler: &ace::nn::Upscaler, model: &mut ace::Ace| -> Result<()> {
        model.upscaler = Some(upscaler.clone());
        model.config.upscaler = Some(config);
        save_file(&args.out, model, StorageDtype::F16)?;
        Ok(())
    };
    for step in 1..=args.steps {
        let batch = batches.recv().context("the photo loader stopped")??;
        let inputs = softened_halves(&batch.pixels, args.crop, args.max_blur, &mut blurs);
        let input = Tensor::<4>::from_data(TensorData::new(inputs, [batch.size, 3, small, small]), &autodiff);
        let target = Tensor::<4>::from_data(TensorData::new(batch.pixels, [batch.size, 3, crop, crop]), &autodiff);
        let output = upscaler.forward(input);
        let pixel = (output.clone() - target.clone()).abs().mean();
        let feature = if args.feature_weight > 0.0 {
            let wanted = vgg.forward_image(target).detach();
            let scale = wanted.clone().abs().mean().clamp_min(1e-6);
            (vgg.forward_image(output) - wanted).abs().mean() / scale
        } else {
            pixel.zeros_like()
        };
        let loss = pixel.clone() + feature.clone().mul_scalar(args.feature_weight);
        let grads = GradientsParams::from_grads(loss.backward(), &upscaler);
        upscaler = optimiser.step(args.lr, upscaler, grads);
        let read = |t: Tensor<1>| t.into_scalar::<f32>();
        let (pixel, feature) = (read(pixel), read(feature));
        ensure!(pixel.is_finite() && feature.is_finite(), "step {step}: the loss is not finite (pixel {pixel}, feature {feature})");
        let elapsed = started.elapsed().as_secs_f64();
        writeln!(log, "{}", serde_json::json!({ "step": step, "pixel": pixel, "feature": feature, "elapsed_s": elapsed }))?;
        if step % 50 == 0 || step == 1 {
            println!("step {step}/{}: pixel {pixel:.4}, feature {feature:.4} ({:.2} s a step)", args.steps, elapsed / step as f64);
        }
        if step % args.save_every == 0 || step == args.steps {
            save(&upscaler.valid(), &mut model)?;
        }
    }
    println!("wrote {} (the upscaler of step {})", args.out.display(), args.steps);
    Ok(())
}

/// The inputs for a batch of crops (`[n, 3, crop, crop]` in [-1, 1]): each taken down to half its side
/// by the pipeline's own resampling, then blurred by a sigma drawn from 0 to `max_blur` input pixels.
fn softened_halves(crops: &[f32], crop: u32, max_blur: f32, rng: &mut ChaCha8Rng) -> Vec<f32> {
    let plane = 3 * crop as usize * crop as usize;
    crops
        .chunks_exact(plane)
        .flat_map(|chw| {
            let half = down(&from_chw(chw, crop, crop), (crop / 2, crop / 2));
            let sigma = max_blur * (rng.next_u32() as f32 / u32::MAX as f32);
            to_chw(&if sigma > 0.05 { image::imageops::blur(&half, sigma) } else { half })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_input_is_its_crop_at_half_the_side_and_no_sharper() {
        // Crops of vertical stripes two pixels wide: at half the side they are one pixel wide, and a
        // blur only lowers their contrast.
        let crop = 16u32;
        let stripes = image::RgbImage::from_fn(crop, crop, |x, _| image::Rgb([if (x / 2) % 2 == 0 { 30 } else { 220 }; 3]));
        let crops: Vec<f32> = [to_chw(&stripes), to_chw(&stripes)].concat();
        let contrast = |chw: &[f32]| {
            let row = &chw[4 * 8..5 * 8];
            row.iter().cloned().fold(f32::MIN, f32::max) - row.iter().cloned().fold(f32::MAX, f32::min)
        };
        let sharp = softened_halves(&crops, crop, 0.0, &mut ChaCha8Rng::seed_from_u64(0));
        assert_eq!(sharp.len(), 2 * 3 * 8 * 8);
        assert_eq!(sharp[..192], to_chw(&down(&stripes, (8, 8)))[..]);
        let blurred = softened_halves(&crops, crop, 3.0, &mut ChaCha8Rng::seed_from_u64(0));
        for i in 0..2 {
            let (s, b) = (&sharp[i * 192..][..192], &blurred[i * 192..][..192]);
            assert!(contrast(b) <= contrast(s) + 1e-6, "photo {i}: blurred {} against {}", contrast(b), contrast(s));
        }
    }
}
