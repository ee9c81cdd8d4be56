//! One evaluation run (docs/evaluation.md): translate every source photo S with a style photo drawn
//! from the target's test split, over several seeds, and measure the outputs with the independent
//! classifier, beside two baselines computed on the same inputs in the same run:
//!
//! - `identity`: the source photo unchanged (what "no translation" scores);
//! - `lab_transfer`: the source recoloured to the style photo's Lab statistics (see `lab_transfer`).
//!
//! Numbers per method: target rate over every output, KID and Fréchet distance of the first seed's
//! outputs to the target test set and the gap each closes, diversity over the seeds, content kept.

use std::path::{Path, PathBuf};
use std::time::Instant;

use ace::{StyleCode, TranslateOptions, Translator};
use anyhow::{Context, Result, ensure};
use burn::tensor::Device;
use image::RgbImage;
use image::imageops::{FilterType, resize};
use indicatif::{ProgressBar, ProgressStyle};
use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};
use serde::Serialize;

use super::classify::{CATS, DOGS, Classified, classify};
use super::efficientnet::EfficientNetLite0;
use super::lab_transfer::{LabStatistics, transfer};
use super::metrics;
use crate::photos::open_photo;

/// What to evaluate and how.
pub struct EvalPlan {
    pub source: Vec<PathBuf>,
    pub target: Vec<PathBuf>,
    pub styles: Vec<PathBuf>,
    /// Translations are made at `side` x `side`.
    pub side: u32,
    /// Seeds 0..seeds for every source photo (diversity needs at least 2).
    pub seeds: u64,
    /// Picks each source photo's style photo.
    pub style_seed: u64,
    /// How many source photos the HTML page shows.
    pub showcase: usize,
    pub show_progress: bool,
}

#[derive(Serialize)]
pub struct FileId {
    pub path: String,
    pub sha256: String,
}

#[derive(Serialize)]
pub struct Settings {
    pub side: u32,
    pub seeds: u64,
    pub style_seed: u64,
    pub classifier_side: usize,
    /// The ImageNet ids that count as the target domain.
    pub target_classes: String,
    pub variation: f32,
}

/// Numbers that do not depend on any method: where S and T stand before translation.
#[derive(Serialize)]
pub struct Reference {
    pub source_images: usize,
    pub target_images: usize,
    /// Share of the real target test photos the classifier calls cats (the ceiling a method can reach).
    pub target_rate_of_target: f64,
    /// ... and of the untranslated source photos (the identity baseline's rate).
    pub target_rate_of_source: f64,
    pub source_dog_rate: f64,
    pub kid_source_to_target: f64,
    pub frechet_source_to_target: f64,
}

#[derive(Serialize)]
pub struct MethodNumbers {
    pub name: String,
    pub description: String,
    pub uses_seed: bool,
    pub target_rate: f64,
    pub kid: f64,
    pub frechet: f64,
    pub gap_closed_kid: f64,
    pub gap_closed_frechet: f64,
    pub diversity: f64,
    pub content_kept: f64,
}

/// Everything about one source photo, so any number in the report can be traced back.
#[derive(Serialize)]
pub struct PerImage {
    pub source: String,
    pub style: String,
    /// The classifier's top class for ACE's output at each seed.
    pub ace_classes: Vec<usize>,
    pub identity_class: usize,
    pub lab_class: usize,
    pub ace_content_kept: f64,
    pub lab_content_kept: f64,
}

#[derive(Serialize)]
pub struct EvalReport {
    /// The command line that produced this report (run from the repository root).
    pub command: String,
    pub weights: FileId,
    pub classifier: FileId,
    pub settings: Settings,
    pub reference: Reference,
    pub methods: Vec<MethodNumbers>,
    pub target: Vec<String>,
    pub images: Vec<PerImage>,
    pub elapsed_s: f64,
}

/// The pictures the HTML page shows for one source photo.
pub struct ShowcaseRow {
    pub source: RgbImage,
    pub style: RgbImage,
    pub ace: Vec<RgbImage>,
    pub lab: RgbImage,
    pub ace_classes: Vec<usize>,
    pub lab_class: usize,
    pub identity_class: usize,
}

fn file_id(path: &Path) -> Result<FileId> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(FileId { path: path.display().to_string(), sha256: ace::weights::manifest::sha256_hex(&bytes) })
}

