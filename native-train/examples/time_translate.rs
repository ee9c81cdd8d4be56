//! Times one network pass of a weights file on burn's flex CPU backend, the workload the ONNX graph
//! (scripts/check/onnx/build_graph.py) runs: a `side`x`side` photo decoded with a given style code, no
//! style encoding. Used by scripts/check/onnx/bench.py, which runs ONNX Runtime on the same input in the
//! same invocation and reports the ratio. Threads: `RAYON_NUM_THREADS`.
//!
//!   cargo run --release -p ace-train --example time_translate -- <weights> <side> <runs>

use std::time::Instant;

use ace::{TranslateOptions, Translator};
use burn::tensor::Device;

fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let weights = args.get(1).ok_or_else(|| anyhow::anyhow!("usage: time_translate <weights> <side> <runs>"))?;
    let side: u32 = args.get(2).map_or(Ok(256), |s| s.parse())?;
    let runs: usize = args.get(3).map_or(Ok(5), |s| s.parse())?;
    // As the `ace` command line runs (src/memory_reuse.rs; `ACE_GLIBC_DEFAULTS=1` for a program without it).
    ace::keep_freed_memory();
    let translator = Translator::from_file(weights.as_ref(), &Device::flex())?;
    // Built in: the scripts run this binary outside cargo, from a build folder several clones share.
    let photo = image::load_from_memory(include_bytes!("../../assets/samples/chelsea.png"))?.into_rgb8();
    let content = image::imageops::resize(&photo, side, side, image::imageops::FilterType::Triangle);
    let code = translator.domain_code()?;
    // The network at the full side: the ONNX graph's workload.
    let options = TranslateOptions { variation: 0.0, max_side: side, model_side: None, ..TranslateOptions::default() };
    translator.translate_with_code(&content, Some(&code), 0, &options)?; // warm-up
    let mut times: Vec<f64> = (0..runs)
        .map(|_| {
            let start = Instant::now();
            translator.translate_with_code(&content, Some(&code), 0, &options).map(|_| start.elapsed().as_secs_f64() * 1e3)
        })
        .collect::<Result<_, _>>()?;
    times.sort_by(f64::total_cmp);
    println!("{{\"median_ms\": {:.2}, \"runs\": {runs}, \"side\": {side}}}", times[runs / 2]);
    Ok(())
}
