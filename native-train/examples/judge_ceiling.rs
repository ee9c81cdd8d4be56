//! How well the judge (EfficientNet-Lite0, `ace eval`'s classifier) recognises cats and dogs when a
//! photo holds only low-resolution information: each photo is squared to the evaluation's 128 px (as
//! `ace eval` does), shrunk to `side` px and enlarged back, then classified. The share still called a
//! cat (or dog) is the ceiling of a translator whose output keeps only that much detail.
//!
//!   cargo run --release -p ace-train --example judge_ceiling -- <photos> cats|dogs <side>...

use ace_train::eval::classify::{CATS, DOGS, classify};
use ace_train::eval::efficientnet::{EfficientNetLite0, default_path};
use ace_train::eval::metrics::target_rate;
use ace_train::photos::list_images;
use anyhow::{Context, Result, bail};
use burn::tensor::Device;
use image::imageops::{FilterType, resize};

/// The evaluation's translation size (`ace eval --side`).
const EVAL_SIDE: u32 = 128;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [folder, domain, sides @ ..] = args.as_slice() else {
        bail!("usage: judge_ceiling <photos> cats|dogs <side>...");
    };
    let classes = match domain.as_str() {
        "cats" => CATS,
        "dogs" => DOGS,
        other => bail!("domain must be cats or dogs, not {other}"),
    };
    let sides: Vec<u32> = sides.iter().map(|s| s.parse().with_context(|| format!("side {s}"))).collect::<Result<_>>()?;
    let device = Device::flex();
    let judge = EfficientNetLite0::load(&default_path(), &device)?;
    let photos = list_images(folder.as_ref(), usize::MAX)?
        .iter()
        .map(|p| {
            Ok(resize(&image::open(p).with_context(|| p.display().to_string())?.into_rgb8(), EVAL_SIDE, EVAL_SIDE, FilterType::Triangle))
        })
        .collect::<Result<Vec<_>>>()?;
    println!("{} photos in {folder}, counted as {domain}", photos.len());
    for side in sides {
        let shrunk: Vec<_> = photos
            .iter()
            .map(|p| resize(&resize(p, side, side, FilterType::Triangle), EVAL_SIDE, EVAL_SIDE, FilterType::Triangle))
            .collect();
        let judged = classify(&judge, &shrunk.iter().collect::<Vec<_>>(), &device)?;
        println!("{side:>4} px: {:.3} called {domain}", target_rate(&judged.classes, &[classes.clone()]));
    }
    Ok(())
}
