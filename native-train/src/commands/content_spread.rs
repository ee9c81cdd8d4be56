//! `ace content-spread`: how many directions a model's content code uses over a set of photos, a
//! diagnostic for a content path that collapses while the dense losses stay satisfied (a code that
//! agrees perfectly between two views may be one that has lost dimensions).
//!
//! For each photo (squashed to `side` x `side`) every cell of the content code is one sample of a
//! `C`-vector. Reported, for the content code and for the predictor's output (what the decoder reads):
//! - `participation_ratio`: (tr Σ)² / tr(Σ²) of the channel covariance Σ over all cells of all photos,
//!   the effective number of directions: 1 when every cell's code lies on one line, C when the
//!   channels vary equally and independently;
//! - `between_photos`: the share of the variance that lies between the photos' mean codes rather than
//!   between the cells of one photo;
//! - `rms`: the root mean square of the codes' entries, so a shrinking code shows too.

use std::path::PathBuf;

use anyhow::{Context, Result, ensure};
use burn::tensor::{Tensor, TensorData};
use clap::Args;
use serde::Serialize;

#[derive(Args)]
pub struct ContentSpreadArgs {
    #[arg(long)]
    pub weights: PathBuf,
    /// Folder of photos.
    #[arg(long)]
    pub photos: PathBuf,
    /// A file naming the photos of `--photos` to use, one path per line (as `ace eval --source-list`).
    #[arg(long)]
    pub list: Option<PathBuf>,
    /// Side each photo is squashed to before encoding.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(32..=1024), value_name = "PX")]
    pub side: u32,
    #[arg(long, value_enum, default_value = "cpu")]
    pub backend: crate::backend::Backend,
}

/// The statistics of one code over a set of photos (see the module notes).
#[derive(Serialize, Debug, PartialEq)]
pub struct Spread {
    pub channels: usize,
    pub participation_ratio: f64,
    pub between_photos: f64,
    pub rms: f64,
}

/// Sums from which `Spread` follows, filled one photo at a time.
pub struct SpreadAccumulator {
    channels: usize,
    cells: usize,
    sum: Vec<f64>,
    /// Σ x xᵀ over all cells, row-major `channels x channels`.
    products: Vec<f64>,
    /// Each photo's mean code.
    photo_means: Vec<Vec<f64>>,
}

impl SpreadAccumulator {
    pub fn new(channels: usize) -> Self {
        Self { channels, cells: 0, sum: vec![0.0; channels], products: vec![0.0; channels * channels], photo_means: Vec::new() }
    }

    /// One photo's code, channel-major (`channels` planes of `cells` values each, as a CHW tensor holds it).
    pub fn add_photo(&mut self, code: &[f32]) {
        let c = self.channels;
        let n = code.len() / c;
        let mut mean = vec![0.0; c];
        for cell in 0..n {
            for i in 0..c {
                let x = code[i * n + cell] as f64;
                mean[i] += x / n as f64;
                self.sum[i] += x;
                for j in 0..c {
                    self.products[i * c + j] += x * code[j * n + cell] as f64;
                }
            }
        }
        self.cells += n;
        self.photo_means.push(mean);
    }

    pub fn finish(&self) -> Spread {
        let (c, n) = (self.channels, self.cells as f64);
        let mean: Vec<f64> = self.sum.iter().map(|s| s / n).collect();
        let covariance = |i: usize, j: usize| self.products[i * c + j] / n - mean[i] * mean[j];
        let trace: f64 = (0..c).map(|i| covariance(i, i)).sum();
        let trace_of_square: f64 = (0..c).flat_map(|i| (0..c).map(move |j| (i, j))).map(|(i, j)| covariance(i, j).powi(2)).sum();
        let between: f64 = self.photo_means.iter().map(|m| m.iter().zip(&mean).map(|(a, b)| (a - b).powi(2)).sum::<f64>()).sum::<f64>()
            / self.photo_means.len() as f64;
        let mean_square: f64 = (0..c).map(|i| self.products[i * c + i]).sum::<f64>() / (n * c as f64);
        Spread {
            channels: c,
            participation_ratio: if trace_of_square > 0.0 { trace * trace / trace_of_square } else { 0.0 },
            between_photos: if trace > 0.0 { between / trace } else { 0.0 },
            rms: mean_square.sqrt(),
        }
    }
}

