//! `ace translate`: one photo through a weights file, on the CPU.

use std::path::PathBuf;

use ace::{StyleCode, TranslateOptions};
use anyhow::{Context, Result};
use clap::Args;

#[derive(Args)]
pub struct TranslateArgs {
    /// The weights file (safetensors, from `ace init` or training).
    #[arg(long)]
    pub weights: PathBuf,
    /// The photo whose structure is kept.
    #[arg(long)]
    pub content: PathBuf,
    /// A photo whose look is applied; without it the seed samples a style of the model's domain.
    #[arg(long, conflicts_with = "style_code")]
    pub style: Option<PathBuf>,
    /// The exact style code to decode, comma-separated (as printed by an earlier run): no seed, no
    /// style photo, no strength blending. Reproduces a look, and lets other implementations (the ONNX
    /// parity check) decode the same code.
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true)]
    pub style_code: Option<Vec<f32>>,
    /// Picks one of many plausible outputs.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// 0 reconstructs the content photo, 1 translates fully.
    #[arg(long, default_value_t = 1.0)]
    pub strength: f32,
    /// How far the seed moves a given style.
    #[arg(long, default_value_t = TranslateOptions::default().variation)]
    pub variation: f32,
    /// Content photos with a longer side are downscaled first.
    #[arg(long, default_value_t = 1024)]
    pub max_side: u32,
    /// The side the network works at: a larger output is translated at it and carried up with the
    /// photo's own detail (docs/model.md, "Any size"). Set it to --max-side to run the network at full size.
    #[arg(long, value_name = "PX", default_value_t = ace::pipeline::options::MODEL_SIDE)]
    pub model_side: u32,
    /// How much of the photo's detail band a result carried up from --model-side takes: 1 all of it
    /// (sharp), 0 none (the translation upsampled).
    #[arg(long, default_value_t = TranslateOptions::default().detail)]
    pub detail: f32,
    /// Where that detail comes from: the photo, the network's own translation at the output's size (the
    /// style's rendering of the fine detail; one more pass of the network), the decoder drawing at the
    /// output's size on the translation's own layout (one more pass of the decoder), or the photo gated
    /// pixel by pixel by how closely the translation follows it (guided). The network's and the
    /// decoder's not with --full-size.
    #[arg(long, default_value = "photo", value_name = "photo|network|decoder|guided")]
    pub detail_from: ace::DetailFrom,
    /// The weights file's learned 2x enlargement of a translation carried up to an output at least
    /// twice --model-side (the library's `upscale`).
    #[command(flatten)]
    pub upscale: super::upscale_args::UpscaleArgs,
    /// Return the photo at its own size, however large (a 12-megapixel photo at 12 megapixels): the
    /// network works at --model-side and the result is carried up with the photo's detail; --max-side
    /// then only caps the network's side. No EXIF, GPS or colour profile is copied to the output.
    #[arg(long)]
    pub full_size: bool,
    /// Where to compute: auto picks a GPU when a real one is present.
    #[arg(long, value_enum, default_value = "auto")]
    pub backend: crate::backend::Backend,
    /// Output image (PNG, JPEG, ... by extension).
    #[arg(long)]
    pub out: PathBuf,
    /// Translate this many times and print the median time of all but the first (which includes
    /// shader compilation and autotune): for timing a backend. The last result is written.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=1000), value_name = "N")]
    pub repeat: u32,
}

pub fn run(args: TranslateArgs) -> Result<()> {
    // Everything that can be refused without the model is refused first: the options, the output
    // location, the input files.
    let options = TranslateOptions {
        strength: args.strength,
        variation: args.variation,
        max_side: args.max_side,
        model_side: Some(args.model_side),
        detail: args.detail,
        detail_from: args.detail_from,
        full_size: args.full_size,
        upscale: args.upscale.wanted(),
        ..TranslateOptions::default()
    };
    options.validate()?;
    check_output(&args.out)?;
    let read = |path: &PathBuf| ace::input_file::read(path).with_context(|| format!("reading {}", path.display()));
    let (content, style) = (read(&args.content)?, args.style.as_ref().map(read).transpose()?);
    let translator = super::load_translator(&args.weights, args.backend)?;
    args.upscale.check(&translator, args.detail_from)?;
    let content = translator.decode(&content).with_context(|| format!("the content photo {}", args.content.display()))?;
    let style = match (&style, &args.style) {
        (Some(bytes), Some(path)) => Some(translator.decode(bytes).with_context(|| format!("the style photo {}", path.display()))?),
        _ => None,
    };
    let started = std::time::Instant::now();
    let translate_once = || {
        match &args.style_code {
            Some(code) => {
                // Variation 0 and strength 1: the given code is decoded as it is.
                let exact = TranslateOptions { variation: 0.0, strength: 1.0, ..options };
                translator.translate_with_code(&content, Some(&StyleCode(code.clone())), args.seed, &exact)
            }
            None => translator.translate(&content, style.as_ref(), args.seed, &options),
        }
        .with_context(|| format!("translating {}", args.content.display()))
    };
    let first = translate_once()?;
    let result = if args.repeat > 1 { timed_repeats(args.repeat, started.elapsed().as_secs_f64(), translate_once)? } else { first };
    if let Some(downscaled) = &result.downscaled {
        println!("note: {downscaled}");
    }
    if result.flat {
        eprintln!(
            "warning: the translation is one flat colour although the photo is not: the weights in {} look untrained, zeroed or damaged",
            args.weights.display()
        );
    }
    ace::atomic_file::write_image(&args.out, &result.image).with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "wrote {} ({}x{}) in {:.2} s, seed {}, style code {:?}",
        args.out.display(),
        result.image.width(),
        result.image.height(),
        started.elapsed().as_secs_f64(),
        args.seed,
        result.style.as_slice().iter().map(|v| (v * 1000.0).round() / 1000.0).collect::<Vec<_>>()
    );
    Ok(())
}

/// `--repeat N`: N - 1 more passes after the first (which took `first` seconds, shader compilation and
/// autotune included), and the median of their times. Returns the last pass's result.
fn timed_repeats(repeat: u32, first: f64, translate_once: impl Fn() -> Result<ace::pipeline::Translation>) -> Result<ace::pipeline::Translation> {
    let mut times = Vec::new();
    let mut result = None;
    for _ in 1..repeat {
        let pass = std::time::Instant::now();
        result = Some(translate_once()?);
        times.push(pass.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    let result = result.expect("repeat > 1 made a pass");
    println!(
        "timing: first pass {:.1} ms, then median {:.1} ms over {} passes ({}x{})",
        first * 1e3,
        times[times.len() / 2],
        times.len(),
        result.image.width(),
        result.image.height()
    );
    Ok(result)
}

/// The output must be writable as an image before any work: its folder exists and its extension
/// names a format we can write.
fn check_output(out: &std::path::Path) -> Result<()> {
    let folder = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    anyhow::ensure!(folder.is_dir(), "--out {}: the folder {} does not exist", out.display(), folder.display());
    let format = image::ImageFormat::from_path(out).map_err(|_| anyhow::anyhow!("--out {}: name it .png or .jpg", out.display()))?;
    anyhow::ensure!(
        matches!(format, image::ImageFormat::Png | image::ImageFormat::Jpeg),
        "--out {}: {format:?} is not written; name it .png or .jpg",
        out.display()
    );
    Ok(())
}
