//! One evaluation run (docs/evaluation.md): translate every source photo S with a style photo drawn
//! from the target's test split, over several seeds, and measure the outputs with the independent
//! classifier, beside two baselines computed on the same inputs in the same run:
//!
//! - `identity`: the source photo unchanged (what "no translation" scores);
//! - `ace_no_style`: this model without a style photo (the domain code plus each seed's noise: the page's
//!   "No style (random)"), so the seeds alone make the outputs differ;
//! - `lab_transfer`: the source recoloured to the style photo's Lab statistics (see `lab_transfer`).
//!
//! Numbers per method: target rate over every output, KID and Fréchet distance of the first seed's
//! outputs to the target test set and the gap each closes, diversity over the seeds (in the judge's
//! features and in pixels), content kept.

use std::ops::RangeInclusive;
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

use super::classify::{Classified, classify};
use super::efficientnet::EfficientNetLite0;
use super::lab_transfer::{LabStatistics, transfer};
use super::metrics;
use super::recorded_path::PathRecorder;
use super::report::{EvalReport, FileId, MethodNumbers, PerImage, Reference, Settings, ShowcaseRow};
use crate::photos::open_photo;

/// What to evaluate and how.
pub struct EvalPlan {
    pub source: Vec<PathBuf>,
    pub target: Vec<PathBuf>,
    pub styles: Vec<PathBuf>,
    /// Translations are made at `side` x `side`.
    pub side: u32,
    /// Style photos are encoded at this side (the protocol's: `side`).
    pub style_side: u32,
    /// Seeds 0..seeds for every source photo (diversity needs at least 2).
    pub seeds: u64,
    /// How far a seed moves the style code (`TranslateOptions::variation`).
    pub variation: f32,
    /// The network's side when smaller than `side`: translated at it and carried up to `side` with the
    /// photo's detail (`TranslateOptions::model_side`).
    pub model_side: Option<u32>,
    /// The share of the photo's detail band a carried translation takes (`TranslateOptions::detail`).
    pub detail: f32,
    /// Where that band comes from (`TranslateOptions::detail_from`).
    pub detail_from: ace::DetailFrom,
    /// Enlarge the translation with the model's upscaler first (`TranslateOptions::upscale`).
    pub upscale: bool,
    /// Picks each source photo's style photo.
    pub style_seed: u64,
    /// How many source photos the HTML page shows.
    pub showcase: usize,
    pub show_progress: bool,
    /// The ImageNet classes that count as the target domain (`classify::CATS` for the reports).
    pub target_classes: RangeInclusive<usize>,
    /// The ImageNet classes of the source domain, for the reference's "source photos called ..." rate.
    pub source_classes: RangeInclusive<usize>,
    /// The command line that asked for this evaluation, recorded in the report.
    pub command: String,
    /// How the report writes the paths of photos and files.
    pub paths: PathRecorder,
}

fn file_id(path: &Path, paths: &PathRecorder) -> Result<FileId> {
    let bytes = ace::input_file::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(FileId { path: paths.path(path), sha256: ace::weights::digest::sha256_hex(&bytes) })
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
    spread_sum: f64,
    kept_sum: f64,
}

impl Tally {
    fn new() -> Self {
        Tally {
            first: Classified { features: Vec::new(), classes: Vec::new() },
            classes: Vec::new(),
            diversity_sum: 0.0,
            spread_sum: 0.0,
            kept_sum: 0.0,
        }
    }

    /// One source photo's outputs (one per seed; a baseline has one whatever the seed, so its
    /// diversity is 0), their pixel spread and the content kept by the first.
    fn add(&mut self, mut outputs: Classified, spread: f64, kept: f64) {
        self.diversity_sum += metrics::diversity(&outputs.features);
        self.spread_sum += spread;
        self.kept_sum += kept;
        self.classes.extend(&outputs.classes);
        self.first.features.push(outputs.features.swap_remove(0));
        self.first.classes.push(outputs.classes[0]);
    }

