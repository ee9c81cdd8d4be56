//! `ace eval`: zero-shot quality of a weights file, beside the identity and Lab colour-transfer
//! baselines, written as `report.json` + `index.html` (docs/evaluation.md).

use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::Args;
use ace::pipeline::options::STYLE_SIDE_LIMIT;

use crate::eval::classify::{CATS, DOGS};
use crate::eval::efficientnet::{EfficientNetLite0, default_path};
use crate::eval::evaluate::{EvalPlan, Judged, evaluate};
use crate::eval::report::EvalReport;
use crate::eval::recorded_path::PathRecorder;
use crate::photos::list_images;

#[derive(Args)]
pub struct EvalArgs {
    /// The model to evaluate.
    #[arg(long, default_value = "weights/ace-default.safetensors")]
    pub weights: PathBuf,
    /// Photos of the unseen source domain S, searched recursively (the reports use every DRIT dog:
    /// README, "Data", says where they come from).
    #[arg(long, value_name = "FOLDER")]
    pub source: PathBuf,
    /// The target domain's test photos T, what outputs are compared with (the reports use
    /// AFHQ's cat test split).
    #[arg(long, value_name = "FOLDER")]
    pub target: PathBuf,
    /// Where style photos are drawn from (default: the target folder).
    #[arg(long, value_name = "FOLDER")]
    pub styles: Option<PathBuf>,
    /// Only these source photos: a text file of paths relative to --source, one per line (a fixed
    /// subset, e.g. the half of a folder that ablations are scored on).
    #[arg(long, value_name = "FILE")]
    pub source_list: Option<PathBuf>,
    /// Only these target photos (and, without --styles, style photos): a text file of paths relative
    /// to --target, one per line (e.g. the part of a training folder held out for scoring).
    #[arg(long, value_name = "FILE")]
    pub target_list: Option<PathBuf>,
    /// Use at most this many source photos (the first ones by path; for smoke runs).
    #[arg(long, value_name = "N")]
    pub limit_source: Option<usize>,
    /// Use at most this many target photos (and style photos).
    #[arg(long, value_name = "N")]
    pub limit_target: Option<usize>,
    /// Translation size in pixels (square); the style photos are encoded at it too, so at most the
    /// library's largest style side.
    #[arg(long, default_value_t = 128, value_parser = clap::value_parser!(u32).range(16..=STYLE_SIDE_LIMIT as i64), value_name = "PX")]
    pub side: u32,
    /// Encode the style photos at this side instead of --side (the library's `style_max_side`).
    #[arg(long, value_parser = clap::value_parser!(u32).range(16..=STYLE_SIDE_LIMIT as i64), value_name = "PX")]
    pub style_side: Option<u32>,
    /// Seeds 0..N per source photo.
    #[arg(long, default_value_t = 10)]
    pub seeds: u64,
    /// How far each seed moves the style code (the library's `variation`). Default: the protocol's 0.3,
    /// which every published score used, whatever the library's default is.
    #[arg(long)]
    pub variation: Option<f32>,
    /// Translate at this side and carry the result up to --side with the photo's own detail (the
    /// library's `model_side`). Default: the network works at --side.
    #[arg(long, value_parser = clap::value_parser!(u32).range(16..=STYLE_SIDE_LIMIT as i64), value_name = "PX")]
    pub model_side: Option<u32>,
    /// With --model-side: how much of the photo's detail band the carried result takes (the library's
    /// `detail`, 0-1). Default: the protocol's 1, which every carried score before rule 17 used.
    #[arg(long, requires = "model_side")]
    pub detail: Option<f32>,
    /// With --model-side: take that detail band from the network's own translation at --side, or from
    /// the decoder drawing at --side on the --model-side layout, instead of the photo; or the photo's
    /// band gated pixel by pixel by how closely the translation follows the photo (`guided`; the
    /// library's `detail_from`).
    #[arg(long, default_value = "photo", value_name = "photo|network|decoder|guided", requires = "model_side")]
    pub detail_from: ace::DetailFrom,
    /// With --model-side: the weights file's learned 2x enlargement before the translation is carried
    /// up (the library's `upscale`); the report says whether it ran.
    #[command(flatten)]
    pub upscale: super::upscale_args::UpscaleArgs,
    /// Seed of the draw that pairs source photos with style photos.
    #[arg(long, default_value_t = 0)]
    pub style_seed: u64,
    /// Source photos shown on the HTML page.
    #[arg(long, default_value_t = 12)]
    pub showcase: usize,
    /// The EfficientNet-Lite0 file (default: where scripts/fetch/efficientnet.sh puts it).
    #[arg(long)]
    pub classifier: Option<PathBuf>,
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
    /// A training-free probe of the content bottleneck: decode the model's content code pooled over
    /// k x k cells (1, 2, 4 or 8) instead of what its weights file says.
    #[arg(long)]
    pub content_pool: Option<usize>,
    /// The report folder (report.json, index.html, images/).
    #[arg(long)]
    pub out: PathBuf,
}

/// The evaluation protocol's `variation` (docs/evaluation.md): fixed, so scores stay comparable when
/// the library's default moves.
pub const PROTOCOL_VARIATION: f32 = 0.3;

/// The evaluation protocol's `detail`: the whole band, as every carried score before stage 5's rule 17.
pub const PROTOCOL_DETAIL: f32 = 1.0;

/// The most seeds an evaluation takes: each one translates and judges every source photo, and every
/// output's features are kept for KID (100 seeds of drit-dog are 33,700 translations already).
pub const MAX_SEEDS: u64 = 100;