fn distances(outputs: &Classified, target: &Classified) -> Result<(f64, f64)> {
    Ok((metrics::kid(&outputs.features, &target.features)?, metrics::frechet_distance(&outputs.features, &target.features)?))
}

/// What one method accumulates over the source photos.
struct Tally {
    /// The first seed's output of every photo (what KID and Fréchet distance compare with the target).
    first: Classified,
    /// Classes of every output, all seeds (the target rate).
    classes: Vec<usize>,
    diversity_sum: f64,
    kept_sum: f64,
}

impl Tally {
    fn new() -> Self {
        Tally { first: Classified { features: Vec::new(), classes: Vec::new() }, classes: Vec::new(), diversity_sum: 0.0, kept_sum: 0.0 }
    }

    /// One source photo's outputs (one per seed; a baseline has one whatever the seed, so its
    /// diversity is 0) and the content kept by the first.
    fn add(&mut self, mut outputs: Classified, kept: f64) {
        self.diversity_sum += metrics::diversity(&outputs.features);
        self.kept_sum += kept;
        self.classes.extend(&outputs.classes);
        self.first.features.push(outputs.features.swap_remove(0));
        self.first.classes.push(outputs.classes[0]);
    }

    /// `own`: this method's (KID, Fréchet) to the target; `source`: the untranslated photos'.
    fn numbers(&self, name: &str, description: String, uses_seed: bool, own: (f64, f64), source: (f64, f64)) -> MethodNumbers {
        let n = self.first.classes.len() as f64;
        let (kid, frechet) = own;
        MethodNumbers {
            name: name.into(),
            description,
            uses_seed,
            target_rate: metrics::target_rate(&self.classes, &[CATS]),
            kid,
            frechet,
            gap_closed_kid: metrics::gap_closed(kid, source.0),
            gap_closed_frechet: metrics::gap_closed(frechet, source.1),
            diversity: self.diversity_sum / n,
            content_kept: self.kept_sum / n,
        }
    }
}