    /// `own`: this method's (KID, Fréchet) to the target; `source`: the untranslated photos'.
    fn numbers(
        &self,
        plan: &EvalPlan,
        name: &str,
        description: String,
        uses_seed: bool,
        own: (f64, f64),
        source: (f64, f64),
    ) -> MethodNumbers {
        let n = self.first.classes.len() as f64;
        let (kid, frechet) = own;
        MethodNumbers {
            name: name.into(),
            description,
            uses_seed,
            target_rate: metrics::target_rate(&self.classes, &[plan.target_classes.clone()]),
            kid,
            frechet,
            gap_closed_kid: metrics::gap_closed(kid, source.0),
            gap_closed_frechet: metrics::gap_closed(frechet, source.1),
            diversity: self.diversity_sum / n,
            pixel_spread: self.spread_sum / n,
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

/// What one evaluation needs besides its plan: the model, the judge, and where they came from.
pub struct Judged<'a> {
    pub translator: &'a Translator,
    pub weights: &'a Path,
    pub classifier: &'a EfficientNetLite0,
    pub classifier_path: &'a Path,
    pub device: &'a Device,
}

/// The methods every evaluation compares, in the report's order.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    Ace,
    AceNoStyle,
    Identity,
    LabTransfer,
}

const METHODS: [Method; 4] = [Method::Ace, Method::AceNoStyle, Method::Identity, Method::LabTransfer];

impl Method {
    fn name(self) -> &'static str {
        match self {
            Method::Ace => "ace",
            Method::AceNoStyle => "ace_no_style",
            Method::Identity => "identity",
            Method::LabTransfer => "lab_transfer",
        }
    }

    fn description(self, variation: f32) -> String {
        match self {
            Method::Ace => format!("this model: source photo translated with the style photo's code (variation {variation}) at each seed"),
            Method::AceNoStyle => {
                "this model without a style photo: the domain code plus each seed's noise (the page's \"No style (random)\")".into()
            }
            Method::Identity => "the source photo unchanged".into(),
            Method::LabTransfer => "the source photo recoloured to the style photo's CIE Lab mean and std (Reinhard et al. 2001)".into(),
        }
    }

    /// Whether the seed changes the output (a baseline makes one output whatever the seed).
    fn uses_seed(self) -> bool {
        matches!(self, Method::Ace | Method::AceNoStyle)
    }

    fn index(self) -> usize {
        METHODS.iter().position(|m| *m == self).expect("every method is listed")
    }
}

/// The methods' tallies (in `METHODS` order) and what the report and page show of each photo.
struct Translated {
    tallies: Vec<Tally>,
    images: Vec<PerImage>,
    showcase: Vec<ShowcaseRow>,
}

/// Runs the evaluation: the target set through the judge, every source photo through the three
/// methods and the judge, then the numbers.
pub fn evaluate(plan: &EvalPlan, judged: &Judged) -> Result<(EvalReport, Vec<ShowcaseRow>)> {
    let started = Instant::now();
    ensure!(plan.seeds >= 1, "at least one seed is needed");
    ensure!(plan.source.len() >= 2 && plan.target.len() >= 2, "KID needs at least two source and two target photos");
    ensure!(!plan.styles.is_empty(), "no style photos");
    let target = classify_target(plan, judged)?;
    let translated = translate_sources(plan, judged, &draw_styles(plan))?;
    let report = report(plan, judged, &target, &translated, started)?;
    Ok((report, translated.showcase))
}

/// The options every translation uses: one scale for content and style, the evaluation's side.
fn options(plan: &EvalPlan) -> TranslateOptions {
    TranslateOptions {
        max_side: plan.side,
        style_max_side: plan.style_side,
        variation: plan.variation,
        model_side: plan.model_side,
        detail: plan.detail,
        detail_from: plan.detail_from,
        upscale: plan.upscale,
        ..TranslateOptions::default()
    }
}