pub fn run(args: EvalArgs) -> Result<()> {
    anyhow::ensure!((1..=MAX_SEEDS).contains(&args.seeds), "--seeds must be from 1 to {MAX_SEEDS}, got {}", args.seeds);
    // A report inside a photo folder would be read back as photos by the next evaluation.
    for (name, folder) in [("--source", &args.source), ("--target", &args.target)] {
        anyhow::ensure!(!inside(&args.out, folder), "--out {} is inside {name} {}: the report's pictures would be evaluated as photos next time", args.out.display(), folder.display());
    }
    let translator = translator(&args)?;
    let device = translator.device().clone();
    let classifier_path = args.classifier.clone().unwrap_or_else(default_path);
    let classifier = EfficientNetLite0::load(&classifier_path, &device)?;
    let source = photos_of(&args.source, args.source_list.as_deref(), args.limit_source)?;
    let target = photos_of(&args.target, args.target_list.as_deref(), args.limit_target)?;
    let styles = match &args.styles {
        Some(dir) => list_images(dir, args.limit_target.unwrap_or(usize::MAX))?,
        None => target.clone(),
    };
    let variation = args.variation.unwrap_or(PROTOCOL_VARIATION);
    let detail = args.detail.unwrap_or(PROTOCOL_DETAIL);
    // Refused now, not after the target set has been judged.
    let style_side = args.style_side.unwrap_or(args.side);
    let options = ace::TranslateOptions { variation, max_side: args.side, style_max_side: style_side, model_side: args.model_side, detail, detail_from: args.detail_from, upscale: args.upscale.wanted(), ..Default::default() };
    options.validate()?;
    args.upscale.check(&translator, args.detail_from)?;
    // Whether the file's upscaler runs on this protocol's route (square photos fitted to --side from
    // --model-side): what the report records, so no report claims an enlargement that did not happen.
    let upscaled = args.model_side.is_some_and(|work| translator.upscaler_for((work, work), (args.side, args.side), &options).is_some());
    anyhow::ensure!(!args.upscale.upscale || upscaled, "--upscale: the upscaler runs only with --model-side and a --side at least twice it");
    let paths = PathRecorder::from_env();
    let plan = EvalPlan {
        source,
        target,
        styles,
        side: args.side,
        style_side,
        seeds: args.seeds,
        variation,
        model_side: args.model_side,
        detail,
        detail_from: args.detail_from,
        upscale: upscaled,
        style_seed: args.style_seed,
        showcase: args.showcase,
        show_progress: true,
        target_classes: CATS,
        source_classes: DOGS,
        command: command_line(&paths),
        paths,
    };
    let judged = Judged {
        translator: &translator,
        weights: &args.weights,
        classifier: &classifier,
        classifier_path: &classifier_path,
        device: &device,
    };
    let (report, showcase) = evaluate(&plan, &judged)?;
    crate::eval::report_page::write(&report, &showcase, &args.out).context("writing the report")?;
    print_table(&report, &args.out);
    Ok(())
}

/// This invocation as a command a person can paste (run from the repository root, with `$ACE_DATA`
/// set where the photos are under it).
/// The model under evaluation: as its weights file says, or with `--content-pool` probing another
/// bottleneck.
fn translator(args: &EvalArgs) -> Result<ace::Translator> {
    let Some(k) = args.content_pool else { return super::load_translator(&args.weights, args.backend) };
    let chosen = crate::backend::choose(args.backend)?;
    println!("backend: {}; probing the content bottleneck at k = {k}", chosen.description);
    let mut model = ace::weights::load_file(&args.weights, &chosen.device)?;
    super::warn_if_not_self_checking(&args.weights);
    model.config.content_pool = k;
    model.config.validate()?;
    Ok(chosen.translator(model))
}

/// The photos of `folder` (those `list` names, when given), the first `limit` of them by path.
fn photos_of(folder: &std::path::Path, list: Option<&std::path::Path>, limit: Option<usize>) -> Result<Vec<PathBuf>> {
    let mut photos = list_images(folder, usize::MAX)?;
    if let Some(list) = list {
        photos = crate::photos::select_listed(folder, photos, list)?;
    }
    photos.truncate(limit.unwrap_or(usize::MAX));
    Ok(photos)
}

/// Whether `path` (which may not exist yet) lies inside `folder`, links resolved where they exist.
fn inside(path: &std::path::Path, folder: &std::path::Path) -> bool {
    let Ok(folder) = std::fs::canonicalize(folder) else { return false };
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    // The deepest part of the path that exists, resolved, and the rest as written.
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        let (Some(parent), Some(name)) = (existing.parent(), existing.file_name()) else { break };
        rest.push(name.to_owned());
        existing = parent;
    }
    let resolved = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    rest.iter().rev().fold(resolved, |p, name| p.join(name)).starts_with(&folder)
}

fn command_line(paths: &PathRecorder) -> String {
    std::iter::once("ace".to_string())
        .chain(std::env::args().skip(1).map(|a| paths.arg(&a)).map(|a| if a.contains(' ') { format!("'{a}'") } else { a }))
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_table(report: &EvalReport, out: &std::path::Path) {
    println!(
        "{:<13} {:>11} {:>8} {:>15} {:>9} {:>10} {:>13} {:>12}",
        "method", "target rate", "KID", "gap closed KID", "Fréchet", "diversity", "pixel spread", "content kept"
    );
    for m in &report.methods {
        println!(
            "{:<13} {:>11.3} {:>8.4} {:>15.3} {:>9.1} {:>10.3} {:>13.1} {:>12.3}",
            m.name, m.target_rate, m.kid, m.gap_closed_kid, m.frechet, m.diversity, m.pixel_spread, m.content_kept
        );
    }
    println!(
        "reference: target photos called cats {:.3}, source photos {:.3}; wrote {} ({:.0} s)",
        report.reference.target_rate_of_target,
        report.reference.target_rate_of_source,
        out.join("index.html").display(),
        report.elapsed_s
    );
}