fn progress(len: usize, show: bool, what: &str) -> ProgressBar {
    let bar = if show { ProgressBar::new(len as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{msg:>12} [{bar:30}] {pos}/{len} {elapsed} (eta {eta})")
            .expect("a valid template")
            .progress_chars("=> "),
    );
    bar.set_message(what.to_string());
    bar
}

/// Runs the evaluation; `weights` and `classifier_path` are named in the report.
pub fn evaluate(
    plan: &EvalPlan,
    translator: &Translator,
    weights: &Path,
    classifier: &EfficientNetLite0,
    classifier_path: &Path,
    device: &Device,
) -> Result<(EvalReport, Vec<ShowcaseRow>)> {
    let started = Instant::now();
    ensure!(plan.seeds >= 1, "at least one seed is needed");
    ensure!(plan.source.len() >= 2 && plan.target.len() >= 2, "KID needs at least two source and two target photos");
    ensure!(!plan.styles.is_empty(), "no style photos");
    let side = plan.side;
    let square = |image: &RgbImage| resize(image, side, side, FilterType::Triangle);
    // Style photos are encoded at the translation size too: the whole evaluation sees one scale.
    let options = TranslateOptions { max_side: side, style_max_side: side, ..TranslateOptions::default() };

    // The target test set: its features are what every method is measured against.
    let bar = progress(plan.target.len(), plan.show_progress, "target");
    let mut target = Classified { features: Vec::new(), classes: Vec::new() };
    for chunk in plan.target.chunks(32) {
        let pictures = chunk.iter().map(|p| open_photo(p, translator)).collect::<Result<Vec<_>>>()?;
        target.extend(classify(classifier, &pictures.iter().collect::<Vec<_>>(), device)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();

    // Each source photo's style photo, drawn once from a seeded stream (the report lists them).
    let mut rng = ChaCha8Rng::seed_from_u64(plan.style_seed);
    let style_of: Vec<usize> = plan.source.iter().map(|_| (rng.next_u64() % plan.styles.len() as u64) as usize).collect();
    let mut style_cache: Vec<Option<(StyleCode, LabStatistics, RgbImage)>> = vec![None; plan.styles.len()];

    let seeds: Vec<u64> = (0..plan.seeds).collect();
    let (mut ace, mut identity, mut lab) = (Tally::new(), Tally::new(), Tally::new());
    let mut images = Vec::new();
    let mut showcase = Vec::new();
    let bar = progress(plan.source.len(), plan.show_progress, "translate");
    for (i, path) in plan.source.iter().enumerate() {
        let source = square(&open_photo(path, translator)?);
        let s = style_of[i];
        if style_cache[s].is_none() {
            let style = open_photo(&plan.styles[s], translator)?;
            let code = translator.encode_style(&style, &options)?;
            style_cache[s] = Some((code, LabStatistics::of(&style), square(&style)));
        }
        let (code, statistics, style_picture) = style_cache[s].as_ref().expect("filled above");
        let outputs: Vec<RgbImage> =
            translator.translate_seeds(&source, Some(code), &seeds, &options)?.into_iter().map(|t| t.image).collect();
        let recoloured = transfer(&source, statistics);

        // One classifier pass per source photo: ACE's outputs (one per seed), then the two baselines.
        let mut pictures: Vec<&RgbImage> = outputs.iter().collect();
        pictures.extend([&recoloured, &source]);
        let Classified { mut features, mut classes } = classify(classifier, &pictures, device)?;
        let own = Classified { features: vec![features.pop().expect("source")], classes: vec![classes.pop().expect("source")] };
        let recoloured_class = Classified { features: vec![features.pop().expect("lab")], classes: vec![classes.pop().expect("lab")] };
        let (identity_class, lab_class) = (own.classes[0], recoloured_class.classes[0]);
        let ace_kept = metrics::content_kept(&source, &outputs[0]);
        let lab_kept = metrics::content_kept(&source, &recoloured);
        images.push(PerImage {
            source: path.display().to_string(),
            style: plan.styles[s].display().to_string(),
            ace_classes: classes.clone(),
            identity_class,
            lab_class,
            ace_content_kept: ace_kept,
            lab_content_kept: lab_kept,
        });
        identity.add(own, metrics::content_kept(&source, &source));
        lab.add(recoloured_class, lab_kept);
        if showcase.len() < plan.showcase {
            showcase.push(ShowcaseRow {
                source,
                style: style_picture.clone(),
                ace: outputs,
                lab: recoloured,
                ace_classes: classes.clone(),
                lab_class,
                identity_class,
            });
        }
        ace.add(Classified { features, classes }, ace_kept);
        bar.inc(1);
    }
    bar.finish_and_clear();

    // The untranslated photos' distances to the target: the identity baseline's own, computed once.
    let source_distances = distances(&identity.first, &target)?;
    let methods = vec![
        ace.numbers(
            "ace",
            format!("this model: source photo translated with the style photo's code (variation {}) at each seed", options.variation),
            true,
            distances(&ace.first, &target)?,
            source_distances,
        ),
        identity.numbers("identity", "the source photo unchanged".into(), false, source_distances, source_distances),
        lab.numbers(
            "lab_transfer",
            "the source photo recoloured to the style photo's CIE Lab mean and std (Reinhard et al. 2001)".into(),
            false,
            distances(&lab.first, &target)?,
            source_distances,
        ),
    ];
    let reference = Reference {
        source_images: plan.source.len(),
        target_images: plan.target.len(),
        target_rate_of_target: metrics::target_rate(&target.classes, &[CATS]),
        target_rate_of_source: metrics::target_rate(&identity.classes, &[CATS]),
        source_dog_rate: metrics::target_rate(&identity.classes, &[DOGS]),
        kid_source_to_target: source_distances.0,
        frechet_source_to_target: source_distances.1,
    };
    let report = EvalReport {
        command: std::iter::once("ace".to_string())
            .chain(std::env::args().skip(1).map(|a| if a.contains(' ') { format!("'{a}'") } else { a }))
            .collect::<Vec<_>>()
            .join(" "),
        weights: file_id(weights)?,
        // Its sha256 was checked against the pinned one when it loaded; no second read.
        classifier: FileId { path: classifier_path.display().to_string(), sha256: super::efficientnet::WEIGHTS_SHA256.into() },
        settings: Settings {
            side,
            seeds: plan.seeds,
            style_seed: plan.style_seed,
            classifier_side: super::efficientnet::SIDE,
            target_classes: format!("{}..={}", CATS.start(), CATS.end()),
            variation: options.variation,
        },
        reference,
        methods,
        target: plan.target.iter().map(|p| p.display().to_string()).collect(),
        images,
        elapsed_s: started.elapsed().as_secs_f64(),
    };
    Ok((report, showcase))
}