/// The target test set through the judge: what every method is measured against.
fn classify_target(plan: &EvalPlan, judged: &Judged) -> Result<Classified> {
    let bar = progress(plan.target.len(), plan.show_progress, "target");
    let mut target = Classified { features: Vec::new(), classes: Vec::new() };
    for chunk in plan.target.chunks(32) {
        let pictures = chunk.iter().map(|p| open_photo(p, judged.translator)).collect::<Result<Vec<_>>>()?;
        target.extend(classify(judged.classifier, &pictures.iter().collect::<Vec<_>>(), judged.device)?);
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    Ok(target)
}

/// Each source photo's style photo, drawn once from a seeded stream (the report lists them).
fn draw_styles(plan: &EvalPlan) -> Vec<usize> {
    let mut rng = ChaCha8Rng::seed_from_u64(plan.style_seed);
    plan.source.iter().map(|_| (rng.next_u64() % plan.styles.len() as u64) as usize).collect()
}

/// What the methods use of a style photo, made once per photo.
#[derive(Clone)]
struct StyleEntry {
    code: StyleCode,
    statistics: LabStatistics,
    /// The photo squashed to the evaluation's side, as the page shows it.
    picture: RgbImage,
}

fn style_entry<'c>(cache: &'c mut [Option<StyleEntry>], s: usize, plan: &EvalPlan, judged: &Judged, options: &TranslateOptions) -> Result<&'c StyleEntry> {
    if cache[s].is_none() {
        let style = open_photo(&plan.styles[s], judged.translator)?;
        let code = judged.translator.encode_style(&style, options)?;
        cache[s] = Some(StyleEntry { code, statistics: LabStatistics::of(&style), picture: resize(&style, plan.side, plan.side, FilterType::Triangle) });
    }
    Ok(cache[s].as_ref().expect("filled above"))
}

/// One source photo's outputs by every method (in `METHODS` order; one per seed where the seed counts).
fn outputs_of(source: &RgbImage, style: &StyleEntry, seeds: &[u64], options: &TranslateOptions, translator: &Translator) -> Result<Vec<Vec<RgbImage>>> {
    let translate = |code: Option<&StyleCode>| -> Result<Vec<RgbImage>> {
        Ok(translator.translate_seeds(source, code, seeds, options)?.into_iter().map(|t| t.image).collect())
    };
    METHODS
        .iter()
        .map(|method| match method {
            Method::Ace => translate(Some(&style.code)),
            Method::AceNoStyle => translate(None),
            Method::Identity => Ok(vec![source.clone()]),
            Method::LabTransfer => Ok(vec![transfer(source, &style.statistics)]),
        })
        .collect()
}