#[derive(Serialize)]
struct Report {
    weights: PathBuf,
    photos: usize,
    side: u32,
    content_code: Spread,
    predicted: Spread,
}

pub fn run(args: ContentSpreadArgs) -> Result<()> {
    let chosen = crate::backend::choose(args.backend)?;
    let model = ace::weights::load_file(&args.weights, &chosen.device).with_context(|| format!("loading {}", args.weights.display()))?;
    let mut paths = crate::photos::list_images(&args.photos, usize::MAX)?;
    if let Some(list) = &args.list {
        paths = crate::photos::select_listed(&args.photos, paths, list)?;
    }
    ensure!(paths.len() >= 2, "{} holds {} photo(s): the spread between photos needs two or more", args.photos.display(), paths.len());
    let (channels, side) = (model.config.content_channels, args.side as usize);
    let (mut content, mut predicted) = (SpreadAccumulator::new(channels), SpreadAccumulator::new(channels));
    for path in &paths {
        let photo = crate::photos::read_photo(path)?;
        let photo = image::imageops::resize(&photo, args.side, args.side, image::imageops::FilterType::Triangle);
        let x = Tensor::from_data(TensorData::new(ace::pipeline::to_chw(&photo), [1, 3, side, side]), &chosen.device);
        let code = model.content_code(model.features(x));
        let prediction = model.predict(code.clone());
        content.add_photo(&code.into_data().try_to_vec::<f32>().map_err(|e| anyhow::anyhow!("reading the content code: {e:?}"))?);
        predicted.add_photo(&prediction.into_data().try_to_vec::<f32>().map_err(|e| anyhow::anyhow!("reading the prediction: {e:?}"))?);
    }
    let report = Report { weights: args.weights, photos: paths.len(), side: args.side, content_code: content.finish(), predicted: predicted.finish() };
    println!("{}", serde_json::to_string_pretty(&report)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A photo's code from per-cell channel vectors.
    fn photo(cells: &[[f32; 3]]) -> Vec<f32> {
        (0..3).flat_map(|i| cells.iter().map(move |cell| cell[i])).collect()
    }

    #[test]
    fn codes_on_one_line_use_one_direction() {
        let mut spread = SpreadAccumulator::new(3);
        spread.add_photo(&photo(&[[1.0, 2.0, 3.0], [2.0, 4.0, 6.0]]));
        spread.add_photo(&photo(&[[-1.0, -2.0, -3.0], [0.5, 1.0, 1.5]]));
        assert!((spread.finish().participation_ratio - 1.0).abs() < 1e-9);
    }

    #[test]
    fn equal_independent_channels_use_all_directions() {
        // The corners of a cube: every channel varies by the same amount, none with another.
        let corners: Vec<[f32; 3]> = (0..8).map(|k| [(k & 1) as f32, ((k >> 1) & 1) as f32, ((k >> 2) & 1) as f32]).collect();
        let mut spread = SpreadAccumulator::new(3);
        spread.add_photo(&photo(&corners[..4]));
        spread.add_photo(&photo(&corners[4..]));
        let s = spread.finish();
        assert!((s.participation_ratio - 3.0).abs() < 1e-9, "{s:?}");
        // The two photos differ only in the third channel: its quarter-unit variance is a third of the total.
        assert!((s.between_photos - 1.0 / 3.0).abs() < 1e-9, "{s:?}");
    }

    #[test]
    fn photos_that_are_each_constant_differ_only_between_photos() {
        let mut spread = SpreadAccumulator::new(3);
        spread.add_photo(&photo(&[[1.0, 0.0, 0.0], [1.0, 0.0, 0.0]]));
        spread.add_photo(&photo(&[[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]]));
        let s = spread.finish();
        assert!((s.between_photos - 1.0).abs() < 1e-9, "{s:?}");
        assert!((s.rms - (1.0f64 / 3.0).sqrt()).abs() < 1e-9, "{s:?}");
    }
}
