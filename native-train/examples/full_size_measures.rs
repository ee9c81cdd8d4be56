//! The measures of experiments/full-resolution/RULE.md (3) for one full-size output, as one JSON line:
//! fidelity to the direct translation, sharpness against the photo, and the seam score at the joins of
//! a `tile` px grid. Without `--output`, the output measured is bicubic's: the direct translation
//! upscaled (Catmull-Rom) to the photo's size, the rule's reference.
//!
//!   cargo run --release -p ace-train --example full_size_measures -- \
//!       --photo P.jpg --direct direct-1024.png [--output full.png] [--tile 512]

use ace_train::eval::full_size::{fidelity, grid_joins, seam_score, sharpness};
use anyhow::{Context, Result, bail};

fn main() -> Result<()> {
    let (mut photo, mut direct, mut output, mut tile) = (None, None, None, 512u32);
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut value = || args.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--photo" => photo = Some(value()?),
            "--direct" => direct = Some(value()?),
            "--output" => output = Some(value()?),
            "--tile" => tile = value()?.parse()?,
            other => bail!("unknown argument {other}"),
        }
    }
    let open = |path: &str| image::open(path).with_context(|| format!("reading {path}")).map(|i| i.into_rgb8());
    let photo = open(&photo.context("--photo is needed")?)?;
    let direct = open(&direct.context("--direct is needed")?)?;
    let (width, height) = photo.dimensions();
    let output = match &output {
        Some(path) => open(path)?,
        None => image::imageops::resize(&direct, width, height, image::imageops::FilterType::CatmullRom),
    };
    anyhow::ensure!(output.dimensions() == (width, height), "the output is {:?}, the photo {:?}", output.dimensions(), (width, height));
    let joins = grid_joins(width, height, tile);
    println!(
        "{{\"fidelity\": {:.4}, \"sharpness\": {:.4}, \"seams\": {:.4}, \"joins\": {}}}",
        fidelity(&output, &direct),
        sharpness(&output, &photo),
        seam_score(&output, &photo, &joins),
        joins.len()
    );
    Ok(())
}