/// Every source photo translated at every seed and by both baselines, all judged.
fn translate_sources(plan: &EvalPlan, judged: &Judged, style_of: &[usize]) -> Result<Translated> {
    let side = plan.side;
    let options = options(plan);
    let mut style_cache: Vec<Option<StyleEntry>> = vec![None; plan.styles.len()];
    let seeds: Vec<u64> = (0..plan.seeds).collect();
    let mut out = Translated { tallies: METHODS.iter().map(|_| Tally::new()).collect(), images: Vec::new(), showcase: Vec::new() };
    let bar = progress(plan.source.len(), plan.show_progress, "translate");
    for (path, &s) in plan.source.iter().zip(style_of) {
        let source = resize(&open_photo(path, judged.translator)?, side, side, FilterType::Triangle);
        let style = style_entry(&mut style_cache, s, plan, judged, &options)?;
        let mut outputs = outputs_of(&source, style, &seeds, &options, judged.translator)?;
        // One judge pass per source photo, every method's outputs in order.
        let mut verdicts = classify(judged.classifier, &outputs.iter().flatten().collect::<Vec<_>>(), judged.device)?;
        let mut classes = Vec::new();
        let mut kept = Vec::new();
        for (tally, pictures) in out.tallies.iter_mut().zip(&outputs) {
            let verdict = verdicts.split_front(pictures.len());
            classes.push(verdict.classes.clone());
            let content_kept = metrics::content_kept(&source, &pictures[0]);
            kept.push(content_kept);
            tally.add(verdict, metrics::pixel_spread(pictures), content_kept);
        }
        let of = |method: Method| method.index();
        out.images.push(PerImage {
            source: plan.paths.path(path),
            style: plan.paths.path(&plan.styles[s]),
            ace_classes: classes[of(Method::Ace)].clone(),
            ace_no_style_classes: classes[of(Method::AceNoStyle)].clone(),
            identity_class: classes[of(Method::Identity)][0],
            lab_class: classes[of(Method::LabTransfer)][0],
            ace_content_kept: kept[of(Method::Ace)],
            lab_content_kept: kept[of(Method::LabTransfer)],
        });
        if out.showcase.len() < plan.showcase {
            out.showcase.push(ShowcaseRow {
                source,
                style: style.picture.clone(),
                lab: outputs[of(Method::LabTransfer)].remove(0),
                ace: std::mem::take(&mut outputs[of(Method::Ace)]),
                ace_classes: classes[of(Method::Ace)].clone(),
                lab_class: classes[of(Method::LabTransfer)][0],
                identity_class: classes[of(Method::Identity)][0],
            });
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(out)
}

fn settings(plan: &EvalPlan) -> Settings {
    Settings {
        side: plan.side,
        seeds: plan.seeds,
        style_seed: plan.style_seed,
        classifier_side: super::efficientnet::SIDE,
        target_classes: format!("{}..={}", plan.target_classes.start(), plan.target_classes.end()),
        variation: plan.variation,
        model_side: plan.model_side,
        detail: plan.model_side.map(|_| plan.detail),
        detail_from: (plan.model_side.is_some() && plan.detail_from != ace::DetailFrom::Photo).then(|| plan.detail_from.name()),
        style_side: (plan.style_side != plan.side).then_some(plan.style_side),
        upscale: plan.upscale,
    }
}

/// The numbers of the three methods and the reference, with everything needed to trace them.
fn report(plan: &EvalPlan, judged: &Judged, target: &Classified, t: &Translated, started: Instant) -> Result<EvalReport> {
    // The untranslated photos' distances to the target: the identity baseline's own, computed once.
    let identity = &t.tallies[Method::Identity.index()];
    let source_distances = distances(&identity.first, target)?;
    let variation = options(plan).variation;
    let mut methods = Vec::new();
    for (method, tally) in METHODS.iter().zip(&t.tallies) {
        let own = if *method == Method::Identity { source_distances } else { distances(&tally.first, target)? };
        methods.push(tally.numbers(plan, method.name(), method.description(variation), method.uses_seed(), own, source_distances));
    }
    let reference = Reference {
        source_images: plan.source.len(),
        target_images: plan.target.len(),
        target_rate_of_target: metrics::target_rate(&target.classes, &[plan.target_classes.clone()]),
        target_rate_of_source: metrics::target_rate(&identity.classes, &[plan.target_classes.clone()]),
        source_rate_of_source: metrics::target_rate(&identity.classes, &[plan.source_classes.clone()]),
        kid_source_to_target: source_distances.0,
        frechet_source_to_target: source_distances.1,
    };
    Ok(EvalReport {
        command: plan.command.clone(),
        weights: file_id(judged.weights, &plan.paths)?,
        // Its sha256 was checked against the pinned one when it loaded; no second read.
        classifier: FileId { path: plan.paths.path(judged.classifier_path), sha256: super::efficientnet::WEIGHTS_SHA256.into() },
        settings: settings(plan),
        reference,
        methods,
        target: plan.target.iter().map(|p| plan.paths.path(p)).collect(),
        images: t.images.clone(),
        elapsed_s: started.elapsed().as_secs_f64(),
    })
}
