//! `ace diff-checkpoints`: how far apart two runs ended that continued one checkpoint for the same
//! steps, per parameter, measured against how far those steps moved it. It is the backend check's
//! yardstick: a GPU's step against the CPU's, beside two CPU runs at different thread counts (whose
//! difference is the floating-point noise any correct backend may show).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail, ensure};
use burn::store::{ModuleSnapshot, bridge};
use burn::tensor::Device;
use clap::Args;
use serde::Serialize;

use crate::train::checkpoint;

#[derive(Args)]
pub struct DiffCheckpointsArgs {
    /// The run both continued from (its latest checkpoint), or a checkpoint folder.
    #[arg(long, value_name = "RUN")]
    pub base: PathBuf,
    /// The two runs (or checkpoint folders) to compare.
    #[arg(value_name = "RUN")]
    pub a: PathBuf,
    #[arg(value_name = "RUN")]
    pub b: PathBuf,
    /// Exit with status 1 when the median tensor's relative difference is above this. The median, not
    /// the worst: Adam turns a gradient that is zero but for rounding (a bias right before a
    /// normalisation) into a full step of either sign, so a few such tensors differ on any backend.
    #[arg(long)]
    pub tolerance: Option<f64>,
    /// Also write the figures here as JSON.
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,
}

/// One tensor's figures: the largest difference between the runs, and the largest move the
/// steps made in run A (their ratio is the relative difference).
#[derive(Serialize, Clone)]
pub struct TensorDiff {
    pub name: String,
    pub max_difference: f64,
    pub max_update: f64,
    pub relative: f64,
}

#[derive(Serialize)]
pub struct Summary {
    pub tensors: usize,
    pub median_relative: f64,
    pub worst_relative: f64,
    /// Every tensor, the most different first (the console shows the first eight).
    pub by_difference: Vec<TensorDiff>,
}

pub fn run(args: DiffCheckpointsArgs) -> Result<()> {
    let device = Device::flex();
    let [base, a, b] = [&args.base, &args.a, &args.b].map(|run| parameters(run, &device));
    let (base, a, b) = (base?, a?, b?);
    let summary = compare(&base, &a, &b)?;
    println!(
        "{} tensors; relative difference (difference / the steps' update): median {:.3e}, worst {:.3e}",
        summary.tensors, summary.median_relative, summary.worst_relative
    );
    for t in summary.by_difference.iter().take(8) {
        println!("  {:<60} difference {:.3e}  update {:.3e}  relative {:.3e}", t.name, t.max_difference, t.max_update, t.relative);
    }
    if let Some(path) = &args.json {
        ace::atomic_file::write(path, &serde_json::to_vec_pretty(&summary)?).with_context(|| format!("writing {}", path.display()))?;
    }
    if let Some(tolerance) = args.tolerance.filter(|t| summary.median_relative > *t) {
        bail!("the median tensor differs by {:.3e} of its update, above the tolerance {tolerance:.3e}", summary.median_relative);
    }
    Ok(())
}

/// Every tensor of a run's generator and discriminators (parameters and buffers: BatchNorm
/// statistics, spectral-norm vectors), by name, as f32 values.
fn parameters(run: &Path, device: &Device) -> Result<BTreeMap<String, Vec<f32>>> {
    let path = checkpoint::latest(&run.join("checkpoints"))?.unwrap_or_else(|| run.to_path_buf());
    let (_, generator, discriminators) = checkpoint::load_networks(&path, device)?;
    let snapshots = generator
        .collect(None, None, true)
        .into_iter()
        .map(|t| ("generator.".to_string() + &t.name, t))
        .chain(discriminators.collect(None, None, true).into_iter().map(|t| ("discriminators.".to_string() + &t.name, t)));
    let mut out = BTreeMap::new();
    for (name, snapshot) in snapshots {
        let data = bridge::into_data(snapshot).map_err(|e| anyhow::anyhow!("reading {name}: {e}"))?;
        let values = data.convert::<f32>().try_into_vec::<f32>().map_err(|e| anyhow::anyhow!("reading {name}: {e:?}"))?;
        out.insert(name, values);
    }
    Ok(out)
}

fn compare(base: &BTreeMap<String, Vec<f32>>, a: &BTreeMap<String, Vec<f32>>, b: &BTreeMap<String, Vec<f32>>) -> Result<Summary> {
    ensure!(a.keys().eq(b.keys()) && a.keys().eq(base.keys()), "the checkpoints hold different networks");
    let max_abs = |x: &[f32], y: &[f32]| x.iter().zip(y).map(|(x, y)| (x - y).abs() as f64).fold(0.0, f64::max);
    let mut diffs = Vec::new();
    for (name, values) in a {
        let (other, start) = (&b[name], &base[name]);
        ensure!(values.len() == other.len() && values.len() == start.len(), "{name}: different shapes");
        let (max_difference, max_update) = (max_abs(values, other), max_abs(values, start));
        // A difference within a few units in the last place of the tensor's largest value is rounding,
        // also where the steps did not move it (a frozen or converged tensor); NaN is infinitely far.
        let magnitude = values.iter().map(|v| v.abs() as f64).fold(0.0, f64::max);
        let rounding = 8.0 * f32::EPSILON as f64 * magnitude;
        let relative = match max_difference {
            d if d.is_nan() => f64::INFINITY,
            d if d <= rounding => 0.0,
            d => d / max_update.max(rounding),
        };
        diffs.push(TensorDiff { name: name.clone(), max_difference, max_update, relative });
    }
    diffs.sort_by(|x, y| y.relative.total_cmp(&x.relative));
    let worst_relative = diffs.first().map_or(0.0, |d| d.relative);
    let median_relative = diffs.get(diffs.len() / 2).map_or(0.0, |d| d.relative);
    Ok(Summary { tensors: diffs.len(), median_relative, worst_relative, by_difference: diffs })
}
